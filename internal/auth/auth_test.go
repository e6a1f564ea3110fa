package auth_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/outreach-project/outreach/internal/auth"
)

func TestPasswordHashing(t *testing.T) {
	hash, err := auth.HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Fatalf("hash=%q, want argon2id PHC", hash)
	}
	if ok, err := auth.VerifyPassword(hash, "correct horse"); !ok || err != nil {
		t.Fatalf("Verify(right)=%v,%v, want true", ok, err)
	}
	if ok, _ := auth.VerifyPassword(hash, "correct horsf"); ok {
		t.Fatalf("Verify(wrong)=true")
	}
	other, _ := auth.HashPassword("correct horse")
	if other == hash {
		t.Fatalf("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=1,t=1$x$y", "$argon2i$v=19$m=65536,t=2,p=2$c2FsdA$a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$a2V5"} {
		if _, err := auth.VerifyPassword(bad, "x"); err == nil {
			t.Fatalf("Verify(%q) accepted a malformed hash", bad)
		}
	}
}

func TestTokens(t *testing.T) {
	tok, hash := auth.NewToken()
	if !strings.HasPrefix(tok, "otk_") || len(tok) != 44 {
		t.Fatalf("token=%q, want otk_ and 40 characters", tok)
	}
	if !bytes.Equal(auth.HashToken(tok), hash) {
		t.Fatalf("HashToken differs from the hash NewToken returned")
	}
	tok2, _ := auth.NewToken()
	if tok2 == tok {
		t.Fatalf("two tokens are equal")
	}
	if p := auth.NewPassword(); len(p) != 20 || strings.ContainsAny(p, "0O1lI") {
		t.Fatalf("password=%q, want 20 unambiguous characters", p)
	}
}

func TestParseRoleAndEmail(t *testing.T) {
	if r, err := auth.ParseRole("coordinator"); err != nil || r != auth.Coordinator {
		t.Fatalf("ParseRole=%v,%v", r, err)
	}
	if _, err := auth.ParseRole("root"); err == nil {
		t.Fatalf("ParseRole(root) succeeded")
	}
	if e, err := auth.NormalizeEmail("  Ana@Example.ORG "); err != nil || e != "ana@example.org" {
		t.Fatalf("NormalizeEmail=%v,%v", e, err)
	}
	for _, bad := range []string{"", "ana", "Ana <ana@example.org>", "a@b@c"} {
		if _, err := auth.NormalizeEmail(bad); err == nil {
			t.Fatalf("NormalizeEmail(%q) succeeded", bad)
		}
	}
}

func TestContext(t *testing.T) {
	u := &auth.User{ID: 7, Role: auth.Advocate}
	if got := auth.UserFromContext(auth.NewContextWithUser(context.Background(), u)); got != u {
		t.Fatalf("UserFromContext=%v, want %v", got, u)
	}
	if auth.UserFromContext(context.Background()) != nil {
		t.Fatalf("UserFromContext on an empty context is not nil")
	}
	if !u.Is(auth.Coordinator, auth.Advocate) || u.Is(auth.Admin) {
		t.Fatalf("Is gives wrong answers")
	}
}

func TestCanResetPassword(t *testing.T) {
	u := func(id int64, r auth.Role) *auth.User { return &auth.User{ID: id, Role: r, Active: true} }
	tests := []struct {
		actor, target *auth.User
		want          bool
	}{
		{u(1, auth.Admin), u(2, auth.Coordinator), true},
		{u(1, auth.Admin), u(1, auth.Admin), false},
		{u(1, auth.Coordinator), u(2, auth.Interpreter), true},
		{u(1, auth.Coordinator), u(2, auth.Advocate), true},
		{u(1, auth.Coordinator), u(2, auth.Coordinator), false},
		{u(1, auth.Coordinator), u(2, auth.Admin), false},
		{u(1, auth.Advocate), u(2, auth.Interpreter), false},
		{&auth.User{ID: 1, Role: auth.Admin}, u(2, auth.Advocate), false}, // inactive admin
	}
	for _, tt := range tests {
		if got := auth.CanResetPassword(tt.actor, tt.target); got != tt.want {
			t.Fatalf("CanResetPassword(%s %d, %s %d)=%v, want %v", tt.actor.Role, tt.actor.ID, tt.target.Role, tt.target.ID, got, tt.want)
		}
	}
}
