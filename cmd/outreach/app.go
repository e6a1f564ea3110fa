package main

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

// app is the loaded content every command works with.
type app struct {
	site      *site.Site
	locales   *locale.Registry
	pamphlets *pamphlet.Catalog
	ui        *i18n.Catalog
}

// loadApp reads the site file, locales, UI strings and pamphlets named by cfg (the
// embedded defaults where cfg names none). Problems name the file and line.
func loadApp(cfg *config.Config) (*app, error) {
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
	ui, err := i18n.Load(localesFS, reg)
	if err != nil {
		return nil, err
	}
	cat, err := pamphlet.Load(contentFS, s, reg)
	if err != nil {
		if problems, ok := err.(pamphlet.Problems); ok {
			for i := range problems {
				problems[i].File = filepath.Join(contentLabel, problems[i].File)
			}
			return nil, fmt.Errorf("content has %d problem(s):\n%w", len(problems), problems)
		}
		return nil, err
	}
	return &app{site: s, locales: reg, pamphlets: cat, ui: ui}, nil
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

// newLogger builds the structured logger: text for people, JSON for collectors.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
