package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/seal"
	"github.com/outreach-project/outreach/internal/store"
)

const keyRotateDescription = `Rotate the master key: add a new key at the top of the key file, then re-wrap every
request's data key with it. Running instances keep working throughout: they read the
key file again when they meet a key they do not know. Older keys stay in the file so
that backups made before the rotation can still be read; remove them when those
backups have expired.`

func keyCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "rotate" {
		return usageError{"key: want a subcommand: outreach key rotate"}
	}
	cfg, err := dataFlags("key rotate", keyRotateDescription, args[1:], stderr, getenv, nil)
	if err != nil {
		return err
	}
	path := cfg.MasterKeyFile()
	if _, _, err := seal.LoadOrCreate(path); err != nil {
		return err
	}
	id, err := seal.AddKey(path)
	if err != nil {
		return err
	}
	keys, _, err := seal.LoadOrCreate(path)
	if err != nil {
		return err
	}
	o, err := store.Open(ctx, cfg.Database, cfg.Data, keys, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer o.SQL.Close()
	n, err := o.Keys.RewrapAll(ctx)
	if err != nil {
		return fmt.Errorf("re-wrap data keys (the new key %s is current; run again to finish): %w", id, err)
	}
	if err := o.Audits.Append(ctx, audit.Event{At: time.Now(), Action: audit.KeyRotated, Subject: "key:" + id, Detail: fmt.Sprintf("%d data keys re-wrapped", n)}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Master key %s is now current in %s; re-wrapped %d data keys.\n", id, path, n)
	return nil
}
