package store

import (
	"context"
	"database/sql"
	"errors"
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

// Opened is a migrated database with its store. Jobs are inserted through it; a
// jobs.Runner built on the same SQL, URL and Changes works them.
type Opened struct {
	SQL *sql.DB
	// Read is for read-only work (on SQLite a pool of read-only connections; on
	// PostgreSQL the same pool as SQL).
	Read     *sql.DB
	Store    *sqlstore.DB
	Accounts sqlstore.Accounts
	Outbox   sqlstore.Outbox
	// Changes announces committed jobs and notifications in this process (on
	// PostgreSQL, every instance's, once a runner listens): to the job runner and to
	// live event streams.
	Changes *jobs.Changes
	Engine  string // "sqlite" or "postgres"
	// Sessions keeps staff browser sessions in the same database.
	Sessions scs.Store
	// Path is the SQLite file ("" for PostgreSQL).
	Path string
	// URL is the PostgreSQL URL ("" for SQLite).
	URL string
	// Keys re-wraps data keys after a master key rotation.
	Keys sqlstore.Keys
	// Audits is the audit log.
	Audits sqlstore.Audits
}

// Open opens the database named by url — a postgres:// URL for PostgreSQL, or "" for the
// SQLite file outreach.db in dataDir — and migrates it. Requests' sensitive fields are
// sealed with sealer (internal/seal.Keyring).
func Open(ctx context.Context, url, dataDir string, sealer sqlstore.Sealer, logger *slog.Logger) (*Opened, error) {
	var (
		db      *sql.DB
		read    *sql.DB // nil: db serves reads too
		dialect sqlstore.Dialect
		err     error
	)
	if sealer == nil {
		return nil, errors.New("store: no master keys to seal requests with")
	}
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		dialect = postgres.Dialect
		db, err = postgres.Open(ctx, url)
	case url == "":
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("data directory: %w", err)
		}
		dialect = sqlite.Dialect
		path := filepath.Join(dataDir, "outreach.db")
		if db, err = sqlite.Open(ctx, path); err == nil {
			read, err = sqlite.OpenRead(ctx, path, readConns)
		}
	default:
		return nil, fmt.Errorf("--database %q: want a postgres:// URL, or nothing for SQLite in the data directory", redact(url))
	}
	if read == nil {
		read = db
	}
	changes := jobs.NewChanges()
	var s *sqlstore.DB
	if err == nil {
		s, err = newStore(db, read, dialect, url, changes, sealer, logger)
	}
	if err != nil {
		for _, d := range []*sql.DB{db, read} {
			if d != nil {
				d.Close() // read may be db: a second Close does nothing
			}
		}
		return nil, err
	}
	// On SQLite, sessions are read on the read pool and written on the writer, so that
	// reading a page's session never waits for a write.
	var sessions scs.Store = splitSessions{read: sqlite3store.NewWithCleanupInterval(read, 0), Store: sqlite3store.NewWithCleanupInterval(db, 10*time.Minute)}
	if dialect.Name == postgres.Dialect.Name {
		sessions = postgresstore.NewWithCleanupInterval(db, 10*time.Minute)
	}
	o := &Opened{SQL: db, Read: read, Store: s, Accounts: sqlstore.Accounts{DB: s}, Outbox: sqlstore.Outbox{DB: s}, Keys: sqlstore.Keys{DB: s}, Audits: sqlstore.Audits{DB: s},
		Changes: changes, Engine: dialect.Name, Sessions: sessions}
	if url == "" {
		o.Path = filepath.Join(dataDir, "outreach.db")
	} else {
		o.URL = url
	}
	return o, nil
}

// newStore builds the store on an open database, with the inserter of its jobs.
func newStore(db, read *sql.DB, dialect sqlstore.Dialect, url string, changes *jobs.Changes, sealer sqlstore.Sealer, logger *slog.Logger) (*sqlstore.DB, error) {
	in, err := jobs.NewInserter(jobs.Deps{SQL: db, PostgresURL: url, Changes: changes, Logger: logger})
	if err != nil {
		return nil, err
	}
	return sqlstore.New(sqlstore.Deps{SQL: db, Read: read, Dialect: dialect, Jobs: in, Sealer: sealer})
}

// Close closes the database.
func (o *Opened) Close() error {
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

// splitSessions is a session store that finds sessions with read and writes them with
// the embedded store.
type splitSessions struct {
	scs.Store
	read scs.Store
}

func (s splitSessions) Find(token string) ([]byte, bool, error) { return s.read.Find(token) }
