package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

const contentCheckDescription = `Validate the site file, the UI strings and every pamphlet, as serve does at
start-up, and more: links between pamphlets, images, and the plural forms each
language needs. Report each locale's missing, stale (made from an older source
revision) and machine-made (not yet reviewed) translations, site values marked as
examples, and site names not yet translated.

Errors name the file and line and exit 1. Warnings (missing, stale, machine, example
values, untranslated site names) exit 0 unless --strict. --json writes one JSON
object for tools instead of text.`

// finding is one error or warning of content check.
type finding struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

func (f finding) String() string {
	switch {
	case f.File == "":
		return f.Message
	case f.Line > 0:
		return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message)
	}
	return fmt.Sprintf("%s: %s", f.File, f.Message)
}

// checkReport is what content check found; --json writes it as is.
type checkReport struct {
	OK        bool            `json:"ok"`
	Pamphlets int             `json:"pamphlets"`
	UIStrings int             `json:"ui_strings"`
	Kiosks    int             `json:"kiosks"`
	Errors    []finding       `json:"errors"`
	Warnings  []finding       `json:"warnings"`
	Locales   []localeFinding `json:"locales"`
}

type localeFinding struct {
	Locale       string   `json:"locale"`
	Missing      []string `json:"missing"`
	Stale        []string `json:"stale"`
	Machine      []string `json:"machine"`
	Untranslated []string `json:"untranslated_site_names"`
}

func contentCheck(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config.Config
	fs := newFlagSet("content check", contentCheckDescription, stderr)
	cfg.Flags(fs, getenv)
	verbose := fs.Bool("v", false, "list the slugs behind each count, and every warning")
	strict := fs.Bool("strict", false, "exit 1 on warnings too: missing, stale or machine translations, example values, untranslated site names")
	asJSON := fs.Bool("json", false, "write the findings as one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	r := runChecks(&cfg)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
	} else {
		writeCheckText(stdout, stderr, r, *verbose || *strict)
	}
	switch {
	case len(r.Errors) > 0:
		return fmt.Errorf("content check: %d error(s)", len(r.Errors))
	case *strict && len(r.Warnings) > 0:
		return fmt.Errorf("content check --strict: %d warning(s)", len(r.Warnings))
	}
	return nil
}

// runChecks loads the content and checks it, going on past problems as far as it can
// so that an editor sees every one at once.
func runChecks(cfg *config.Config) *checkReport {
	r := &checkReport{Errors: []finding{}, Warnings: []finding{}, Locales: []localeFinding{}}
	s, reg, err := app.LoadSite(cfg)
	if err != nil {
		r.Errors = append(r.Errors, errorFindings(err, "")...)
		return r
	}
	src := app.SourcesOf(cfg)
	c, err := app.LoadContent(cfg)
	if err != nil {
		r.Errors = append(r.Errors, errorFindings(err, "")...)
	}
	switch {
	case c != nil: // the links Load found as it rendered
		r.Errors = append(r.Errors, problemFindings(c.Pamphlets.CheckLinks(c.Site, c.Locales), src.ContentLabel, "link")...)
	default: // the content did not load: read what can be read, to report every problem at once
		if links, err := pamphlet.CheckLinks(src.Content, s, reg); err != nil {
			r.Errors = append(r.Errors, errorFindings(err, "")...)
		} else {
			r.Errors = append(r.Errors, problemFindings(links, src.ContentLabel, "link")...)
		}
	}
	if plurals, err := pamphlet.CheckPlurals(src.Locales, reg); err != nil {
		r.Errors = append(r.Errors, errorFindings(err, src.LocalesLabel)...)
	} else {
		r.Errors = append(r.Errors, problemFindings(plurals, src.LocalesLabel, "plural")...)
	}
	if c != nil {
		r.Pamphlets, r.UIStrings, r.Kiosks = len(c.Pamphlets.All()), len(c.UI.Keys()), len(c.Kiosks.Kiosks)
		addWarnings(r, c, src.ContentLabel, siteFile(cfg, src))
	}
	sortFindings(r.Errors)
	r.OK = len(r.Errors) == 0
	return r
}

func siteFile(cfg *config.Config, src app.Sources) string {
	if cfg.Site != "" {
		return cfg.Site
	}
	return filepath.Join(src.ContentLabel, "site.toml")
}

