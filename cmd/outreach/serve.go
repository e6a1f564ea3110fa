package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/server/web"
)

const serveDescription = `Run the web server and the job runner: the public pamphlet site in every configured
language, and the interpreter-request API with its escalation deadlines and
notifications. It prints the URL it listens on and stops gracefully on SIGINT or
SIGTERM.`

// shutdownGrace is how long in-flight requests get to finish after a stop signal.
const shutdownGrace = 10 * time.Second

func serve(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config.Config
	fs := newFlagSet("serve", serveDescription, stderr)
	cfg.Flags(fs, getenv)
	cfg.ServeFlags(fs, getenv)
	dev := devFlag(fs, getenv)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dev {
		if err := devSources(&cfg); err != nil {
			return err
		}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	logger := app.NewLogger(&cfg, stderr)
	web.PrepareStatic() // compressed while the content loads
	restoreGC := startupGC()
	defer restoreGC() // on an error before the server is built
	content, err := app.LoadContent(&cfg)
	if err != nil {
		return err
	}
	tls := cfg.TLSCert != ""
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	var staffLn net.Listener
	if cfg.StaffAddr != "" {
		if staffLn, err = net.Listen("tcp", cfg.StaffAddr); err != nil {
			return fmt.Errorf("listen on %s: %w", cfg.StaffAddr, err)
		}
		defer staffLn.Close()
	}
	data, err := app.OpenData(ctx, &cfg, content, linksBase(&cfg, ln, staffLn), logger)
	if err != nil {
		return err
	}
	defer data.Close()
	srv, err := app.NewServer(&cfg, content, data, logger)
	if err != nil {
		return err
	}
	// The search index is built while the site serves; it is the last of start-up's
	// garbage.
	go func() {
		<-srv.Public.SearchReady()
		restoreGC()
	}()
	// Jobs run on a context of their own so that in-flight deadlines and deliveries
	// finish after the stop signal while HTTP drains.
	if err := data.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	defer stopJobs(data, logger)
	var public http.Handler = srv.Public
	if *dev {
		if public, err = startDev(ctx, &cfg, data, stdout, logger); err != nil {
			return err
		}
	}
	listeners := []listener{{ln, srv.CombinedWith(public)}}
	fmt.Fprintf(stdout, "Outreach is listening on %s\n", listenURL(ln.Addr(), tls))
	if staffLn != nil {
		listeners = []listener{{ln, public}, {staffLn, srv.Staff}}
		fmt.Fprintf(stdout, "Staff pages and API on %s\n", listenURL(staffLn.Addr(), tls))
	}
	logger.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("staff_addr", cfg.StaffAddr), slog.String("database", data.Engine),
		slog.Int("channels", data.Notify.ChannelCount()), slog.Int("pamphlets", len(content.Pamphlets.All())), slog.Int("locales", len(content.Locales.All())))
	return runHTTP(ctx, listeners, srv.Staff.StopStreams, &cfg, logger)
}

// startupGCPercent is the garbage collector's GOGC while the content loads and the
// search index is built. Start-up allocates much that stays (rendered pamphlets, the
// index) and more that does not (each file's syntax tree); with the default of 100 it
// collects dozens of times, each marking everything kept so far. Collecting a fourth as
// often costs about 100 MB more peak memory on 1,000 pamphlets × 15 locales (see
// docs/benchmarks.md, "Cold render").
const startupGCPercent = 400

// startupGC raises GOGC to startupGCPercent until the returned function is first
// called, unless it is already higher or off. It is safe for concurrent use.
func startupGC() (restore func()) {
	old := debug.SetGCPercent(startupGCPercent)
	if old < 0 || old >= startupGCPercent {
		debug.SetGCPercent(old)
		return func() {}
	}
	return sync.OnceFunc(func() { debug.SetGCPercent(old) })
}

// linksBase is where links in messages point: the staff base URL, the public base URL,
// or the listener that serves the staff pages.
func linksBase(cfg *config.Config, ln, staffLn net.Listener) string {
	switch {
	case cfg.StaffBaseURL != "":
		return strings.TrimSuffix(cfg.StaffBaseURL, "/")
	case cfg.BaseURL != "":
		return strings.TrimSuffix(cfg.BaseURL, "/")
	case staffLn != nil:
		return strings.TrimSuffix(listenURL(staffLn.Addr(), cfg.TLSCert != ""), "/")
	}
	return strings.TrimSuffix(listenURL(ln.Addr(), cfg.TLSCert != ""), "/")
}

// listener is one address and what it serves.
type listener struct {
	ln net.Listener
	h  http.Handler
}

func stopJobs(data *app.Data, logger *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := data.Jobs.Stop(ctx); err != nil {
		logger.Warn("stop jobs", slog.String("error", err.Error()))
	}
}

// runHTTP serves every listener until ctx is done, then shuts them down gracefully.
func runHTTP(ctx context.Context, listeners []listener, onShutdown func(), cfg *config.Config, logger *slog.Logger) error {
	errc := make(chan error, len(listeners))
	var servers []*http.Server
	for _, l := range listeners {
		hs := &http.Server{
			Handler:           l.h,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      60 * time.Second,
			IdleTimeout:       120 * time.Second,
			ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		}
		hs.RegisterOnShutdown(onShutdown)
		servers = append(servers, hs)
		go func() {
			if cfg.TLSCert != "" {
				errc <- hs.ServeTLS(l.ln, cfg.TLSCert, cfg.TLSKey)
				return
			}
			errc <- hs.Serve(l.ln)
		}()
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	var errs []error
	for _, hs := range servers {
		if err := hs.Shutdown(shutdownCtx); err != nil {
			errs = append(errs, fmt.Errorf("shutdown: %w", err))
		}
	}
	for range servers {
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, fmt.Errorf("serve: %w", err))
		}
	}
	if len(errs) == 0 {
		logger.Info("stopped")
	}
	return errors.Join(errs...)
}

// listenURL is the URL a person can open for a listener's address.
func listenURL(addr net.Addr, tls bool) string {
	host, port, _ := net.SplitHostPort(addr.String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + "/"
}
