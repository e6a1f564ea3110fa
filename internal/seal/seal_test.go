package seal_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/outreach-project/outreach/internal/seal"
)

func TestSealOpenRotate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "master.key")
	k, created, err := seal.LoadOrCreate(path)
	if err != nil || !created {
		t.Fatalf("LoadOrCreate=%v,%v, want a new key file", created, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", st.Mode().Perm())
	}
	sealed, wrapped, id, err := k.Seal([]byte("Room 12, St. Mary's"), []byte("request:7"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("Room 12")) {
		t.Fatalf("sealed bytes contain the plaintext")
	}
	if _, err := k.Open(sealed, wrapped, id, []byte("request:8")); err == nil {
		t.Fatalf("opened with the wrong associated data: a sealed field moved to another record would decrypt")
	}
	// Rotate: a new current key; the old one still unwraps; re-wrapping moves data keys.
	newID, err := seal.AddKey(path)
	if err != nil || newID == id {
		t.Fatalf("AddKey=%v,%v", newID, err)
	}
	if got, err := k.Open(sealed, wrapped, id, []byte("request:7")); err != nil || string(got) != "Room 12, St. Mary's" {
		t.Fatalf("Open after rotation=%q,%v", got, err)
	}
	k2, created, err := seal.LoadOrCreate(path)
	if err != nil || created || k2.Current() != newID {
		t.Fatalf("reload: current %s created %v err %v", k2.Current(), created, err)
	}
	rewrapped, rid, err := k2.Rewrap(wrapped, id)
	if err != nil || rid != newID {
		t.Fatalf("Rewrap=%v,%v, want the new key %s", rid, err, newID)
	}
	if got, err := k2.Open(sealed, rewrapped, rid, []byte("request:7")); err != nil || string(got) != "Room 12, St. Mary's" {
		t.Fatalf("Open re-wrapped=%q,%v", got, err)
	}
	if _, err := k2.Open(sealed, wrapped, "000000000000", []byte("request:7")); !errors.Is(err, seal.ErrUnknownKey) {
		t.Fatalf("unknown key id: %v", err)
	}
}

func TestKeyFileChecks(t *testing.T) {
	dir := t.TempDir()
	loose := filepath.Join(dir, "loose.key")
	if _, err := seal.AddKey(loose); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(loose, 0o644)
	if _, _, err := seal.LoadOrCreate(loose); err == nil {
		t.Fatalf("a world-readable key file was accepted")
	}
	bad := filepath.Join(dir, "bad.key")
	_ = os.WriteFile(bad, []byte("# comment\nabc notbase64\n"), 0o600)
	if _, _, err := seal.LoadOrCreate(bad); err == nil || !bytes.Contains([]byte(err.Error()), []byte("bad.key:2")) {
		t.Fatalf("bad key line: %v, want the file and line", err)
	}
}

func TestNoKeysRefuses(t *testing.T) {
	if _, _, _, err := seal.NoKeys.Seal([]byte("notes"), nil); !errors.Is(err, seal.ErrNoKeys) {
		t.Fatalf("Seal error=%v, want ErrNoKeys", err)
	}
	if _, err := seal.NoKeys.Open([]byte("x"), []byte("y"), "k", nil); !errors.Is(err, seal.ErrNoKeys) {
		t.Fatalf("Open error=%v, want ErrNoKeys", err)
	}
	if _, _, err := seal.NoKeys.Rewrap([]byte("y"), "k"); !errors.Is(err, seal.ErrNoKeys) {
		t.Fatalf("Rewrap error=%v, want ErrNoKeys", err)
	}
}
