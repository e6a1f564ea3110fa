// Package app wires the program together: content, data, services and the HTTP server,
// from one Config. The command and the end-to-end tests and benchmarks build it the same
// way, so what they test is what runs.
package app

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/jobs"
	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/notify"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/seal"
	"github.com/outreach-project/outreach/internal/site"
	"github.com/outreach-project/outreach/internal/store"
	"github.com/outreach-project/outreach/server/public"
	"github.com/outreach-project/outreach/server/staff"
	"github.com/outreach-project/outreach/server/web"
)

// Content is the loaded content every command works with.
type Content struct {
	Site      *site.Site
	Locales   *locale.Registry
	Pamphlets *pamphlet.Catalog
	UI        *i18n.Catalog
	Kiosks    *kiosk.Config // the content folder's kiosks.toml, or one default kiosk
}

// LoadContent reads the site file, locales, UI strings and pamphlets named by cfg (the
// embedded defaults where cfg names none). Problems name the file and line.
func LoadContent(cfg *config.Config) (*Content, error) {
	contentFS, contentLabel := outreach.Content(), "content"
	if cfg.Content != "" {
		contentFS, contentLabel = os.DirFS(cfg.Content), cfg.Content
	}
	localesFS := outreach.Locales()
	if cfg.Locales != "" {
		localesFS = os.DirFS(cfg.Locales)
	}
	s, err := loadSite(cfg, contentFS, contentLabel)
	if err != nil {
		return nil, err
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		return nil, fmt.Errorf("site file: %w", err)
	}
	if _, ok := reg.Get(s.SourceLocale); !ok {
		return nil, fmt.Errorf("site file: source_locale %q is not a configured locale id", s.SourceLocale)
	}
	// The UI strings and kiosks load while the pamphlets render; errors are reported in
	// the order the parts are listed, as if they had loaded one after the other.
	var (
		ui               *i18n.Catalog
		kiosks           *kiosk.Config
		uiErr, kioskErr  error
		uiAndKiosksReady = make(chan struct{})
	)
	go func() {
		defer close(uiAndKiosksReady)
		if ui, uiErr = i18n.Load(localesFS, reg); uiErr == nil {
			kiosks, kioskErr = kiosk.LoadContent(contentFS, contentLabel, s.Name, reg)
		}
	}()
	cat, err := loadPamphlets(contentFS, contentLabel, s, reg)
	<-uiAndKiosksReady
	for _, err := range []error{uiErr, err, kioskErr} {
		if err != nil {
			return nil, err
		}
	}
	return &Content{Site: s, Locales: reg, Pamphlets: cat, UI: ui, Kiosks: kiosks}, nil
}

// loadPamphlets loads and renders the pamphlets; problems name files by their path
// under contentLabel.
func loadPamphlets(contentFS fs.FS, contentLabel string, s *site.Site, reg *locale.Registry) (*pamphlet.Catalog, error) {
	cat, err := pamphlet.Load(contentFS, s, reg)
	if problems, ok := err.(pamphlet.Problems); ok {
		for i := range problems {
			problems[i].File = filepath.Join(contentLabel, problems[i].File)
		}
		return nil, fmt.Errorf("content has %d problem(s):\n%w", len(problems), problems)
	}
	return cat, err
}

func loadSite(cfg *config.Config, contentFS fs.FS, contentLabel string) (*site.Site, error) {
	if cfg.Site != "" {
		data, err := os.ReadFile(cfg.Site)
		if err != nil {
			return nil, fmt.Errorf("site file: %w", err)
		}
		return site.Parse(cfg.Site, data)
	}
	data, err := fs.ReadFile(contentFS, "site.toml")
	if err != nil {
		return nil, fmt.Errorf("site file: %w", err)
	}
	return site.Parse(filepath.Join(contentLabel, "site.toml"), data)
}

// NewLogger builds the structured logger: text for people, JSON for collectors. Lines
// of requests that succeeded are buffered for up to 100 ms (see logBuffer).
func NewLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	b := &logBuffer{w: w}
	if cfg.LogFormat == "json" {
		return slog.New(splitHandler{buffered: slog.NewJSONHandler(b, opts), now: slog.NewJSONHandler(direct{b}, opts), lines: b, json: true})
	}
	return slog.New(splitHandler{buffered: slog.NewTextHandler(b, opts), now: slog.NewTextHandler(direct{b}, opts), lines: b})
}

