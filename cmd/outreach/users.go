package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/store"
)

const userAddDescription = `Add a user with a role (advocate, interpreter, coordinator or admin) and print a
one-time password for their first sign-in.`

const tokenCreateDescription = `Create an API token for a user, for "Authorization: Bearer TOKEN". The token is
the last line of the output; only its hash is stored, so it cannot be shown again.`

const migrateDescription = `Apply every pending database migration and exit. serve migrates at start-up too;
with PostgreSQL, instances starting together migrate once (advisory lock).`

// dataFlags parses the flags shared by the commands that touch data.
func dataFlags(name, description string, args []string, stderr io.Writer, getenv func(string) string, extra func(*config.Config, flagSet)) (*config.Config, error) {
	var cfg config.Config
	fs := newFlagSet(name, description, stderr)
	cfg.Flags(fs, getenv)
	if extra != nil {
		extra(&cfg, fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, usageError{err.Error()}
	}
	return &cfg, nil
}

func openAccounts(ctx context.Context, cfg *config.Config) (*store.Opened, error) {
	return store.Open(ctx, cfg.Database, cfg.Data, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func userCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{"user: want a subcommand: outreach user add --role R --email E --name N"}
	}
	var role, email, name string
	cfg, err := dataFlags("user add", userAddDescription, args[1:], stderr, getenv, func(_ *config.Config, fs flagSet) {
		fs.StringVar(&role, "role", "", "`role`: advocate, interpreter, coordinator or admin")
		fs.StringVar(&email, "email", "", "email `address` (the sign-in name)")
		fs.StringVar(&name, "name", "", "the person's `name`")
	})
	if err != nil {
		return err
	}
	r, err := auth.ParseRole(role)
	if err != nil {
		return usageError{"--role: " + err.Error()}
	}
	addr, err := auth.NormalizeEmail(email)
	if err != nil {
		return usageError{"--email: " + err.Error()}
	}
	if strings.TrimSpace(name) == "" {
		return usageError{"--name is required"}
	}
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	o, err := openAccounts(ctx, cfg)
	if err != nil {
		return err
	}
	defer o.SQL.Close()
	u := &auth.User{Email: addr, Name: strings.TrimSpace(name), Role: r, PasswordHash: hash, Active: true, CreatedAt: time.Now()}
	if err := o.Accounts.CreateUser(ctx, u); err != nil {
		if apperr.CodeOf(err) == apperr.Conflict {
			return fmt.Errorf("a user with email %s already exists", addr)
		}
		return err
	}
	if err := o.Audits.Append(ctx, audit.Event{At: time.Now(), Action: audit.UserAdded, Subject: fmt.Sprintf("user:%d", u.ID), Detail: "role " + string(r) + " (command line)"}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added %s %s (id %d).\nOne-time password (shown once):\n%s\n", r, addr, u.ID, password)
	return nil
}

func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError{"token: want a subcommand: outreach token create --email E"}
	}
	var email, name string
	cfg, err := dataFlags("token create", tokenCreateDescription, args[1:], stderr, getenv, func(_ *config.Config, fs flagSet) {
		fs.StringVar(&email, "email", "", "email `address` of the user the token acts as")
		fs.StringVar(&name, "name", "cli", "a `label` for the token")
	})
	if err != nil {
		return err
	}
	addr, err := auth.NormalizeEmail(email)
	if err != nil {
		return usageError{"--email: " + err.Error()}
	}
	o, err := openAccounts(ctx, cfg)
	if err != nil {
		return err
	}
	defer o.SQL.Close()
	u, err := o.Accounts.UserByEmail(ctx, addr)
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return fmt.Errorf("no user with email %s (add one with: outreach user add)", addr)
		}
		return err
	}
	token, hash := auth.NewToken()
	if err := o.Accounts.CreateToken(ctx, u.ID, name, hash, time.Now()); err != nil {
		return err
	}
	if err := o.Audits.Append(ctx, audit.Event{At: time.Now(), Action: audit.TokenCreated, Subject: fmt.Sprintf("user:%d", u.ID), Detail: "command line"}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "API token for %s (%s), shown once:\n%s\n", addr, u.Role, token)
	return nil
}

func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	cfg, err := dataFlags("migrate", migrateDescription, args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	o, err := openAccounts(ctx, cfg)
	if err != nil {
		return err
	}
	defer o.SQL.Close()
	fmt.Fprintf(stdout, "Database (%s) is up to date.\n", o.Engine)
	return nil
}
