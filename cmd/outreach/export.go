package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/server/public"
	"github.com/outreach-project/outreach/server/web"
)

const exportDescription = `Write a static kiosk bundle: every kiosk's screens in every language, the
pamphlets, their QR codes, styles and script, as files that run from a local folder
with no server — for library branches with no reliable network. Copy the folder to
the kiosk and open its index.html in the kiosk's browser.

The QR codes open the public site, so --base-url is required. The kiosks are read
from --kiosks, or kiosks.toml in the content folder, or the built-in kiosk file.`

// bundleMarker marks a folder as written by export, so that a new export may replace it.
const bundleMarker = ".outreach-kiosk-bundle"

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config.Config
	fs := newFlagSet("export", exportDescription, stderr)
	cfg.Flags(fs, getenv)
	var dir, kiosksFile string
	fs.StringVar(&dir, "kiosk", "", "write the kiosk bundle to this `directory` (created if missing)")
	fs.StringVar(&cfg.BaseURL, "base-url", getenv("OUTREACH_BASE_URL"), "public `URL` of the site, which the QR codes open, e.g. https://outreach.example.org (env OUTREACH_BASE_URL)")
	fs.StringVar(&kiosksFile, "kiosks", getenv("OUTREACH_KIOSKS"), "kiosk configuration `file` (env OUTREACH_KIOSKS; default: kiosks.toml in the content directory)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := validateExport(&cfg, dir); err != nil {
		return err
	}
	c, err := app.LoadContent(&cfg)
	if err != nil {
		return err
	}
	kiosks, err := loadKiosks(&cfg, c, kiosksFile)
	if err != nil {
		return err
	}
	base, err := web.New(web.Deps{Site: c.Site, Locales: c.Locales, UI: c.UI, Logger: app.NewLogger(&cfg, stderr), BaseURL: cfg.BaseURL})
	if err != nil {
		return err
	}
	srv, err := public.New(base, c.Pamphlets, kiosks)
	if err != nil {
		return err
	}
	files, err := srv.KioskBundle(kiosks, cfg.BaseURL)
	if err != nil {
		return err
	}
	if err := writeBundle(dir, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %d files for %d kiosk(s) to %s\nOpen %s in the kiosk's browser.\n",
		len(files), len(kiosks.Kiosks), dir, filepath.Join(dir, "index.html"))
	return nil
}

func validateExport(cfg *config.Config, dir string) error {
	if dir == "" {
		return usageError{"export: --kiosk DIR is required: the folder to write the kiosk bundle to"}
	}
	if cfg.BaseURL == "" {
		return usageError{"export: --base-url is required: the kiosk's QR codes open the public site at that URL"}
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// loadKiosks reads the kiosk file: file when named, else kiosks.toml in the content
// folder (the built-in one without --content), else one kiosk with every locale.
func loadKiosks(cfg *config.Config, c *app.Content, file string) (*kiosk.Config, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("kiosk file: %w", err)
		}
		return kiosk.Parse(file, data, c.Locales)
	}
	if cfg.Content != "" {
		return kiosk.LoadContent(os.DirFS(cfg.Content), cfg.Content, c.Site.Name, c.Locales)
	}
	return kiosk.LoadContent(outreach.Content(), "content", c.Site.Name, c.Locales)
}

// writeBundle writes files under dir. A folder that is not empty must hold an earlier
// bundle, which is replaced whole so that no file of old content is left behind.
func writeBundle(dir string, files []public.KioskFile) error {
	if err := clearBundleDir(dir); err != nil {
		return err
	}
	for _, f := range append(files, public.KioskFile{Path: bundleMarker}) {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := os.WriteFile(p, f.Body, 0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

func clearBundleDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, bundleMarker)); err != nil {
		return fmt.Errorf("export: %s is not empty and holds no earlier kiosk bundle; choose an empty or new folder", dir)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}