// Data is an open database with the services on it and the job runner that works
// their jobs. The runner is not started.
type Data struct {
	*store.Opened
	Dispatch *dispatch.Service
	Notify   *notify.Service
	// Jobs works escalation deadlines, deliveries and the retention sweep once started.
	Jobs    *jobs.Runner
	Metrics *prometheus.Registry
	// Auth is the account service.
	Auth *auth.Service
}

// OpenData opens and migrates the database cfg names, sealed with the master keys, and
// builds the services and the job runner on it; baseURL is where links in messages
// point.
func OpenData(ctx context.Context, cfg *config.Config, c *Content, baseURL string, logger *slog.Logger) (*Data, error) {
	keys, created, err := seal.LoadOrCreate(cfg.MasterKeyFile())
	if err != nil {
		return nil, err
	}
	o, err := store.Open(ctx, cfg.Database, cfg.Data, keys, logger)
	if err != nil {
		if created {
			// Nothing was sealed with the new key: a database that never opened leaves
			// no key file behind to be mistaken for its key later.
			_ = os.Remove(cfg.MasterKeyFile())
		}
		return nil, err
	}
	if created {
		logger.Warn("created a new master key: back it up apart from the database", slog.String("key_file", cfg.MasterKeyFile()))
	}
	d, err := newData(ctx, cfg, c, o, baseURL, logger)
	if err != nil {
		o.Close()
		return nil, err
	}
	return d, nil
}

// newData builds the services and the job runner on o.
func newData(ctx context.Context, cfg *config.Config, c *Content, o *store.Opened, baseURL string, logger *slog.Logger) (*Data, error) {
	svc, err := dispatch.NewService(dispatch.Deps{Store: o.Store, Now: time.Now, Location: c.Site.Location,
		FallbackLine: c.Site.Phones["fallback_interpreter"], VettingTwoPersonRule: c.Site.VettingTwoPersonRule})
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	deliveries := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "outreach_notification_tries_total",
		Help: "Notification delivery tries by channel and result (sent, retry, failed)."}, []string{"channel", "result"})
	reg.MustRegister(deliveries)
	n, err := newNotifier(cfg, c, o, svc, baseURL, func(channel, result string) { deliveries.WithLabelValues(channel, result).Inc() }, logger)
	if err != nil {
		return nil, err
	}
	accounts, err := newAccounts(cfg, c, o, baseURL, logger)
	if err != nil {
		return nil, err
	}
	runner, err := jobs.NewRunner(ctx, jobs.Deps{SQL: o.SQL, PostgresURL: o.URL, Changes: o.Changes, Logger: logger},
		jobs.Handlers{Deadline: svc.Deadline, Delivery: n.Deliver, Retention: retention(cfg, svc, o, logger)})
	if err != nil {
		return nil, err
	}
	registerAuditHead(reg, o.Audits)
	return &Data{Opened: o, Dispatch: svc, Notify: n, Jobs: runner, Metrics: reg, Auth: accounts}, nil
}

// retention is the retention sweep: it destroys the confidential fields of requests
// closed longer than the configured period (90 days by default) and logs the audit
// chain's head now and then.
func retention(cfg *config.Config, svc *dispatch.Service, o *store.Opened, logger *slog.Logger) func(ctx context.Context) error {
	period := cfg.Retention
	if period == 0 {
		period = 90 * 24 * time.Hour
	}
	heads := &headLog{audits: o.Audits, logger: logger}
	return func(ctx context.Context) error {
		heads.maybeLog(ctx, time.Now())
		n, err := svc.Shred(ctx, period)
		if n > 0 {
			logger.Info("retention: destroyed the confidential fields of closed requests", slog.Int("requests", n))
		}
		return err
	}
}

// Close releases the job runner's listening connections and closes the database (a
// started runner is stopped with Jobs.Stop first).
func (d *Data) Close() error {
	d.Jobs.Close()
	_ = d.Notify.Close()
	return d.Opened.Close()
}

// newAccounts builds the account service; links are emailed when SMTP is configured.
func newAccounts(cfg *config.Config, c *Content, o *store.Opened, baseURL string, logger *slog.Logger) (*auth.Service, error) {
	var mailer auth.Mailer
	if cfg.SMTPURL != "" {
		e, err := notify.NewEmail(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			return nil, err
		}
		mailer = &accountMail{email: e, content: c, baseURL: baseURL}
	}
	return auth.NewService(auth.Deps{Store: o.Accounts, Now: time.Now, Mailer: mailer, LinkTTL: cfg.LinkTTL, Logger: logger})
}

