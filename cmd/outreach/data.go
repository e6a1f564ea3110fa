package main

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/store"
)

// openData opens and migrates the database cfg names, with the dispatch service wired to
// its job runner (not started).
func openData(ctx context.Context, cfg *config.Config, a *app, logger *slog.Logger) (*store.Opened, *dispatch.Service, error) {
	o, err := store.Open(ctx, cfg.Database, cfg.Data, logger)
	if err != nil {
		return nil, nil, err
	}
	svc := &dispatch.Service{Store: o.Store, Now: time.Now, Location: a.site.Location, FallbackLine: a.site.Phones["fallback_interpreter"]}
	o.Jobs.HandleDeadlines(svc.Deadline)
	return o, svc, nil
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
