package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	logger := app.NewLogger(&cfg, stderr)
	content, err := app.LoadContent(&cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	data, err := app.OpenData(ctx, &cfg, content, app.BaseURL(&cfg, listenURL(ln.Addr(), cfg.TLSCert != "")), logger)
	if err != nil {
		return err
	}
	defer data.SQL.Close()
	srv, err := app.NewServer(&cfg, content, data, logger)
	if err != nil {
		return err
	}
	// Jobs run on a context of their own so that in-flight deadlines and deliveries
	// finish after the stop signal while HTTP drains.
	if err := data.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	defer stopJobs(data, logger)
	fmt.Fprintf(stdout, "Outreach is listening on %s\n", listenURL(ln.Addr(), cfg.TLSCert != ""))
	logger.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("database", data.Engine),
		slog.Int("channels", len(data.Notify.Channels)), slog.Int("pamphlets", len(content.Pamphlets.All())), slog.Int("locales", len(content.Locales.All())))
	return runHTTP(ctx, ln, srv, srv.StopStreams, &cfg, logger)
}

func stopJobs(data *app.Data, logger *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := data.Jobs.Stop(ctx); err != nil {
		logger.Warn("stop jobs", slog.String("error", err.Error()))
	}
}

// runHTTP serves until ctx is done, then shuts down gracefully.
func runHTTP(ctx context.Context, ln net.Listener, h http.Handler, onShutdown func(), cfg *config.Config, logger *slog.Logger) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	hs.RegisterOnShutdown(onShutdown)
	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			errc <- hs.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey)
			return
		}
		errc <- hs.Serve(ln)
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
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
