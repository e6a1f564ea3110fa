package config_test

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/outreach-project/outreach/internal/config"
)

func parse(t *testing.T, env map[string]string, args ...string) (*config.Config, error) {
	t.Helper()
	var c config.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	getenv := func(k string) string { return env[k] }
	c.Flags(fs, getenv)
	c.ServeFlags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return &c, c.Validate()
}

func TestDefaults(t *testing.T) {
	c, err := parse(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.Data != "./outreach-data" || c.Content != "" || c.LogFormat != "text" {
		t.Fatalf("defaults=%+v", c)
	}
}

func TestEnvironmentAndFlags(t *testing.T) {
	env := map[string]string{"OUTREACH_ADDR": ":9000", "OUTREACH_DATA": "/tmp/x", "OUTREACH_BASE_URL": "https://outreach.example.org/"}
	c, err := parse(t, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.Data != "/tmp/x" || c.BaseURL != "https://outreach.example.org" {
		t.Fatalf("from env: %+v", c)
	}
	c, _ = parse(t, env, "--addr", "127.0.0.1:1")
	if c.Addr != "127.0.0.1:1" {
		t.Fatalf("Addr=%v, want the flag to win over the environment", c.Addr)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "8080"}, `--addr "8080": want host:port`},
		{[]string{"--data", " "}, "--data must name a directory"},
		{[]string{"--locales", "/nonexistent"}, `--locales "/nonexistent": not a directory`},
		{[]string{"--base-url", "ftp://x"}, "--base-url"},
		{[]string{"--log-level", "loud"}, `--log-level "loud"`},
	}
	for _, tt := range tests {
		_, err := parse(t, nil, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Fatalf("%v: error=%v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestTLSAndProxies(t *testing.T) {
	if _, err := parse(t, nil, "--tls-cert", "c.pem"); err == nil || !strings.Contains(err.Error(), "--tls-cert and --tls-key must both be set") {
		t.Fatalf("cert without key: %v", err)
	}
	c, err := parse(t, nil, "--trusted-proxies", "10.0.0.0/8, 192.0.2.7")
	if err != nil || len(c.TrustedProxies) != 2 || c.TrustedProxies[1].String() != "192.0.2.7/32" {
		t.Fatalf("proxies=%v err=%v", c.TrustedProxies, err)
	}
	if _, err := parse(t, map[string]string{"OUTREACH_TRUSTED_PROXIES": "not-an-ip"}); err == nil || !strings.Contains(err.Error(), "--trusted-proxies") {
		t.Fatalf("bad proxies from env: %v", err)
	}
}

// TestSecretsNotInHelp reproduces the hole: values from the environment were flag
// defaults, so --help and every usage error printed them.
func TestSecretsNotInHelp(t *testing.T) {
	env := map[string]string{"OUTREACH_DATABASE": "postgres://app:hunter2-db@db/outreach", "OUTREACH_SMTP_URL": "smtp://mail:hunter2-smtp@mail:587", "OUTREACH_MAIL_FROM": "a@example.org"}
	for _, args := range [][]string{{"--help"}, {"--no-such-flag"}} {
		var c config.Config
		var out strings.Builder
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(&out)
		getenv := func(k string) string { return env[k] }
		c.Flags(fs, getenv)
		c.ServeFlags(fs, getenv)
		_ = fs.Parse(args)
		if !strings.Contains(out.String(), "-smtp-url") || strings.Contains(out.String(), "hunter2") {
			t.Fatalf("%v printed:\n%s", args, out.String())
		}
	}
	c, err := parse(t, env)
	if err != nil || c.SMTPURL != env["OUTREACH_SMTP_URL"] || c.Database != env["OUTREACH_DATABASE"] {
		t.Fatalf("after Validate: %q %q %v, want the environment's values", c.SMTPURL, c.Database, err)
	}
}

func TestEnvironmentErrorsStopStartUp(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "smtp")
	if err := os.WriteFile(secret, []byte("smtp://u:SECRET@mail:587\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := parse(t, map[string]string{"OUTREACH_SMTP_URL_FILE": secret, "OUTREACH_MAIL_FROM": "a@example.org"})
	if err != nil || c.SMTPURL != "smtp://u:SECRET@mail:587" {
		t.Fatalf("from file: %q %v", c.SMTPURL, err)
	}
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"unreadable file", map[string]string{"OUTREACH_SMTP_URL_FILE": filepath.Join(dir, "missing")}, "OUTREACH_SMTP_URL_FILE: cannot read"},
		{"unreadable database file", map[string]string{"OUTREACH_DATABASE_FILE": dir + "/nope"}, "OUTREACH_DATABASE_FILE"},
		{"malformed duration", map[string]string{"OUTREACH_RETENTION": "ninety days"}, "OUTREACH_RETENTION: not a valid value for --retention"},
		{"malformed link lifetime", map[string]string{"OUTREACH_SIGN_IN_LINK_TTL": "1 day"}, "OUTREACH_SIGN_IN_LINK_TTL"},
		{"bad proxies", map[string]string{"OUTREACH_TRUSTED_PROXIES": "not-an-ip"}, "OUTREACH_TRUSTED_PROXIES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(t, tt.env)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "ninety") {
				t.Fatalf("error=%v, want %q", err, tt.want)
			}
		})
	}
	// The command line wins over a broken variable it overrides.
	if _, err := parse(t, map[string]string{"OUTREACH_RETENTION": "ninety days"}, "--retention", "100h"); err != nil {
		t.Fatalf("flag over a bad variable: %v", err)
	}
}
