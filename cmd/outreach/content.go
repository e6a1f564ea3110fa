package main

import (
	"fmt"
	"io"
)

const contentUsage = `Usage: outreach content check | status | stamp [flags]

Subcommands:
  check     validate the site file, UI strings and pamphlets; report missing, stale and
            machine-made translations (--strict: those fail too; --json for tools)
  status    each locale's translations by state (--locale L: pamphlet by pamphlet)
  stamp     record that a translation was brought up to date: outreach content stamp
            LOCALE SLUG [--reviewed]

Run "outreach content check --help" (or status, stamp) for each one's flags.
`

func contentCmd(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		return usageError{"content: want a subcommand: outreach content check | status | stamp"}
	}
	switch args[0] {
	case "check":
		return contentCheck(args[1:], stdout, stderr, getenv)
	case "status":
		return contentStatus(args[1:], stdout, stderr, getenv)
	case "stamp":
		return contentStamp(args[1:], stdout, stderr, getenv)
	case "-h", "--help", "-help", "help":
		fmt.Fprint(stdout, contentUsage)
		return nil
	}
	return usageError{fmt.Sprintf("content: unknown subcommand %q: want outreach content check | status | stamp", args[0])}
}
