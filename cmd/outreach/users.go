package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/seal"
	"github.com/outreach-project/outreach/internal/store"
)

// The account commands are for the operator on the server, who holds the database and
// its keys already: they act as auth.Operator and are the one place a sign-in link is
// shown. They parse, call the account service and print; the service holds the rules and
// writes the audit events.

const userAddDescription = `Add a user with a role (advocate, interpreter, coordinator or admin) and print a
single-use sign-in link with which they choose their own password. Nobody else ever
learns it.`

const userResetDescription = `Reset a user's password: every session of theirs ends, every API token is
revoked, and a single-use link to choose a new password is printed.`

const userDeactivateDescription = `Deactivate a user at once: their sessions end, their API tokens, sign-in links
and calendar feed URL stop working. Reactivating revives none of them.`

const userReactivateDescription = `Reactivate a deactivated user. They sign in again; old tokens stay revoked.`

const userRoleDescription = `Give a user another role (advocate, interpreter, coordinator or admin), from
their next request on.`

const tokenCreateDescription = `Create an API token for a user, for "Authorization: Bearer TOKEN". The token is
the last line of the output; only its hash is stored, so it cannot be shown again.`

const tokenRevokeDescription = `Revoke an API token by id (--id), or every token of a user (--email), at once.`

const tokenListDescription = `List a user's API tokens: id, name, created, last used, revoked. Never the tokens.`

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

