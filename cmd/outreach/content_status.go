package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/pamphlet"
)

const contentStatusDescription = `Show where the translations stand: for each locale, how many pamphlets are
translated, reviewed, machine-made, stale (made from an older source revision) and
missing, as counts and percentages. With --locale, every pamphlet in that locale
with its state, the source's revision and the revision the translation was made from.`

// statusEntry is one pamphlet of --locale, as --json writes it.
type statusEntry struct {
	Slug           string `json:"slug"`
	Title          string `json:"title"`
	State          string `json:"state"`
	Status         string `json:"status,omitempty"`
	SourceRevision int    `json:"source_revision"`
	MadeFrom       int    `json:"translation_source_revision,omitempty"`
	File           string `json:"file,omitempty"`
}

func contentStatus(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config.Config
	fs := newFlagSet("content status", contentStatusDescription, stderr)
	cfg.Flags(fs, getenv)
	localeID := fs.String("locale", "", "list every pamphlet of this `locale` id with its state")
	asJSON := fs.Bool("json", false, "write JSON instead of a table")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	c, err := app.LoadContent(&cfg)
	if err != nil {
		return err
	}
	if *localeID == "" {
		return writeSummaries(stdout, c.Pamphlets.Summaries(c.Locales.All()), *asJSON)
	}
	l, ok := c.Locales.Get(*localeID)
	if !ok {
		return usageError{fmt.Sprintf("content status: --locale %q is not a configured locale id (%s)", *localeID, localeIDs(c.Locales.All()))}
	}
	return writeEntries(stdout, c.Pamphlets.Entries(l), app.SourcesOf(&cfg).ContentLabel, *asJSON)
}

// summaryJSON is one locale's counts as --json writes them.
type summaryJSON struct {
	pamphlet.Summary
	Percent map[string]int `json:"percent"`
}

func writeSummaries(w io.Writer, sums []pamphlet.Summary, asJSON bool) error {
	if asJSON {
		out := make([]summaryJSON, len(sums))
		for i, s := range sums {
			out[i] = summaryJSON{Summary: s, Percent: map[string]int{"translated": s.Percent(s.Translated), "reviewed": s.Percent(s.Reviewed),
				"machine": s.Percent(s.Machine), "stale": s.Percent(s.Stale), "missing": s.Percent(s.Missing)}}
		}
		return writeJSON(w, out)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "locale\ttranslated\treviewed\tmachine\tstale\tmissing\t")
	for _, s := range sums {
		cell := func(n int) string { return fmt.Sprintf("%d (%d%%)", n, s.Percent(n)) }
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", s.Locale, cell(s.Translated), cell(s.Reviewed), cell(s.Machine), cell(s.Stale), cell(s.Missing))
	}
	return tw.Flush()
}

func writeEntries(w io.Writer, entries []pamphlet.Entry, label string, asJSON bool) error {
	if asJSON {
		out := make([]statusEntry, len(entries))
		for i, e := range entries {
			out[i] = statusEntry{Slug: e.Slug, Title: e.Title, State: string(e.State), Status: string(e.Status), SourceRevision: e.SourceRevision, MadeFrom: e.MadeFrom}
			if e.File != "" {
				out[i].File = filepath.Join(label, filepath.FromSlash(e.File))
			}
		}
		return writeJSON(w, out)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "pamphlet\tstate\tsource revision\tmade from\tfile")
	for _, e := range entries {
		madeFrom, file := "-", "-"
		if e.State != pamphlet.StateMissing {
			madeFrom, file = fmt.Sprint(e.MadeFrom), filepath.Join(label, filepath.FromSlash(e.File))
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", e.Slug, e.State, e.SourceRevision, madeFrom, file)
	}
	return tw.Flush()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// parseInterspersed parses flags that may come before, between or after want
// positional arguments ("stamp fr slug --reviewed" as well as "stamp --reviewed fr
// slug"), and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string, want int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != want {
		return nil, usageError{fmt.Sprintf("%s: want %d arguments, got %d", fs.Name(), want, len(pos))}
	}
	return pos, nil
}
