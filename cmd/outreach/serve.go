package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
	settleGC := startupGC()
	defer settleGC() // on an error before the server is built
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
		settleGC()
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

// servingHeadroom is the least the heap may grow between two collections while
// serving. A request allocates a few kilobytes, and at the default GOGC a collection
// comes every live heap's worth of them and marks everything start-up kept (the UI
// strings' templates, the rendered pages, the search index): on the default content,
// about 22 MB live, that was 3 µs of CPU a request, a tenth of serving a cached file
// (see docs/benchmarks.md, "Serving"). With 128 MB of headroom a collection comes about
// six times less often; a large site, whose live heap is bigger than that, keeps the
// default. GOMEMLIMIT, when set, still bounds the heap.
const servingHeadroom = 128 << 20

// startupGC raises GOGC to startupGCPercent for start-up. The returned function, called
// once start-up's garbage is done (only its first call counts), collects it and sets the
// GOGC for serving: the default, or more, so that the heap grows by at least
// servingHeadroom between collections. A GOGC set in the environment is left alone.
func startupGC() (settle func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	old := debug.SetGCPercent(startupGCPercent)
	return sync.OnceFunc(func() {
		runtime.GC()
		debug.SetGCPercent(servingGCPercent(liveHeap(), old))
	})
}

// servingGCPercent is the GOGC that lets a heap with live bytes grow by at least
// servingHeadroom between collections, and never less than base (nor on when base
// turns the collector off).
func servingGCPercent(live uint64, base int) int {
	if base < 0 || live == 0 {
		return base
	}
	return max(base, int((servingHeadroom*100+live-1)/live))
}

// liveHeap is the heap the last collection left.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
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
