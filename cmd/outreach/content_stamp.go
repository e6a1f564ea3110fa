package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/pamphlet"
)

const contentStampDescription = `Record in a translation's front matter that it was brought up to date with the
source's current revision: source_revision becomes the source's revision, which is
what clears "stale" (a file's date never does). With --reviewed, also set status to
"reviewed" and checked to today's date in the site's time zone.

Usage: outreach content stamp LOCALE SLUG [--reviewed] [--content DIR]

The file written is DIR/SLUG/LOCALE.md; DIR is --content, or ./content when --content
is not given (the built-in content cannot be written).`

func contentStamp(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config.Config
	fset := newFlagSet("content stamp", contentStampDescription, stderr)
	cfg.Flags(fset, getenv)
	reviewed := fset.Bool("reviewed", false, `also mark the translation reviewed, with today's date`)
	pos, err := parseInterspersed(fset, args, 2)
	if err != nil {
		return err
	}
	localeID, slug := pos[0], pos[1]
	if cfg.Content == "" {
		cfg.Content = "content"
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("content stamp: %w: give the content folder with --content DIR", err)
	}
	file := filepath.Join(cfg.Content, slug, localeID+".md")
	c, err := app.LoadContent(&cfg)
	if err != nil {
		return err
	}
	if localeID == c.Site.SourceLocale {
		return usageError{fmt.Sprintf("content stamp: %s is the source locale: raise revision in %s instead", localeID, file)}
	}
	if _, ok := c.Locales.Get(localeID); !ok {
		return usageError{fmt.Sprintf("content stamp: %q is not a configured locale id (%s)", localeID, localeIDs(c.Locales.All()))}
	}
	p, ok := c.Pamphlets.Get(slug)
	if !ok {
		return fmt.Errorf("content stamp: %s has no pamphlet %q (no %s)", cfg.Content, slug, filepath.Join(cfg.Content, slug, c.Site.SourceLocale+".md"))
	}
	if _, ok := p.Translations[localeID]; !ok {
		return fmt.Errorf("content stamp: %s does not exist: translate the pamphlet first, or check --content", file)
	}
	if err := stampFile(file, p.Source.SourceRevision, *reviewed, time.Now().In(c.Site.Location)); err != nil {
		return err
	}
	state := "up to date with source revision " + fmt.Sprint(p.Source.SourceRevision)
	if *reviewed {
		state += ", reviewed"
	}
	fmt.Fprintf(stdout, "%s: %s\n", file, state)
	return nil
}

// stampFile rewrites file through pamphlet.Stamp, replacing it in one rename so that a
// crash leaves the old file or the new one, never half of one.
func stampFile(file string, rev int, reviewed bool, now time.Time) error {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("content stamp: %s does not exist: check --content", file)
	}
	if err != nil {
		return fmt.Errorf("content stamp: %w", err)
	}
	out, err := pamphlet.Stamp(data, rev, reviewed, now)
	if err != nil {
		return fmt.Errorf("content stamp: %s:%w", file, err)
	}
	info, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("content stamp: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".stamp-*")
	if err != nil {
		return fmt.Errorf("content stamp: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return fmt.Errorf("content stamp: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("content stamp: %w", err)
	}
	if err := os.Chmod(tmp.Name(), info.Mode().Perm()); err != nil {
		return fmt.Errorf("content stamp: %w", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("content stamp: %w", err)
	}
	return nil
}
