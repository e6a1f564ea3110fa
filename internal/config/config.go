package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config is what the serve command (and every command that reads content or data)
// needs.
type Config struct {
	Addr string // listen address, host:port
	// StaffAddr is the listen address of the workflow (API, staff pages); "" shares Addr.
	StaffAddr string
	// StaffBaseURL is where links in messages point; "" means BaseURL or the staff
	// listener.
	StaffBaseURL string
	Data         string // data directory, created if missing
	Database     string // postgres:// URL; "" means SQLite in the data directory
	KeyFile      string // master key file; "" means master.key in the data directory
	// Retention is how long a closed request keeps its sensitive fields.
	Retention time.Duration
	Content   string // content folder; "" means the embedded default
	Locales   string // locales folder; "" means the embedded default
	Site      string // site file; "" means site.toml in the content folder
	BaseURL   string // public base URL for absolute links; "" means from the request
	// TLS: serve terminates TLS itself when both are set.
	TLSCert, TLSKey string
	// TrustedProxies are the networks of reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto headers are believed.
	TrustedProxies []*net.IPNet

	// Notification channels: SMTP URL and From address; gateway webhook URL and the
	// file holding its signing secret.
	SMTPURL           string
	MailFrom          string
	WebhookURL        string
	WebhookSecretFile string

	LogFormat string // "text" or "json"
	LogLevel  string // "debug", "info", "warn" or "error"
	// LinkTTL is how long an invitation or password-reset link works.
	LinkTTL time.Duration

	// fs and getenv apply the environment after parsing (see Validate).
	fs         *flag.FlagSet
	getenv     Getenv
	envApplied bool
}

// Getenv looks up an environment variable; os.Getenv in main, a map in tests.
type Getenv func(string) string

// Flags registers the flags shared by the commands that read content and data on fs.
// Defaults shown by --help are fixed values, never the environment's (which may hold
// secrets); Validate, after fs.Parse, applies OUTREACH_* variables to every flag the
// command line did not set.
func (c *Config) Flags(fs *flag.FlagSet, getenv Getenv) {
	c.fs, c.getenv = fs, getenv
	str := func(p *string, name, def, usage string) {
		fs.StringVar(p, name, def, fmt.Sprintf("%s (env %s)", usage, envName(name)))
	}
	str(&c.Data, "data", "./outreach-data", "data `directory`, created if missing")
	str(&c.Database, "database", "", "PostgreSQL `URL` (postgres://user:pass@host/db) shared by several instances (default: SQLite in the data directory; env OUTREACH_DATABASE_FILE names a file holding it)")
	str(&c.KeyFile, "key-file", "", "master key `file` that seals confidential fields at rest (default: master.key in the data directory, created 0600 if missing)")
	fs.DurationVar(&c.Retention, "retention", 90*24*time.Hour, "how long a closed request keeps its confidential fields before they are destroyed, e.g. 2160h (env OUTREACH_RETENTION)")
	fs.DurationVar(&c.LinkTTL, "sign-in-link-ttl", 24*time.Hour, "how long an invitation or password-reset link works (env OUTREACH_SIGN_IN_LINK_TTL)")
	str(&c.Content, "content", "", "pamphlet content `directory` (default: the built-in content)")
	str(&c.Locales, "locales", "", "UI strings `directory` (default: the built-in locales)")
	str(&c.Site, "site", "", "site `file` with the deployment's facts (default: site.toml in the content directory)")
	str(&c.LogFormat, "log-format", "text", "log format: text or json")
	str(&c.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
}

// ServeFlags registers the flags only serve has.
func (c *Config) ServeFlags(fs *flag.FlagSet, getenv Getenv) {
	c.fs, c.getenv = fs, getenv
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "listen address `host:port` (env OUTREACH_ADDR)")
	fs.StringVar(&c.StaffAddr, "staff-addr", "", "separate listen address `host:port` for the interpreter-request API and staff pages, e.g. on an internal network (env OUTREACH_STAFF_ADDR; default: shared with --addr)")
	fs.StringVar(&c.StaffBaseURL, "staff-base-url", "", "`URL` of the staff pages for links in messages (env OUTREACH_STAFF_BASE_URL; default: --base-url, or the staff listener)")
	fs.StringVar(&c.BaseURL, "base-url", "", "public `URL` of the site for absolute links, e.g. https://outreach.example.org (env OUTREACH_BASE_URL; default: from each request)")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "TLS certificate `file` (PEM); with --tls-key, serve speaks HTTPS itself (env OUTREACH_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", "", "TLS private key `file` (PEM) (env OUTREACH_TLS_KEY)")
	fs.Func("trusted-proxies", "comma-separated `CIDRs` of reverse proxies whose X-Forwarded-For/-Proto headers are trusted (env OUTREACH_TRUSTED_PROXIES)", c.parseProxies)
	fs.StringVar(&c.SMTPURL, "smtp-url", "", "SMTP server for email notifications, smtp://user:pass@host:587 (STARTTLS) or smtps://…:465 (env OUTREACH_SMTP_URL or OUTREACH_SMTP_URL_FILE)")
	fs.StringVar(&c.MailFrom, "mail-from", "", "From `address` of notification emails (env OUTREACH_MAIL_FROM)")
	fs.StringVar(&c.WebhookURL, "webhook-url", "", "`URL` of the SMS/voice/push gateway webhook (env OUTREACH_WEBHOOK_URL)")
	fs.StringVar(&c.WebhookSecretFile, "webhook-secret-file", "", "`file` holding the webhook's HMAC-SHA256 signing secret (env OUTREACH_WEBHOOK_SECRET_FILE)")
}

