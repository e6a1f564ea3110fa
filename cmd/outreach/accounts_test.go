package main

import (
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSecretsNotPrinted reproduces the hole: secrets from the environment were flag
// defaults, printed by --help and by every usage error.
func TestSecretsNotPrinted(t *testing.T) {
	env := map[string]string{"OUTREACH_DATABASE": "postgres://app:hunter2-db@127.0.0.1:1/x", "OUTREACH_SMTP_URL": "smtp://u:hunter2-smtp@mail:587"}
	for _, args := range [][]string{
		{"serve", "--help"}, {"serve", "--no-such-flag"}, {"serve", "--addr", "nonsense"},
		{"user", "add", "--help"}, {"token", "create", "--bogus"}, {"audit", "verify", "--head", "nonsense"},
	} {
		_, stdout, stderr := runCmd(t, env, args...)
		if strings.Contains(stdout+stderr, "hunter2") {
			t.Fatalf("%v printed a secret:\n%s%s", args, stdout, stderr)
		}
	}
	env = map[string]string{"OUTREACH_SMTP_URL_FILE": "/nonexistent/smtp", "OUTREACH_RETENTION": "a while"}
	code, _, stderr := runCmd(t, env, "serve", "--addr", "127.0.0.1:0")
	if code != 2 || !strings.Contains(stderr, "OUTREACH_SMTP_URL_FILE: cannot read") || !strings.Contains(stderr, "OUTREACH_RETENTION") {
		t.Fatalf("bad environment: %d %s, want a usage error naming both", code, stderr)
	}
}

var linkToken = regexp.MustCompile(`token=(osl_[A-Za-z0-9]+)`)

func TestAccountCommands(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"OUTREACH_DATA": data}
	code, stdout, stderr := runCmd(t, env, "user", "add", "--role", "interpreter", "--email", "I@example.org", "--name", "Ina")
	if code != 0 || !linkToken.MatchString(stdout) || strings.Contains(stdout, "password:") {
		t.Fatalf("user add: %d %s %s, want a sign-in link and no password", code, stdout, stderr)
	}
	if code, _, stderr := runCmd(t, env, "user", "add", "--role", "interpreter", "--email", "i@example.org", "--name", "Ina"); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("duplicate: %d %s", code, stderr)
	}
	code, stdout, _ = runCmd(t, env, "token", "create", "--email", "i@example.org")
	if code != 0 || !strings.Contains(stdout, "API token 1 ") {
		t.Fatalf("token create: %d %s", code, stdout)
	}
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"user", "reset", "--email", "i@example.org"}, "token="},
		{[]string{"token", "revoke", "--id", "1"}, "Revoked token 1"},
		{[]string{"token", "list", "--email", "i@example.org"}, "revoked"},
		{[]string{"user", "deactivate", "--email", "i@example.org"}, "is now deactivated"},
		{[]string{"user", "reactivate", "--email", "i@example.org"}, "is now active"},
		{[]string{"user", "role", "--email", "i@example.org", "--role", "coordinator"}, "is now coordinator"},
	}
	for _, s := range steps {
		code, stdout, stderr := runCmd(t, env, s.args...)
		if code != 0 || !strings.Contains(stdout, s.want) {
			t.Fatalf("%v: %d %s %s, want %q", s.args, code, stdout, stderr, s.want)
		}
	}
	if code, _, stderr := runCmd(t, env, "user", "deactivate", "--email", "nobody@example.org"); code != 1 || !strings.Contains(stderr, "no user") {
		t.Fatalf("unknown user: %d %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, env, "token", "revoke"); code != 2 || !strings.Contains(stderr, "--id or --email") {
		t.Fatalf("revoke without a target: %d %s", code, stderr)
	}
}

// TestAuditTruncation reproduces the hole: deleting the newest audit events left a chain
// that verified; with the head kept from before, verify fails.
func TestAuditTruncation(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"OUTREACH_DATA": data}
	for _, email := range []string{"a@example.org", "b@example.org"} {
		if code, _, stderr := runCmd(t, env, "user", "add", "--role", "advocate", "--email", email, "--name", "A"); code != 0 {
			t.Fatalf("user add: %s", stderr)
		}
	}
	code, head, _ := runCmd(t, env, "audit", "head")
	head = strings.TrimSpace(head)
	if code != 0 || !strings.HasPrefix(head, "4:") {
		t.Fatalf("audit head: %d %q", code, head)
	}
	if code, stdout, stderr := runCmd(t, env, "audit", "verify", "--head", head); code != 0 || !strings.Contains(stdout, "intact") {
		t.Fatalf("verify against the head: %d %s %s", code, stdout, stderr)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, "outreach.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DELETE FROM audit_events WHERE seq > 2"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, _, _ := runCmd(t, env, "audit", "verify"); code != 0 {
		t.Fatalf("without a head the cut-back log verifies (as it must: it is a valid chain)")
	}
	if code, _, stderr := runCmd(t, env, "audit", "verify", "--head", head); code != 1 || !strings.Contains(stderr, "ends at event 2, before the head kept at event 4") {
		t.Fatalf("verify after truncation: %d %s, want 1 naming the truncation", code, stderr)
	}
}