// errorFindings turns a load error into findings, one per problem when it lists them.
func errorFindings(err error, label string) []finding {
	var problems pamphlet.Problems
	if errors.As(err, &problems) {
		return problemFindings(problems, "", "content") // LoadContent has named the folder
	}
	var se *site.Error
	if errors.As(err, &se) {
		return []finding{{File: se.File, Line: se.Line, Kind: "site", Message: se.Reason}}
	}
	return []finding{{File: label, Kind: "load", Message: err.Error()}}
}

func problemFindings(ps pamphlet.Problems, label, kind string) []finding {
	out := make([]finding, 0, len(ps))
	for _, p := range ps {
		file := p.File
		if label != "" {
			file = filepath.Join(label, filepath.FromSlash(p.File))
		}
		out = append(out, finding{File: file, Line: p.Line, Kind: kind, Message: p.Reason})
	}
	return out
}

// addWarnings adds what is not wrong but not finished: translations missing, stale or
// unreviewed, example values in the site file and site names not yet translated.
func addWarnings(r *checkReport, c *app.Content, contentLabel, siteFile string) {
	for _, cov := range c.Pamphlets.Coverage(c.Locales.All()) {
		lf := localeFinding{Locale: cov.Locale, Missing: orEmpty(cov.Missing), Stale: orEmpty(cov.Stale), Machine: orEmpty(cov.Machine),
			Untranslated: orEmpty(c.Site.Untranslated(cov.Locale))}
		r.Locales = append(r.Locales, lf)
		file := func(slug string) string { return filepath.Join(contentLabel, slug, cov.Locale+".md") }
		for _, slug := range cov.Missing {
			r.Warnings = append(r.Warnings, finding{File: file(slug), Kind: "missing", Message: "no translation yet"})
		}
		for _, slug := range cov.Stale {
			r.Warnings = append(r.Warnings, finding{File: file(slug), Kind: "stale", Message: "made from an older revision of the source: update it, then run outreach content stamp " + cov.Locale + " " + slug})
		}
		for _, slug := range cov.Machine {
			r.Warnings = append(r.Warnings, finding{File: file(slug), Kind: "machine", Message: "machine translation no person has checked"})
		}
		for _, name := range lf.Untranslated {
			r.Warnings = append(r.Warnings, finding{File: siteFile, Kind: "untranslated", Message: fmt.Sprintf("%s has no %s translation", name, cov.Locale)})
		}
	}
	for _, v := range c.Site.Examples() {
		r.Warnings = append(r.Warnings, finding{File: siteFile, Kind: "example", Message: v + " is an example value: replace it with the deployment's own"})
	}
}

// sortFindings orders findings by file and line, so that an editor works down a file.
func sortFindings(fs []finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].File != fs[j].File {
			return fs[i].File < fs[j].File
		}
		return fs[i].Line < fs[j].Line
	})
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func writeCheckText(stdout, stderr io.Writer, r *checkReport, verbose bool) {
	for _, f := range r.Errors {
		fmt.Fprintln(stderr, f)
	}
	if len(r.Errors) > 0 {
		return
	}
	fmt.Fprintf(stdout, "OK: %d pamphlets, %d locales, %d UI strings, %d kiosks\n\n", r.Pamphlets, len(r.Locales), r.UIStrings, r.Kiosks)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "locale\tmissing\tstale\tmachine\tuntranslated site names")
	for _, l := range r.Locales {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", l.Locale, count(l.Missing, verbose), count(l.Stale, verbose), count(l.Machine, verbose), count(l.Untranslated, verbose))
	}
	_ = tw.Flush()
	if verbose && len(r.Warnings) > 0 {
		fmt.Fprintf(stdout, "\n%d warning(s):\n", len(r.Warnings))
		for _, f := range r.Warnings {
			fmt.Fprintf(stdout, "warning: %s\n", f)
		}
	}
}

func count(items []string, verbose bool) string {
	if !verbose || len(items) == 0 {
		return fmt.Sprint(len(items))
	}
	return fmt.Sprintf("%d (%s)", len(items), strings.Join(items, ", "))
}

// localeIDs lists the ids of locales, for messages.
func localeIDs(ls []*locale.Locale) string {
	ids := make([]string, len(ls))
	for i, l := range ls {
		ids[i] = l.ID
	}
	return strings.Join(ids, ", ")
}
