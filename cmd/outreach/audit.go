package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/config"
)

const auditVerifyDescription = `Check the audit log's hash chain from the first event to the last: exits 1 and
names the first event that was changed, removed or reordered. With --head SEQ:HASH (as
printed earlier by "outreach audit head" and kept elsewhere) it also fails when the log
ends before that event or holds another one in its place: deleting the newest events
is noticed.`

const auditHeadDescription = `Print the audit log's head (sequence number and hash of the newest event) as
SEQ:HASH. Keep it somewhere the database's administrators cannot write, and pass it to
"outreach audit verify --head" later.`

const auditExportDescription = `Write the audit log to standard output as JSON lines, oldest first.`

func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	descriptions := map[string]string{"verify": auditVerifyDescription, "head": auditHeadDescription, "export": auditExportDescription}
	if len(args) == 0 || descriptions[args[0]] == "" {
		return usageError{"audit: want a subcommand: outreach audit verify [--head SEQ:HASH] | head | export"}
	}
	var head string
	cfg, err := dataFlags("audit "+args[0], descriptions[args[0]], args[1:], stderr, getenv, func(_ *config.Config, fs flagSet) {
		if args[0] == "verify" {
			fs.StringVar(&head, "head", "", "a head `SEQ:HASH` kept earlier that the log must still contain")
		}
	})
	if err != nil {
		return err
	}
	var v audit.Verifier
	if head != "" {
		kept, err := audit.ParseHead(head)
		if err != nil {
			return usageError{"--head: " + err.Error()}
		}
		v.Expect(kept)
	}
	o, err := openData(ctx, cfg)
	if err != nil {
		return err
	}
	defer o.SQL.Close()
	switch args[0] {
	case "export":
		enc := json.NewEncoder(stdout)
		return o.Audits.Each(ctx, func(e *audit.Event) error { return enc.Encode(e) })
	case "head":
		h, err := o.Audits.Head(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, h)
		return nil
	}
	if err := o.Audits.Each(ctx, v.Next); err != nil {
		return err
	}
	if err := v.Done(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Audit log intact: %d events, head %s.\n", v.Count(), v.Head())
	return nil
}
