package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// Role is what a user does in the program.
type Role string

// Roles.
const (
	Advocate    Role = "advocate"    // requests interpreters for victims
	Interpreter Role = "interpreter" // answers offers
	Coordinator Role = "coordinator" // runs the roster, policies and the open-request board
	Admin       Role = "admin"       // manages accounts and the deployment
)

// Roles lists every role.
var Roles = []Role{Advocate, Interpreter, Coordinator, Admin}

// ParseRole accepts a role's name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q: want advocate, interpreter, coordinator or admin", s)
}

// User is an account.
type User struct {
	ID              int64
	Email           string
	Name            string
	Role            Role
	PasswordHash    string
	Phone           string // E.164, for the SMS/voice gateway; "" for none
	Active          bool
	LockedUntil     time.Time // zero unless repeated failed sign-ins locked the account
	PreferredLocale string
	CreatedAt       time.Time
	// CreatedBy is the user who created the account; 0 for the command line.
	CreatedBy int64
	// SessionEpoch goes up whenever every session of the account must end (a reset, a
	// password change, a deactivation); a session remembers the epoch it began in.
	SessionEpoch int64
}

// Is reports whether the user has one of roles.
func (u *User) Is(roles ...Role) bool {
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

// NormalizeEmail lower-cases and checks an address.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s, "@") {
		return "", fmt.Errorf("%q is not an email address", s)
	}
	return s, nil
}

// argon2id parameters: OWASP's recommended minimum is m=19 MiB, t=2; these are above it
// and take about 50 ms on the project's machine.
const (
	argonTime    = 2
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Cost is an argon2id work factor: passes over memory KiB.
type Cost struct{ Time, MemoryKiB uint32 }

// DefaultCost is the cost of every password hash the program makes.
var DefaultCost = Cost{Time: argonTime, MemoryKiB: argonMemory}

// HashPassword returns an argon2id hash in the PHC string format, at DefaultCost.
func HashPassword(password string) (string, error) { return hashWith(DefaultCost, password) }

func hashWith(c Cost, password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	return formatHash(c, salt, argon2.IDKey([]byte(password), salt, c.Time, c.MemoryKiB, argonThreads, argonKeyLen)), nil
}

// dummyHashWith is a hash at cost c that no password matches: a random salt and a
// random key. Verifying a password against it costs what verifying against a real hash
// of that cost does, and making it costs nothing.
func dummyHashWith(c Cost) (string, error) {
	b := make([]byte, argonSaltLen+argonKeyLen)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: dummy hash: %w", err)
	}
	return formatHash(c, b[:argonSaltLen], b[argonSaltLen:]), nil
}

// formatHash writes an argon2id hash in the PHC string format.
func formatHash(c Cost, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.MemoryKiB, c.Time, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// ErrMalformedHash is returned for a stored hash that is not argon2id PHC.
var ErrMalformedHash = errors.New("auth: malformed password hash")

// VerifyPassword reports whether password matches hash, in constant time.
func VerifyPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformedHash
	}
	var version int
	var memory, iterations uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrMalformedHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &iterations, &threads); err != nil || memory == 0 || iterations == 0 || threads == 0 || memory > 1<<22 {
		return false, ErrMalformedHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, ErrMalformedHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false, ErrMalformedHash
	}
	got := argon2.IDKey([]byte(password), salt, iterations, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// passwordAlphabet leaves out look-alikes (0/O, 1/l/I) for passwords read aloud or copied
// from a screen.
const passwordAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewPassword returns a random one-time password of 20 characters (about 115 bits).
func NewPassword() string {
	return randomString(20, passwordAlphabet)
}

// tokenPrefix marks Outreach API tokens, so that secret scanners can find leaked ones.
const tokenPrefix = "otk_"

// NewToken returns a new API token and the hash to store; only the hash is kept.
func NewToken() (token string, hash []byte) {
	token = tokenPrefix + randomString(40, passwordAlphabet)
	return token, HashToken(token)
}

// HashToken hashes a presented token for lookup. Tokens have 230 bits of entropy, so a
// fast hash is enough: there is nothing to brute-force.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	limit := byte(256 - 256%len(alphabet)) // reject bytes that would bias the result
	buf := make([]byte, 1)
	for i := 0; i < n; {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		if buf[0] >= limit {
			continue
		}
		b[i] = alphabet[int(buf[0])%len(alphabet)]
		i++
	}
	return string(b)
}

type ctxKey struct{}

// NewContextWithUser returns ctx carrying the authenticated user.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, ctxKey{}, u)
}

// UserFromContext returns the authenticated user, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(ctxKey{}).(*User)
	return u
}

// Locked reports whether the account is locked at now.
func (u *User) Locked(now time.Time) bool { return now.Before(u.LockedUntil) }

// CanResetPassword says whether actor may reset target's password: admins anyone but
// themselves, coordinators advocates and interpreters. (Nobody resets their own here:
// that is a sign-in's job, and it keeps a stolen session from taking over an account.)
func CanResetPassword(actor, target *User) bool {
	if actor == nil || target == nil || actor.ID == target.ID || !actor.Active {
		return false
	}
	switch actor.Role {
	case Admin:
		return true
	case Coordinator:
		return target.Role == Advocate || target.Role == Interpreter
	}
	return false
}
