package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"github.com/outreach-project/outreach/internal/jobs"
	"github.com/outreach-project/outreach/internal/store/postgres"
	"github.com/outreach-project/outreach/internal/store/sqlite"
	"github.com/outreach-project/outreach/internal/store/sqlstore"
)

// Opened is a migrated database with its store and job runner.
type Opened struct {
	SQL *sql.DB
	// Read is for read-only work (on SQLite a pool of read-only connections; on
	// PostgreSQL the same pool as SQL).
	Read     *sql.DB
	Store    *sqlstore.DB
	Accounts sqlstore.Accounts
	Outbox   sqlstore.Outbox
	Jobs     *jobs.Runner
	// Changes announces committed notifications to live event streams in this process
	// (on PostgreSQL, every instance's).
	Changes *jobs.Changes
	Engine  string // "sqlite" or "postgres"
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
		read    *sql.DB // nil: db serves reads too
		runner  *jobs.Runner
		dialect sqlstore.Dialect
		err     error
	)
	changes := jobs.NewChanges()
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		dialect = postgres.Dialect
		if db, err = postgres.Open(ctx, url); err == nil {
			runner, err = jobs.NewPostgres(ctx, db, url, changes, logger)
		}
	case url == "":
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
		dialect = sqlite.Dialect
		path := filepath.Join(dataDir, "outreach.db")
		if db, err = sqlite.Open(ctx, path); err == nil {
			read, err = sqlite.OpenRead(ctx, path, readConns)
		}
		if err == nil {
			runner, err = jobs.NewSQLite(db, changes, logger)
		}
	default:
		return nil, fmt.Errorf("--database %q: want a postgres:// URL, or nothing for SQLite in the data directory", redact(url))
	}
	if err != nil {
		for _, d := range []*sql.DB{db, read} {
			if d != nil {
				d.Close()
			}
		}
		return nil, err
	}
	if read == nil {
		read = db
	}
	s := &sqlstore.DB{SQL: db, Read: read, Dialect: dialect, Jobs: runner, Changes: runner}
	var sessions scs.Store = sqlite3store.NewWithCleanupInterval(db, 10*time.Minute)
	if dialect.Name == postgres.Dialect.Name {
		sessions = postgresstore.NewWithCleanupInterval(db, 10*time.Minute)
	}
	o := &Opened{SQL: db, Read: read, Store: s, Accounts: sqlstore.Accounts{DB: s}, Outbox: sqlstore.Outbox{DB: s}, Keys: sqlstore.Keys{DB: s}, Audits: sqlstore.Audits{DB: s},
		Jobs: runner, Changes: changes, Engine: dialect.Name, Sessions: sessions}
	if url == "" {
		o.Path = filepath.Join(dataDir, "outreach.db")
	} else {
		o.URL = url
	}
	return o, nil
}

// Close closes the database and the job runner's listener connections.
func (o *Opened) Close() error {
	o.Jobs.Close()
	if o.Read != o.SQL {
		o.Read.Close()
	}
	return o.SQL.Close()
}

// readConns is the size of SQLite's read-only pool.
var readConns = max(4, runtime.GOMAXPROCS(0))

// redact hides a password in a URL for error messages.
func redact(url string) string {
	if at := strings.LastIndex(url, "@"); at > 0 {
		if scheme := strings.Index(url, "://"); scheme > 0 && scheme < at {
			return url[:scheme+3] + "…" + url[at:]
		}
	}
	return url
}
