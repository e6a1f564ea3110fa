package auth

import (
	"strings"
	"testing"
)

// The dummy hash checked when there is no account must cost what a real hash costs
// (same algorithm and parameters) and match no password.
func TestDummyHashLikeARealOne(t *testing.T) {
	for _, c := range []Cost{DefaultCost, {Time: 1, MemoryKiB: 64}} {
		real, err := hashWith(c, "correct horse")
		if err != nil {
			t.Fatal(err)
		}
		dummy, err := dummyHashWith(c)
		if err != nil {
			t.Fatal(err)
		}
		params := func(h string) string { return strings.Join(strings.Split(h, "$")[:4], "$") }
		if params(dummy) != params(real) {
			t.Fatalf("dummy hash parameters=%q, want %q", params(dummy), params(real))
		}
		if len(dummy) != len(real) {
			t.Fatalf("len(dummy)=%d, want %d like a real hash", len(dummy), len(real))
		}
		for _, pw := range []string{"", "correct horse", "password"} {
			ok, err := VerifyPassword(dummy, pw)
			if err != nil || ok {
				t.Fatalf("VerifyPassword(dummy, %q)=%v, %v; want false, nil", pw, ok, err)
			}
		}
		if other, _ := dummyHashWith(c); other == dummy {
			t.Fatal("two dummy hashes are equal, want a random salt and key each")
		}
	}
}