// newNotifier builds the delivery service on the configured channels (the gateway
// webhook first: a text reaches a phone fastest); observe counts its tries.
func newNotifier(cfg *config.Config, c *Content, data *store.Opened, svc *dispatch.Service, baseURL string, observe func(channel, result string), logger *slog.Logger) (*notify.Service, error) {
	var channels []notify.Channel
	if cfg.WebhookURL != "" {
		secret, err := os.ReadFile(cfg.WebhookSecretFile)
		if err != nil {
			return nil, fmt.Errorf("--webhook-secret-file: %w", err)
		}
		w, err := notify.NewWebhook(cfg.WebhookURL, secret)
		if err != nil {
			return nil, err
		}
		channels = append(channels, w)
	}
	if cfg.SMTPURL != "" {
		e, err := notify.NewEmail(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			return nil, err
		}
		channels = append(channels, e)
	}
	return notify.NewService(notify.Deps{
		Store: data.Outbox, Channels: channels, Now: time.Now, Logger: logger, Unreachable: svc.Unreachable, RatePerMinute: 20,
		Observe: observe,
		Composer: &notify.Composer{UI: c.UI, Locales: c.Locales, BaseURL: baseURL, ServiceName: c.Site.Name,
			FallbackLine: c.Site.Phones["fallback_interpreter"], Location: c.Site.Location},
	})
}

// Server is the two sides of the HTTP interface, built on one shared base.
type Server struct {
	Public *public.Server
	Staff  *staff.Server
}

// NewServer builds both sides for content and data. It warns about every value the
// site file marks as an example: readers and staff would see it as a real fact.
func NewServer(cfg *config.Config, c *Content, d *Data, logger *slog.Logger) (*Server, error) {
	for _, key := range c.Site.Examples() {
		logger.Warn("site file: an example value is in use; replace it with a real one", slog.String("key", key))
	}
	base, err := web.New(web.Deps{Site: c.Site, Locales: c.Locales, UI: c.UI, Logger: logger, BaseURL: cfg.BaseURL,
		TrustedProxies: cfg.TrustedProxies, Metrics: d.Metrics, DB: d.Read})
	if err != nil {
		return nil, err
	}
	pub, err := public.New(base, c.Pamphlets, c.Kiosks)
	if err != nil {
		return nil, err
	}
	st, err := staff.New(base, staff.Deps{Dispatch: d.Dispatch, Accounts: d.Auth, Events: d.Outbox, Changes: d.Changes, Now: time.Now,
		Sessions: staff.NewSessions(d.Sessions, strings.HasPrefix(cfg.BaseURL, "https://") || cfg.TLSCert != ""), Pamphlets: c.Pamphlets,
		Directory: &auth.Directory{Users: d.Accounts}})
	if err != nil {
		return nil, err
	}
	return &Server{Public: pub, Staff: st}, nil
}

// Combined serves both sides on one listener: the staff side's paths (staff.Paths) go to
// it, everything else to the public side.
func (s *Server) Combined() http.Handler { return combined{staff: s.Staff, public: s.Public} }

// combined routes by prefix without allocating (a ServeMux costs every public request
// three allocations and about a sixth of a cached page's time): a path under a staff
// prefix goes to the staff side, a staff prefix without its trailing slash is
// redirected to it with its query (as a ServeMux does), anything else goes to the
// public side. Unlike a ServeMux it does not redirect unclean paths ("/a/../b"): each
// side routes the path as sent and answers 404 for what it does not serve.
type combined struct{ staff, public http.Handler }

func (c combined) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	for _, prefix := range staff.Paths {
		subtree := strings.HasSuffix(prefix, "/")
		switch {
		case p == prefix, subtree && strings.HasPrefix(p, prefix):
			c.staff.ServeHTTP(w, r)
			return
		case subtree && p == prefix[:len(prefix)-1]:
			u := url.URL{Path: prefix, RawQuery: r.URL.RawQuery}
			http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
			return
		}
	}
	c.public.ServeHTTP(w, r)
}

// BaseURL is the configured public URL, or the one a listener answers on.
func BaseURL(cfg *config.Config, listening string) string {
	if cfg.BaseURL != "" {
		return cfg.BaseURL
	}
	return strings.TrimSuffix(listening, "/")
}
