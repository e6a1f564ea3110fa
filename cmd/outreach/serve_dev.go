package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/watch"
)

// devFlag registers --dev.
func devFlag(fs *flag.FlagSet, getenv func(string) string) *bool {
	return fs.Bool("dev", getenv("OUTREACH_DEV") == "1", "live preview for editors: watch --content, --locales and --site and show changes without a restart; problems show on the pages they affect (env OUTREACH_DEV=1)")
}

// devSources points --dev at ./content and ./locales when no folder is named and they
// exist (a checkout of the project): the built-in content never changes.
func devSources(cfg *config.Config) error {
	for _, d := range []struct {
		dir  *string
		name string
	}{{&cfg.Content, "content"}, {&cfg.Locales, "locales"}} {
		if *d.dir != "" {
			continue
		}
		if info, err := os.Stat(d.name); err == nil && info.IsDir() {
			*d.dir = d.name
		}
	}
	if cfg.Content == "" && cfg.Locales == "" && cfg.Site == "" {
		return usageError{"serve --dev: name the folders to watch with --content and --locales (the built-in content never changes)"}
	}
	return nil
}

// startDev serves the public side through a Live handler that a watcher reloads on
// every change, until ctx is done.
func startDev(ctx context.Context, cfg *config.Config, data *app.Data, stdout io.Writer, logger *slog.Logger) (http.Handler, error) {
	live, err := app.NewLive(app.PublicBuild(cfg, data, logger), logger)
	if err != nil {
		return nil, err
	}
	var roots []string
	for _, r := range []string{cfg.Content, cfg.Locales, cfg.Site} {
		if r != "" {
			roots = append(roots, r)
		}
	}
	w, err := watch.New(roots, watch.Quiet, func(paths []string) {
		logger.Info("content changed", slog.Int("files", len(paths)), slog.String("first", paths[0]))
		live.Reload()
	}, func(err error) { logger.Warn("watch", slog.String("error", err.Error())) })
	if err != nil {
		return nil, err
	}
	go w.Run(ctx)
	fmt.Fprintf(stdout, "Live preview: watching %v\n", roots)
	return live, nil
}
