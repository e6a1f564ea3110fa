package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/riverqueue/river/riverdriver"

	"github.com/outreach-project/outreach/internal/jobs"
	"github.com/outreach-project/outreach/internal/store/postgres"
	"github.com/outreach-project/outreach/internal/store/sqlite"
	"github.com/outreach-project/outreach/internal/store/sqlstore"
)

// Opened is a migrated database with its store and job runner.
type Opened struct {
	SQL      *sql.DB
	Store    *sqlstore.DB
	Accounts sqlstore.Accounts
	Outbox   sqlstore.Outbox
	Jobs     *jobs.Runner
	Engine   string // "sqlite" or "postgres"
	// Sessions keeps staff browser sessions in the same database.
	Sessions scs.Store
	// Path is the SQLite file ("" for PostgreSQL).
	Path string
	// URL is the PostgreSQL URL ("" for SQLite).
	URL string
	// Keys re-wraps data keys after a master key rotation (once Store.Sealer is set).
	Keys sqlstore.Keys
	// Audits is the audit log.
	Audits sqlstore.Audits
}

// Open opens the database named by url — a postgres:// URL for PostgreSQL, or "" for the
// SQLite file outreach.db in dataDir — and migrates it.
func Open(ctx context.Context, url, dataDir string, logger *slog.Logger) (*Opened, error) {
	var (
		db      *sql.DB
		driver  riverdriver.Driver[*sql.Tx]
		dialect sqlstore.Dialect
		err     error
	)
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		var d riverdriver.Driver[*sql.Tx]
		db, d, err = openPostgres(ctx, url)
		driver, dialect = d, postgres.Dialect
	case url == "":
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
		var d riverdriver.Driver[*sql.Tx]
		db, d, err = openSQLite(ctx, filepath.Join(dataDir, "outreach.db"))
		driver, dialect = d, sqlite.Dialect
	default:
		return nil, fmt.Errorf("--database %q: want a postgres:// URL, or nothing for SQLite in the data directory", redact(url))
	}
	if err != nil {
		return nil, err
	}
	runner, err := jobs.New(driver, logger)
	if err != nil {
		db.Close()
		return nil, err
	}
	s := &sqlstore.DB{SQL: db, Dialect: dialect, Jobs: runner}
	var sessions scs.Store = sqlite3store.NewWithCleanupInterval(db, 10*time.Minute)
	if dialect.Name == postgres.Dialect.Name {
		sessions = postgresstore.NewWithCleanupInterval(db, 10*time.Minute)
	}
	o := &Opened{SQL: db, Store: s, Accounts: sqlstore.Accounts{DB: s}, Outbox: sqlstore.Outbox{DB: s}, Keys: sqlstore.Keys{DB: s}, Audits: sqlstore.Audits{DB: s},
		Jobs: runner, Engine: dialect.Name, Sessions: sessions}
	if url == "" {
		o.Path = filepath.Join(dataDir, "outreach.db")
	} else {
		o.URL = url
	}
	return o, nil
}

func openPostgres(ctx context.Context, url string) (*sql.DB, riverdriver.Driver[*sql.Tx], error) {
	db, d, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	return db, d, nil
}

func openSQLite(ctx context.Context, path string) (*sql.DB, riverdriver.Driver[*sql.Tx], error) {
	db, d, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	return db, d, nil
}

// redact hides a password in a URL for error messages.
func redact(url string) string {
	if at := strings.LastIndex(url, "@"); at > 0 {
		if scheme := strings.Index(url, "://"); scheme > 0 && scheme < at {
			return url[:scheme+3] + "…" + url[at:]
		}
	}
	return url
}
