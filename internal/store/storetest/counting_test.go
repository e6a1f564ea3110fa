package storetest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"github.com/outreach-project/outreach/internal/store"
	"github.com/outreach-project/outreach/internal/store/sqlstore"
)

// statements counts the statements that reach the database through a countingConn.
type statements struct{ n atomic.Int64 }

// countingConnector opens driver connections that count every statement run on them.
type countingConnector struct {
	dsn    string
	driver driver.Driver
	count  *statements
}

func (k countingConnector) Connect(context.Context) (driver.Conn, error) {
	c, err := k.driver.Open(k.dsn)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, count: k.count}, nil
}

func (k countingConnector) Driver() driver.Driver { return k.driver }

// countingConn passes everything to the driver's connection, counting queries and execs
// (prepared statements too, should database/sql fall back to them).
type countingConn struct {
	driver.Conn
	count *statements
}

func (c *countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	c.count.n.Add(1)
	return e.ExecContext(ctx, q, args)
}

func (c *countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	qc, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	c.count.n.Add(1)
	return qc.QueryContext(ctx, q, args)
}

func (c *countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	c.count.n.Add(1)
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, q)
	}
	return c.Conn.Prepare(q)
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *countingConn) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *countingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *countingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// countingStore is a second store over o's database whose connections count the
// statements they run, configured as store.Open configures o's: on SQLite one writing
// connection (IMMEDIATE transactions) beside a pool of read-only ones.
func countingStore(tb testing.TB, o *store.Opened) (*sqlstore.DB, *statements) {
	tb.Helper()
	count := &statements{}
	open := func(d driver.Driver, dsn string, conns int) *sql.DB {
		db := sql.OpenDB(countingConnector{dsn: dsn, driver: d, count: count})
		db.SetMaxOpenConns(conns)
		tb.Cleanup(func() { db.Close() })
		return db
	}
	if o.Path == "" {
		db := open(stdlib.GetDefaultDriver(), o.URL, 4)
		return o.Store.WithConnections(db, db), count
	}
	dsn := func(pragmas ...string) string {
		q := url.Values{}
		for _, p := range append(pragmas, "foreign_keys(1)", "busy_timeout(10000)") {
			q.Add("_pragma", p)
		}
		return "file:" + o.Path + "?" + q.Encode()
	}
	return o.Store.WithConnections(open(&sqlite.Driver{}, dsn()+"&_txlock=immediate", 1), open(&sqlite.Driver{}, dsn("query_only(1)"), 4)), count
}
