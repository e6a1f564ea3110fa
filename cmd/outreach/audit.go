package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/store"
)

const auditVerifyDescription = `Check the audit log's hash chain from the first event to the last: exits 1 and
names the first event that was changed, removed or reordered.`

const auditExportDescription = `Write the audit log to standard output as JSON lines, oldest first.`

func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export") {
		return usageError{"audit: want a subcommand: outreach audit verify | export"}
	}
	desc := auditVerifyDescription
	if args[0] == "export" {
		desc = auditExportDescription
	}
	cfg, err := dataFlags("audit "+args[0], desc, args[1:], stderr, getenv, nil)
	if err != nil {
		return err
	}
	o, err := store.Open(ctx, cfg.Database, cfg.Data, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer o.SQL.Close()
	if args[0] == "export" {
		enc := json.NewEncoder(stdout)
		return o.Audits.Each(ctx, func(e *audit.Event) error { return enc.Encode(e) })
	}
	var v audit.Verifier
	if err := o.Audits.Each(ctx, v.Next); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Audit log intact: %d events.\n", v.Count())
	return nil
}