// openData opens the database for commands that never read or write a request's
// sealed fields: they need no master key.
func openData(ctx context.Context, cfg *config.Config) (*store.Opened, error) {
	return store.Open(ctx, cfg.Database, cfg.Data, seal.NoKeys, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// accounts opens the database and the account service on it; close the first.
func accounts(ctx context.Context, cfg *config.Config) (*store.Opened, *auth.Service, error) {
	o, err := openData(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	svc, err := auth.NewService(auth.Deps{Store: o.Accounts, Now: time.Now, LinkTTL: cfg.LinkTTL})
	if err != nil {
		o.SQL.Close()
		return nil, nil, err
	}
	return o, svc, nil
}

// accountCmd runs one account command: it parses flags, opens the service and calls do.
func accountCmd(ctx context.Context, name, description string, args []string, stderr io.Writer, getenv func(string) string,
	flags func(flagSet), do func(svc *auth.Service) error) error {
	cfg, err := dataFlags(name, description, args, stderr, getenv, func(_ *config.Config, fs flagSet) { flags(fs) })
	if err != nil {
		return err
	}
	o, svc, err := accounts(ctx, cfg)
	if err != nil {
		return err
	}
	defer o.SQL.Close()
	return do(svc)
}

func userCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	const want = "user: want a subcommand: outreach user add | reset | deactivate | reactivate | role"
	if len(args) == 0 {
		return usageError{want}
	}
	var role, email, name string
	emailFlag := func(fs flagSet) { fs.StringVar(&email, "email", "", "email `address` of the user") }
	op := auth.Operator()
	byEmail := func(svc *auth.Service) (*auth.User, error) {
		if email == "" {
			return nil, usageError{"--email is required"}
		}
		u, err := svc.UserByEmail(ctx, op, email)
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil, fmt.Errorf("no user with email %s", email)
		}
		return u, err
	}
	run := func(description string, flags func(flagSet), do func(svc *auth.Service) error) error {
		return accountCmd(ctx, "user "+args[0], description, args[1:], stderr, getenv, flags, do)
	}
	switch args[0] {
	case "add":
		return run(userAddDescription, func(fs flagSet) {
			fs.StringVar(&role, "role", "", "`role`: advocate, interpreter, coordinator or admin")
			fs.StringVar(&email, "email", "", "email `address` (the sign-in name)")
			fs.StringVar(&name, "name", "", "the person's `name`")
		}, func(svc *auth.Service) error {
			r, err := auth.ParseRole(role)
			if err != nil {
				return usageError{"--role: " + err.Error()}
			}
			u, issued, err := svc.AddUser(ctx, op, auth.UserInput{Email: email, Name: name, Role: r})
			if err != nil {
				return inputError(err)
			}
			fmt.Fprintf(stdout, "Added %s %s (id %d).\n", u.Role, u.Email, u.ID)
			printLink(stdout, issued)
			return nil
		})
	case "reset":
		return run(userResetDescription, emailFlag, func(svc *auth.Service) error {
			u, err := byEmail(svc)
			if err != nil {
				return err
			}
			issued, err := svc.ResetPassword(ctx, op, u.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Reset the password of %s (id %d): sessions ended, tokens revoked.\n", u.Email, u.ID)
			printLink(stdout, issued)
			return nil
		})
	case "deactivate", "reactivate":
		desc, act := userDeactivateDescription, (*auth.Service).Deactivate
		if args[0] == "reactivate" {
			desc, act = userReactivateDescription, (*auth.Service).Reactivate
		}
		return run(desc, emailFlag, func(svc *auth.Service) error {
			u, err := byEmail(svc)
			if err != nil {
				return err
			}
			if u, err = act(svc, ctx, op, u.ID); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s (id %d) is now %s.\n", u.Email, u.ID, map[bool]string{true: "active", false: "deactivated"}[u.Active])
			return nil
		})
	case "role":
		return run(userRoleDescription, func(fs flagSet) {
			emailFlag(fs)
			fs.StringVar(&role, "role", "", "the new `role`: advocate, interpreter, coordinator or admin")
		}, func(svc *auth.Service) error {
			r, err := auth.ParseRole(role)
			if err != nil {
				return usageError{"--role: " + err.Error()}
			}
			u, err := byEmail(svc)
			if err != nil {
				return err
			}
			if u, err = svc.ChangeRole(ctx, op, u.ID, r); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s (id %d) is now %s.\n", u.Email, u.ID, u.Role)
			return nil
		})
	}
	return usageError{want}
}

// inputError turns the service's invalid-input errors into usage errors naming the flag.
func inputError(err error) error {
	if f := apperr.FieldOf(err); f != "" && apperr.CodeOf(err) == apperr.Invalid {
		return usageError{"--" + f + ": " + err.Error()}
	}
	if apperr.CodeOf(err) == apperr.Conflict && apperr.FieldOf(err) == "email" {
		return fmt.Errorf("a user with that email already exists")
	}
	return err
}

func printLink(w io.Writer, issued *auth.Issued) {
	fmt.Fprintf(w, "Give this single-use link to the account's owner only; it works until %s.\nThey open it at the staff site's address followed by:\n/staff/set-password?token=%s\n",
		issued.ExpiresAt.Local().Format("2006-01-02 15:04 MST"), issued.Token)
}

func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	const want = "token: want a subcommand: outreach token create --email E | list --email E | revoke --id N | revoke --email E"
	if len(args) == 0 {
		return usageError{want}
	}
	var email, name, id string
	op := auth.Operator()
	userOf := func(svc *auth.Service) (*auth.User, error) {
		if email == "" {
			return nil, usageError{"--email is required"}
		}
		u, err := svc.UserByEmail(ctx, op, email)
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil, fmt.Errorf("no user with email %s (add one with: outreach user add)", email)
		}
		return u, err
	}
	run := func(description string, flags func(flagSet), do func(svc *auth.Service) error) error {
		return accountCmd(ctx, "token "+args[0], description, args[1:], stderr, getenv, flags, do)
	}
	switch args[0] {
	case "create":
		return run(tokenCreateDescription, func(fs flagSet) {
			fs.StringVar(&email, "email", "", "email `address` of the user the token acts as")
			fs.StringVar(&name, "name", "cli", "a `label` for the token")
		}, func(svc *auth.Service) error {
			u, err := userOf(svc)
			if err != nil {
				return err
			}
			token, t, err := svc.CreateToken(ctx, op, u.ID, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "API token %d for %s (%s), shown once:\n%s\n", t.ID, u.Email, u.Role, token)
			return nil
		})
	case "list":
		return run(tokenListDescription, func(fs flagSet) {
			fs.StringVar(&email, "email", "", "email `address` of the user")
		}, func(svc *auth.Service) error {
			u, err := userOf(svc)
			if err != nil {
				return err
			}
			list, err := svc.Tokens(ctx, op, u.ID)
			if err != nil {
				return err
			}
			for _, t := range list {
				state := "live"
				if t.RevokedAt != nil {
					state = "revoked " + t.RevokedAt.Format(time.RFC3339)
				}
				fmt.Fprintf(stdout, "%d\t%s\tcreated %s\t%s\n", t.ID, t.Name, t.CreatedAt.Format(time.RFC3339), state)
			}
			return nil
		})
	case "revoke":
		return run(tokenRevokeDescription, func(fs flagSet) {
			fs.StringVar(&id, "id", "", "`id` of the token (from \"outreach token list\")")
			fs.StringVar(&email, "email", "", "revoke every token of the user with this email `address`")
		}, func(svc *auth.Service) error {
			if (id == "") == (email == "") {
				return usageError{"token revoke: give --id or --email"}
			}
			if email != "" {
				u, err := userOf(svc)
				if err != nil {
					return err
				}
				n, err := svc.RevokeAllTokens(ctx, op, u.ID)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "Revoked %d token(s) of %s.\n", n, u.Email)
				return nil
			}
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil || n <= 0 {
				return usageError{"--id: want a token id"}
			}
			if _, err := svc.RevokeToken(ctx, op, n); err != nil {
				if apperr.CodeOf(err) == apperr.NotFound {
					return fmt.Errorf("no token with id %d", n)
				}
				return err
			}
			fmt.Fprintf(stdout, "Revoked token %d.\n", n)
			return nil
		})
	}
	return usageError{want}
}

func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	cfg, err := dataFlags("migrate", migrateDescription, args, stderr, getenv, nil)
	if err != nil {
		return err
	}
	o, err := openData(ctx, cfg)
	if err != nil {
		return err
	}
	defer o.SQL.Close()
	fmt.Fprintf(stdout, "Database (%s) is up to date.\n", o.Engine)
	return nil
}
