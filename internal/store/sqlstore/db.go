package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/jobs"
)

// Dialect is what differs between the engines.
type Dialect struct {
	Name string // "sqlite" or "postgres"
	// Numbered placeholders ($1, $2, …) instead of ?.
	Numbered bool
	// ForUpdate is appended to a SELECT that locks its row ("" where the engine locks the
	// whole database for a write transaction, as SQLite does).
	ForUpdate string
	// IsUnique reports a unique-constraint violation.
	IsUnique func(error) bool
	// AuditLock is run before appending to the audit chain ("" where writes are
	// serialised anyway).
	AuditLock string
}

// JobInserter schedules durable jobs inside a transaction.
type JobInserter interface {
	InsertDeadline(ctx context.Context, tx *sql.Tx, c *jobs.Change, requestID int64, step int, at time.Time) error
	InsertDelivery(ctx context.Context, tx *sql.Tx, c *jobs.Change, notificationID int64, channel int, at time.Time) error
}

// Committer hears of each transaction that inserted jobs or notifications: Prepare runs
// inside it just before the commit, Committed after the commit.
type Committer interface {
	Prepare(ctx context.Context, tx *sql.Tx, c jobs.Change) error
	Committed(c jobs.Change)
}

// Jobs inserts jobs in transactions and announces their commits (jobs.Inserter).
type Jobs interface {
	JobInserter
	Committer
}

// Deps is what a DB is built on.
type Deps struct {
	SQL *sql.DB
	// Read serves read-only transactions (nil: SQL does). On SQLite it is a pool of
	// read-only connections beside the single writing one.
	Read    *sql.DB
	Dialect Dialect
	// TxOptions for write transactions (SQLite opens them IMMEDIATE through the DSN).
	TxOptions *sql.TxOptions
	// Jobs inserts deadlines and deliveries and wakes job workers and live event
	// streams on commit.
	Jobs Jobs
	// Sealer encrypts requests' sensitive fields at rest.
	Sealer Sealer
}

// DB is a store over one database; New builds it.
type DB struct {
	SQL *sql.DB
	// Read serves read-only transactions (nil: SQL does).
	Read      *sql.DB
	Dialect   Dialect
	TxOptions *sql.TxOptions
	jobs      Jobs
	sealer    Sealer
}

// New builds a store on d. Jobs and a sealer are required: a store that could drop a
// deadline or keep confidential fields in the clear is not one to build.
func New(d Deps) (*DB, error) {
	if d.SQL == nil || d.Jobs == nil || d.Sealer == nil {
		return nil, errors.New("sqlstore: a database, a job inserter and a sealer are required")
	}
	return &DB{SQL: d.SQL, Read: d.Read, Dialect: d.Dialect, TxOptions: d.TxOptions, jobs: d.Jobs, sealer: d.Sealer}, nil
}

// WithConnections is the same store over other connections to the same database (its
// job inserter and sealer kept): tests count the statements a store sends with it.
func (db *DB) WithConnections(write, read *sql.DB) *DB {
	c := *db
	c.SQL, c.Read = write, read
	return &c
}

// Sealer encrypts and decrypts with per-record data keys (internal/seal.Keyring).
type Sealer interface {
	Seal(plaintext, aad []byte) (sealed, wrapped []byte, keyID string, err error)
	Open(sealed, wrapped []byte, keyID string, aad []byte) ([]byte, error)
	Rewrap(wrapped []byte, keyID string) ([]byte, string, error)
	Current() string
}

// InTx runs fn in a transaction, committing when it returns nil.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context, tx dispatch.Tx) error) error {
	return db.inTx(ctx, func(ctx context.Context, t *Tx) error { return fn(ctx, t) })
}

func (db *DB) inTx(ctx context.Context, fn func(ctx context.Context, t *Tx) error) (err error) {
	sqlTx, err := db.SQL.BeginTx(ctx, db.TxOptions)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", db.Dialect.Name, err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	t := &Tx{tx: sqlTx, db: db}
	if err := fn(ctx, t); err != nil {
		return err
	}
	announce := !t.change.Empty()
	if announce {
		if err := db.jobs.Prepare(ctx, sqlTx, t.change); err != nil {
			return fmt.Errorf("%s: announce commit: %w", db.Dialect.Name, err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", db.Dialect.Name, err)
	}
	if announce {
		db.jobs.Committed(t.change)
	}
	return nil
}

// readTx runs fn in a read-only transaction on the read pool: it sees one consistent
// snapshot and, on SQLite, never waits for the writer.
func (db *DB) readTx(ctx context.Context, fn func(ctx context.Context, t *Tx) error) error {
	pool := db.Read
	if pool == nil {
		pool = db.SQL
	}
	sqlTx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("%s: begin read: %w", db.Dialect.Name, err)
	}
	defer sqlTx.Rollback() //nolint:errcheck // read-only: nothing to keep
	return fn(ctx, &Tx{tx: sqlTx, db: db})
}

// InReadTx runs fn in a read-only transaction on the read pool.
func (db *DB) InReadTx(ctx context.Context, fn func(ctx context.Context, tx dispatch.ReadTx) error) error {
	return db.readTx(ctx, func(ctx context.Context, t *Tx) error { return fn(ctx, t) })
}

// Tx is one transaction; it implements dispatch.Tx.
type Tx struct {
	tx *sql.Tx
	db *DB
	// change is what the commit must announce: jobs inserted, users notified.
	change jobs.Change
}

// rebind turns ? placeholders into $n for engines that number them.
func (t *Tx) rebind(q string) string {
	if !t.db.Dialect.Numbered {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (t *Tx) exec(ctx context.Context, step, q string, args ...any) (sql.Result, error) {
	res, err := t.tx.ExecContext(ctx, t.rebind(q), args...)
	if err != nil {
		return nil, t.wrap(step, err)
	}
	return res, nil
}

func (t *Tx) query(ctx context.Context, step, q string, args ...any) (*sql.Rows, error) {
	rows, err := t.tx.QueryContext(ctx, t.rebind(q), args...)
	if err != nil {
		return nil, t.wrap(step, err)
	}
	return rows, nil
}

// insert runs an INSERT … RETURNING id.
func (t *Tx) insert(ctx context.Context, step, q string, args ...any) (int64, error) {
	var id int64
	if err := t.tx.QueryRowContext(ctx, t.rebind(q+" RETURNING id"), args...).Scan(&id); err != nil {
		return 0, t.wrap(step, err)
	}
	return id, nil
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.rebind(q), args...)
}

// wrap maps driver errors: a unique violation is Conflict, everything else is wrapped
// with the step.
func (t *Tx) wrap(step string, err error) error {
	if t.db.Dialect.IsUnique != nil && t.db.Dialect.IsUnique(err) {
		return &apperr.Error{Code: apperr.Conflict, Key: "ErrAlreadyExists", Detail: step + ": already exists", Err: err}
	}
	return fmt.Errorf("%s: %s: %w", t.db.Dialect.Name, step, err)
}

func (t *Tx) notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, dispatch.KeyNotFound, "%s not found", what)
	}
	return t.wrap("get "+what, err)
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func msPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func fromNullMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

func nullInt(v *int64) any {
	if v == nil {
		return nil
	}
	return *v
}

// maxInList bounds the values of one IN (…) list, well under both engines' limits on
// bound parameters.
const maxInList = 500

// inChunks calls fn with ids maxInList at a time, each chunk's placeholders and values.
func inChunks(ids []int64, fn func(marks string, args []any) error) error {
	for len(ids) > 0 {
		n := min(len(ids), maxInList)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		if err := fn(placeholders(n), args); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
