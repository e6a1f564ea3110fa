package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
)

const contentCheckDescription = `Validate the site file, the UI strings and every pamphlet, as serve does at
start-up, and report each locale's missing, stale (made from an older source
revision) and machine-made (not yet reviewed) translations. Exits 1 on any error,
naming the file and line.`

func contentCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "check" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(stdout, "Usage: outreach content check [flags]\n\n"+contentCheckDescription)
			return nil
		}
		return usageError{"content: want a subcommand: outreach content check"}
	}
	var cfg config.Config
	fs := newFlagSet("content check", contentCheckDescription, stderr)
	cfg.Flags(fs, getenv)
	verbose := fs.Bool("v", false, "list the slugs behind each count")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	a, err := app.LoadContent(&cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "OK: %d pamphlets, %d locales, %d UI strings, %d kiosks\n\n",
		len(a.Pamphlets.All()), len(a.Locales.All()), len(a.UI.Keys()), len(a.Kiosks.Kiosks))
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "locale\tmissing\tstale\tmachine")
	for _, cov := range a.Pamphlets.Coverage(a.Locales.All()) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", cov.Locale, count(cov.Missing, *verbose), count(cov.Stale, *verbose), count(cov.Machine, *verbose))
	}
	return tw.Flush()
}

func count(slugs []string, verbose bool) string {
	if !verbose || len(slugs) == 0 {
		return fmt.Sprint(len(slugs))
	}
	return fmt.Sprintf("%d (%s)", len(slugs), strings.Join(slugs, ", "))
}
