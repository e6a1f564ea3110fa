package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

func runCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr, func(k string) string { return env[k] })
	return code, stdout.String(), stderr.String()
}

func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "serve"},
		{[]string{"serve", "--help"}, "-addr host:port"},
		{[]string{"content", "check", "--help"}, "missing, stale"},
		{[]string{"content", "--help"}, "content check"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCmd(t, nil, tt.args...)
		if code != 0 || !strings.Contains(stdout+stderr, tt.want) {
			t.Fatalf("%v: code=%d, want 0 and %q in:\n%s%s", tt.args, code, tt.want, stdout, stderr)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "Usage:"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"serve", "--no-such-flag"}, "no-such-flag"},
		{[]string{"serve", "--addr", "nonsense"}, `--addr "nonsense": want host:port`},
		{[]string{"serve", "--log-format", "xml"}, `--log-format "xml"`},
		{[]string{"serve", "--content", "/does/not/exist"}, `--content "/does/not/exist": not a directory`},
		{[]string{"serve", "--base-url", "example.org"}, "--base-url"},
		{[]string{"content"}, "outreach content check"},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, nil, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Fatalf("%v: code=%d stderr=%q, want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestContentCheckDefault(t *testing.T) {
	code, stdout, stderr := runCmd(t, nil, "content", "check", "-v")
	if code != 0 {
		t.Fatalf("content check: code=%d\n%s", code, stderr)
	}
	for _, want := range []string{"OK: 12 pamphlets", "locale", "fa-AF"} {
		if !strings.Contains(stdout, want) {
			t.Fatalf("content check output has no %q:\n%s", want, stdout)
		}
	}
}

func TestContentCheckNamesFileAndLine(t *testing.T) {
	code, _, stderr := runCmd(t, map[string]string{"OUTREACH_CONTENT": "testdata/broken"}, "content", "check")
	if code != 1 || !strings.Contains(stderr, "testdata/broken/a/en.md:10: unknown placeholder {{phone.ghost}}") {
		t.Fatalf("code=%d stderr=%q, want 1 and the file and line", code, stderr)
	}
}

func TestServeRefusesBadContent(t *testing.T) {
	code, _, stderr := runCmd(t, nil, "serve", "--content", "testdata/broken", "--data", t.TempDir(), "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(stderr, "a/en.md:10:") {
		t.Fatalf("code=%d stderr=%q, want start-up to stop with the file and line", code, stderr)
	}
}

func TestKeyRotate(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"OUTREACH_DATA": data}
	for i := 0; i < 2; i++ {
		code, stdout, stderr := runCmd(t, env, "key", "rotate")
		if code != 0 || !strings.Contains(stdout, "is now current") {
			t.Fatalf("key rotate: %d %s %s", code, stdout, stderr)
		}
	}
	keyFile, _ := os.ReadFile(filepath.Join(data, "master.key"))
	if n := strings.Count(string(keyFile), "\n") - strings.Count(string(keyFile), "#"); n != 3 {
		t.Fatalf("key file has %d keys after creating one and rotating twice, want 3:\n%s", n, keyFile)
	}
}

func TestAuditVerifyFindsTampering(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"OUTREACH_DATA": data}
	for _, email := range []string{"a@example.org", "b@example.org"} {
		if code, _, stderr := runCmd(t, env, "user", "add", "--role", "advocate", "--email", email, "--name", "A"); code != 0 {
			t.Fatalf("user add: %s", stderr)
		}
	}
	if code, stdout, _ := runCmd(t, env, "audit", "verify"); code != 0 || !strings.Contains(stdout, "intact: 4 events") {
		t.Fatalf("verify: %d %s", code, stdout)
	}
	if code, stdout, _ := runCmd(t, env, "audit", "export"); code != 0 || strings.Count(stdout, "\n") != 4 || !strings.Contains(stdout, `"action":"user.add"`) {
		t.Fatalf("export: %d %s", code, stdout)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, "outreach.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE audit_events SET detail = 'nothing happened' WHERE seq = 1"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if code, _, stderr := runCmd(t, env, "audit", "verify"); code != 1 || !strings.Contains(stderr, "event 1 was changed") {
		t.Fatalf("verify after tampering: %d %s, want 1 naming event 1", code, stderr)
	}
}
