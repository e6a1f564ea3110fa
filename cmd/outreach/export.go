package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/server/public"
	"github.com/outreach-project/outreach/server/web"
)

const exportDescription = `Write a static copy of the public site, a static kiosk bundle, or both.

outreach export DIR [--base-url URL] writes every pamphlet in every language, each
locale's index, the language switcher and the static files, as files that work from
any static web host or a folder opened from a USB stick (file://). Pages link to
each other by relative file names (fr/calling-police.html). The root index.html
opens the reader's language by the server's rules (a small script reading the
browser's languages) and lists every language for browsers without script. Each
file has a gzip (.gz) and Brotli (.br) copy next to it for hosts that serve those.
With --base-url the pages carry canonical and alternate links and the folder has a
sitemap. Search needs the server, so the static pages have no search box. The same
content gives the same bytes.

outreach export --kiosk DIR --base-url URL writes every kiosk's screens in every
language, the pamphlets, their QR codes, styles and script, for library branches
with no reliable network. Copy the folder to the kiosk and open its index.html. The
QR codes open the public site, so --base-url is required. The kiosks are read from
--kiosks, or kiosks.toml in the content folder, or the built-in kiosk file.

A folder that is not empty must hold an earlier export of the same kind, which is
replaced whole.`

// Markers name a folder as written by export, so that a new export may replace it.
const (
	bundleMarker = ".outreach-kiosk-bundle"
	siteMarker   = ".outreach-static-site"
)

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config.Config
	fset := newFlagSet("export", exportDescription, stderr)
	cfg.Flags(fset, getenv)
	var kioskDir, kiosksFile string
	fset.StringVar(&kioskDir, "kiosk", "", "write the kiosk bundle to this `directory` (created if missing)")
	fset.StringVar(&cfg.BaseURL, "base-url", getenv("OUTREACH_BASE_URL"), "public `URL` of the site, for canonical links, the sitemap and the kiosks' QR codes, e.g. https://outreach.example.org (env OUTREACH_BASE_URL)")
	fast := fset.Bool("fast", false, "compress the site's Brotli copies at quality 5 instead of 11: about fifty times faster, files about an eighth larger (for previews)")
	fset.StringVar(&kiosksFile, "kiosks", getenv("OUTREACH_KIOSKS"), "kiosk configuration `file` (env OUTREACH_KIOSKS; default: kiosks.toml in the content directory)")
	siteDir, err := exportArgs(fset, args)
	if err != nil {
		return err
	}
	if err := validateExport(&cfg, siteDir, kioskDir); err != nil {
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
	base, err := web.New(web.Deps{Site: c.Site, Locales: c.Locales, UI: c.UI, Logger: exportLogger(stderr), BaseURL: strings.TrimSuffix(cfg.BaseURL, "/")})
	if err != nil {
		return err
	}
	srv, err := public.New(base, c.Pamphlets, kiosks)
	if err != nil {
		return err
	}
	if siteDir != "" {
		level := brotliBest
		if *fast {
			level = brotliFast
		}
		if err := exportSite(srv, siteDir, level, stdout); err != nil {
			return err
		}
	}
	if kioskDir != "" {
		return exportKiosks(srv, kiosks, cfg.BaseURL, kioskDir, stdout)
	}
	return nil
}

// exportLogger reports problems only: export renders its pages through the server's
// handlers, whose every request would otherwise be logged.
func exportLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// exportArgs parses the flags and the optional site folder, which may come before or
// after them.
func exportArgs(fset *flag.FlagSet, args []string) (string, error) {
	var pos []string
	for {
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return "", err
			}
			return "", usageError{err.Error()}
		}
		if fset.NArg() == 0 {
			break
		}
		pos = append(pos, fset.Arg(0))
		args = fset.Args()[1:]
	}
	if len(pos) > 1 {
		return "", usageError{fmt.Sprintf("export: one folder for the site, got %d arguments", len(pos))}
	}
	if len(pos) == 1 {
		return pos[0], nil
	}
	return "", nil
}

func exportKiosks(srv *public.Server, kiosks *kiosk.Config, baseURL, dir string, stdout io.Writer) error {
	files, err := srv.KioskBundle(kiosks, baseURL)
	if err != nil {
		return err
	}
	out := make([]outFile, len(files))
	for i, f := range files {
		out[i] = outFile{f.Path, f.Body}
	}
	if err := writeExport(dir, bundleMarker, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %d files for %d kiosk(s) to %s\nOpen %s in the kiosk's browser.\n",
		len(files), len(kiosks.Kiosks), dir, filepath.Join(dir, "index.html"))
	return nil
}

func validateExport(cfg *config.Config, siteDir, kioskDir string) error {
	if siteDir == "" && kioskDir == "" {
		return usageError{"export: name a folder: outreach export DIR for the static site, or --kiosk DIR for the kiosk bundle"}
	}
	if kioskDir != "" && cfg.BaseURL == "" {
		return usageError{"export: --base-url is required with --kiosk: the kiosk's QR codes open the public site at that URL"}
	}
	if siteDir != "" && siteDir == kioskDir {
		return usageError{"export: the site and the kiosk bundle need folders of their own"}
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

// outFile is one file to write, at a slash-separated path under the folder.
type outFile struct {
	Path string
	Body []byte
}

// writeExport writes files under dir with marker. A folder that is not empty must
// hold an earlier export with the same marker, which is replaced whole so that no
// file of old content is left behind.
func writeExport(dir, marker string, files []outFile) error {
	if err := clearExportDir(dir, marker); err != nil {
		return err
	}
	for _, f := range append(files, outFile{Path: marker}) {
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

func clearExportDir(dir, marker string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
		return fmt.Errorf("export: %s is not empty and holds no earlier export of this kind; choose an empty or new folder", dir)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}
