// Package postgres opens a shared PostgreSQL database for several instances: pgx through
// database/sql, migrations applied under an advisory lock so that instances starting
// together migrate once.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"

	"github.com/outreach-project/outreach/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect is PostgreSQL's: numbered placeholders and row locks.
var Dialect = sqlstore.Dialect{Name: "postgres", Numbered: true, ForUpdate: " FOR UPDATE", IsUnique: isUnique,
	AuditLock: "SELECT pg_advisory_xact_lock(7237119)"}

func isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// migrationLock is the advisory lock key held while migrating ("outreach" in ASCII).
const migrationLock = 0x6f7574726561

// Open connects to url and applies every migration, the application's and River's.
func Open(ctx context.Context, url string) (*sql.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	// Keep every connection open between uses: database/sql keeps 2 idle by default, so
	// under load each further transaction opened a connection (a new server process).
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", migrationLock) //nolint:errcheck
	sub, _ := fs.Sub(migrations, "migrations")
	return sqlstore.Migrate(ctx, db, goose.DialectPostgres, sub, riverdatabasesql.New(db))
}
