package seal

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Keyring holds the master keys from a key file: the first is current (it wraps new
// data keys), the others still unwrap data keys wrapped before a rotation.
type Keyring struct {
	path    string
	mu      sync.RWMutex
	keys    map[string][]byte
	current string
}

// ErrUnknownKey is returned for data wrapped by a master key the key file no longer has.
var ErrUnknownKey = errors.New("seal: unknown master key")

// LoadOrCreate reads the key file at path, creating it with a new key (mode 0600) when it
// does not exist; created says so, so that the operator can be told where it is.
func LoadOrCreate(path string) (k *Keyring, created bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, fmt.Errorf("seal: key file: %w", err)
		}
		if _, err := AddKey(path); err != nil {
			return nil, false, err
		}
		created = true
	}
	k = &Keyring{path: path}
	if err := k.reload(); err != nil {
		return nil, false, err
	}
	return k, created, nil
}

// AddKey puts a new random master key first in the key file (creating it, mode 0600) and
// returns its id. Running processes pick it up when they meet data wrapped by it.
func AddKey(path string) (string, error) {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("seal: key file: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("seal: new key: %w", err)
	}
	id := keyID(key)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s\n", id, base64.StdEncoding.EncodeToString(key))
	b.Write(withoutHeader(old))
	content := append([]byte("# Outreach master keys: the first wraps new data keys. Keep this file secret and backed up\n# apart from the database: without it, sealed fields cannot be read.\n"), b.Bytes()...)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, content, 0o600); err != nil {
		return "", fmt.Errorf("seal: write key file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("seal: write key file: %w", err)
	}
	return id, nil
}

func withoutHeader(b []byte) []byte {
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if !strings.HasPrefix(line, "#") {
			out.WriteString(line)
		}
	}
	return out.Bytes()
}

func keyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:6])
}

func (k *Keyring) reload() error {
	f, err := os.Open(k.path)
	if err != nil {
		return fmt.Errorf("seal: key file: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("seal: key file %s is readable by others (mode %v): chmod 600 it", k.path, st.Mode().Perm())
	}
	keys, current := map[string][]byte{}, ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, enc, ok := strings.Cut(line, " ")
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
		if !ok || err != nil || len(key) != 32 || keyID(key) != id {
			return fmt.Errorf("seal: %s:%d: not a key line (\"<id> <base64 of 32 bytes>\")", k.path, n)
		}
		keys[id] = key
		if current == "" {
			current = id
		}
	}
	if current == "" {
		return fmt.Errorf("seal: %s has no key", k.path)
	}
	k.mu.Lock()
	k.keys, k.current = keys, current
	k.mu.Unlock()
	return nil
}

// Current is the id of the key that wraps new data keys.
func (k *Keyring) Current() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.current
}

func (k *Keyring) master(id string) ([]byte, error) {
	k.mu.RLock()
	key, ok := k.keys[id]
	k.mu.RUnlock()
	if ok {
		return key, nil
	}
	// Another process may have rotated the key file since it was read.
	if err := k.reload(); err != nil {
		return nil, err
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	if key, ok := k.keys[id]; ok {
		return key, nil
	}
	return nil, ErrUnknownKey
}

// Seal encrypts plaintext with a new data key and returns the sealed bytes, the data key
// wrapped by the current master key, and that master key's id.
func (k *Keyring) Seal(plaintext, aad []byte) (sealed, wrapped []byte, keyID string, err error) {
	dataKey := make([]byte, 32)
	if _, err := rand.Read(dataKey); err != nil {
		return nil, nil, "", fmt.Errorf("seal: data key: %w", err)
	}
	if sealed, err = gcmSeal(dataKey, plaintext, aad); err != nil {
		return nil, nil, "", err
	}
	id := k.Current()
	master, err := k.master(id)
	if err != nil {
		return nil, nil, "", err
	}
	if wrapped, err = gcmSeal(master, dataKey, []byte(id)); err != nil {
		return nil, nil, "", err
	}
	return sealed, wrapped, id, nil
}

// Open decrypts what Seal returned. aad must be the same as at sealing.
func (k *Keyring) Open(sealed, wrapped []byte, keyID string, aad []byte) ([]byte, error) {
	master, err := k.master(keyID)
	if err != nil {
		return nil, err
	}
	dataKey, err := gcmOpen(master, wrapped, []byte(keyID))
	if err != nil {
		return nil, fmt.Errorf("seal: unwrap data key: %w", err)
	}
	return gcmOpen(dataKey, sealed, aad)
}

// Rewrap re-encrypts a wrapped data key under the current master key.
func (k *Keyring) Rewrap(wrapped []byte, keyID string) ([]byte, string, error) {
	master, err := k.master(keyID)
	if err != nil {
		return nil, "", err
	}
	dataKey, err := gcmOpen(master, wrapped, []byte(keyID))
	if err != nil {
		return nil, "", fmt.Errorf("seal: unwrap data key: %w", err)
	}
	id := k.Current()
	cur, err := k.master(id)
	if err != nil {
		return nil, "", err
	}
	out, err := gcmSeal(cur, dataKey, []byte(id))
	return out, id, err
}

func gcmSeal(key, plaintext, aad []byte) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: nonce: %w", err)
	}
	return aead.Seal(nonce, nonce, plaintext, aad), nil
}

func gcmOpen(key, sealed, aad []byte) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < aead.NonceSize() {
		return nil, errors.New("seal: sealed data too short")
	}
	out, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], aad)
	if err != nil {
		return nil, errors.New("seal: data does not authenticate")
	}
	return out, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("seal: cipher: %w", err)
	}
	return cipher.NewGCM(block)
}
