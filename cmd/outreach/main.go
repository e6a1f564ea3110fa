// Command outreach serves police-outreach pamphlets to newcomers in their own language.
// Run "outreach --help" for its subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `outreach: police-outreach pamphlets for newcomers, in their own language.

Usage:
  outreach <command> [flags]

Commands:
  serve           run the web server and the job runner
  content check   validate the pamphlets and UI strings; list missing, stale and
                  machine-made translations
  user add        add a user with a role; prints a single-use sign-in link
  user reset      end a user's sessions and tokens; prints a sign-in link
  user deactivate stop a user's sessions, tokens and calendar feed at once
  user reactivate let a deactivated user sign in again
  user role       give a user another role
  token create    create an API token for a user; prints it as the last line
  token list      list a user's API tokens (never the tokens themselves)
  token revoke    revoke a token (--id) or every token of a user (--email)
  migrate         apply pending database migrations
  key rotate      add a new master key and re-wrap every data key with it
  audit head      print the audit log's head (SEQ:HASH) to keep elsewhere
  audit verify    check the audit log's hash chain (and, with --head, that it
                  was not cut back)
  audit export    write the audit log as JSON lines
  export          write a static kiosk bundle (--kiosk DIR)
  version         print the version

Every flag also has an OUTREACH_* environment variable; "outreach <command> --help"
lists them.
`

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// run executes one command and returns the process's exit code: 0 on success, 1 when
// the command failed, 2 for a usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], stdout, stderr, getenv)
	case "content":
		err = contentCmd(args[1:], stdout, stderr, getenv)
	case "user":
		err = userCmd(ctx, args[1:], stdout, stderr, getenv)
	case "token":
		err = tokenCmd(ctx, args[1:], stdout, stderr, getenv)
	case "migrate":
		err = migrateCmd(ctx, args[1:], stdout, stderr, getenv)
	case "key":
		err = keyCmd(ctx, args[1:], stdout, stderr, getenv)
	case "audit":
		err = auditCmd(ctx, args[1:], stdout, stderr, getenv)
	case "export":
		err = exportCmd(ctx, args[1:], stdout, stderr, getenv)
	case "version":
		fmt.Fprintln(stdout, "outreach", version)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "outreach: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "outreach: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "outreach: %v\n", err)
	return 1
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// flagSet is the part of *flag.FlagSet commands use to add their own flags.
type flagSet interface {
	StringVar(p *string, name, value, usage string)
}

// newFlagSet returns a flag set whose --help prints the command's description.
func newFlagSet(name, description string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: outreach %s [flags]\n\n%s\n\nFlags:\n", name, description)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning a bad flag into a usageError (the flag package has
// printed the usage already).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}