// secretFlags may also come from a file named by their variable with _FILE appended.
var secretFlags = map[string]bool{"database": true, "smtp-url": true}

// envName is a flag's environment variable: --staff-addr is OUTREACH_STAFF_ADDR.
func envName(flagName string) string {
	return "OUTREACH_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyEnv sets every flag the command line left alone from its variable (or, for a
// secret, from the file its _FILE variable names). A value that does not parse or a file
// that cannot be read is an error naming the variable, never the value.
func (c *Config) applyEnv() error {
	if c.fs == nil || c.getenv == nil || c.envApplied {
		return nil
	}
	c.envApplied = true
	set := map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	c.fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		name := envName(f.Name)
		v := c.getenv(name)
		if v == "" && secretFlags[f.Name] {
			if file := c.getenv(name + "_FILE"); file != "" {
				b, err := os.ReadFile(file)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s_FILE: cannot read %s: %w", name, file, errors.Unwrap(err)))
					return
				}
				if v = strings.TrimSpace(string(b)); v == "" {
					errs = append(errs, fmt.Errorf("%s_FILE: %s is empty", name, file))
					return
				}
			}
		}
		if v == "" {
			return
		}
		if err := f.Value.Set(v); err != nil {
			errs = append(errs, fmt.Errorf("%s: not a valid value for --%s", name, f.Name))
		}
	})
	return errors.Join(errs...)
}

// Validate applies the environment to flags the command line did not set, then checks
// the values and says precisely what is wrong.
func (c *Config) Validate() error {
	if err := c.applyEnv(); err != nil {
		return err
	}
	var errs []error
	for _, a := range []struct{ flag, addr string }{{"--addr", c.Addr}, {"--staff-addr", c.StaffAddr}} {
		if a.addr == "" {
			continue
		}
		if _, port, err := net.SplitHostPort(a.addr); err != nil || port == "" {
			errs = append(errs, fmt.Errorf("%s %q: want host:port, e.g. 127.0.0.1:8080 or :8080", a.flag, a.addr))
		}
	}
	if strings.TrimSpace(c.Data) == "" {
		errs = append(errs, errors.New("--data must name a directory"))
	}
	for _, d := range []struct{ flag, dir string }{{"--content", c.Content}, {"--locales", c.Locales}} {
		if d.dir == "" {
			continue
		}
		if st, err := os.Stat(d.dir); err != nil || !st.IsDir() {
			errs = append(errs, fmt.Errorf("%s %q: not a directory", d.flag, d.dir))
		}
	}
	if c.Database != "" && !strings.HasPrefix(c.Database, "postgres://") && !strings.HasPrefix(c.Database, "postgresql://") {
		errs = append(errs, errors.New("--database: want a postgres:// URL, or nothing for SQLite in the data directory"))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("--base-url %q: want an absolute http or https URL", c.BaseURL))
		}
		c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key must both be set"))
	}
	if (c.WebhookURL == "") != (c.WebhookSecretFile == "") {
		errs = append(errs, errors.New("--webhook-url and --webhook-secret-file must be set together"))
	}
	if c.SMTPURL != "" && c.MailFrom == "" {
		errs = append(errs, errors.New("--mail-from is required with --smtp-url"))
	}
	if c.Retention < time.Hour {
		errs = append(errs, errors.New("--retention: at least 1h"))
	}
	if c.LinkTTL < 10*time.Minute || c.LinkTTL > 7*24*time.Hour {
		errs = append(errs, errors.New("--sign-in-link-ttl: between 10m and 168h"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
}

// MasterKeyFile is the key file in use: --key-file, or master.key in the data directory.
func (c *Config) MasterKeyFile() string {
	if c.KeyFile != "" {
		return c.KeyFile
	}
	return filepath.Join(c.Data, "master.key")
}

// parseProxies reads comma-separated CIDRs (a bare address is a /32 or /128).
func (c *Config) parseProxies(v string) error {
	c.TrustedProxies = nil
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			if ip := net.ParseIP(part); ip != nil && ip.To4() != nil {
				part += "/32"
			} else {
				part += "/128"
			}
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return fmt.Errorf("--trusted-proxies: %q is not an address or CIDR", part)
		}
		c.TrustedProxies = append(c.TrustedProxies, n)
	}
	return nil
}
