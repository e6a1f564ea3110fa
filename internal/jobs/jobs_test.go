package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite"
)

// never is a safety interval no test waits for: whatever runs, a wake-up made it run.
const never = time.Hour

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func mustSQLite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "jobs.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	m, err := rivermigrate.New(riversqlite.New(db), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Migrate(context.Background(), rivermigrate.DirectionUp, nil); err != nil {
		t.Fatal(err)
	}
	return db
}

// mustPostgresURL creates a fresh database with River's tables, dropped after the test.
func mustPostgresURL(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("OUTREACH_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("OUTREACH_REQUIRE_POSTGRES") == "1" {
			t.Fatal("OUTREACH_TEST_POSTGRES is not set but OUTREACH_REQUIRE_POSTGRES=1")
		}
		t.Skip("SKIPPED: PostgreSQL tests need OUTREACH_TEST_POSTGRES=postgres://… (.ci/run starts a server and sets it)")
	}
	adminDB, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer adminDB.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "outreach_jobs_" + hex.EncodeToString(b)
	if _, err := adminDB.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", admin); err == nil {
			_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			db.Close()
		}
	})
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	db := mustPostgresDB(t, u.String())
	m, err := rivermigrate.New(riverdatabasesql.New(db), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Migrate(context.Background(), rivermigrate.DirectionUp, nil); err != nil {
		t.Fatal(err)
	}
	return u.String()
}

func mustPostgresDB(t *testing.T, u string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// ran records the jobs a runner worked.
type ran struct {
	mu   sync.Mutex
	runs map[int64]int
	at   map[int64]time.Time
	done chan int64
}

func newRan() *ran {
	return &ran{runs: map[int64]int{}, at: map[int64]time.Time{}, done: make(chan int64, 100)}
}

func (r *ran) record(id int64) {
	r.mu.Lock()
	r.runs[id]++
	r.at[id] = time.Now()
	r.mu.Unlock()
	r.done <- id
}

func startRunner(t *testing.T, r *Runner, got *ran) {
	t.Helper()
	r.HandleDeliveries(func(_ context.Context, id int64, _ int, _ time.Time) error { got.record(id); return nil })
	r.HandleDeadlines(func(_ context.Context, id int64, _ int) error { got.record(id); return nil })
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Stop(context.Background()) })
}

// commit inserts jobs in one transaction and announces it the way the store does.
func commit(t *testing.T, db *sql.DB, r *Runner, insert func(tx *sql.Tx, c *Change) error) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var c Change
	if err := insert(tx, &c); err != nil {
		t.Fatal(err)
	}
	if err := r.Prepare(ctx, tx, c); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	r.Committed(c)
}

// wait waits for n jobs to run; the limit is far below the safety interval, so a job
// that ran was woken, not polled for.
func (r *ran) wait(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for i := 0; i < n; i++ {
		select {
		case <-r.done:
		case <-timeout:
			t.Fatalf("ran %d of %d jobs: nothing woke the workers", i, n)
		}
	}
}

func TestCommitWakesWorkers(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			db, r := openEngine(t, engine, NewChanges())
			got := newRan()
			startRunner(t, r, got)
			for i := int64(1); i <= 3; i++ {
				commit(t, db, r, func(tx *sql.Tx, c *Change) error {
					return r.InsertDelivery(context.Background(), tx, c, i, 0, time.Now())
				})
			}
			got.wait(t, 3)
			// A deadline in the future fires from the runner's timer, not from a poll.
			due := time.Now().Add(300 * time.Millisecond)
			commit(t, db, r, func(tx *sql.Tx, c *Change) error {
				return r.InsertDeadline(context.Background(), tx, c, 99, 1, due)
			})
			got.wait(t, 1)
			got.mu.Lock()
			defer got.mu.Unlock()
			if got.at[99].Before(due) {
				t.Fatalf("deadline ran at %v, before its time %v", got.at[99], due)
			}
		})
	}
}

// TestOtherInstanceWakes inserts through one runner and works through another on the
// same PostgreSQL database: LISTEN/NOTIFY carries the wake-up between instances.
func TestOtherInstanceWakes(t *testing.T) {
	u := mustPostgresURL(t)
	dbA := mustPostgresDB(t, u)
	a, err := newPostgres(context.Background(), dbA, u, NewChanges(), never, quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	_, b := openPostgres(t, u, NewChanges())
	got := newRan()
	startRunner(t, b, got)
	commit(t, dbA, a, func(tx *sql.Tx, c *Change) error {
		return a.InsertDelivery(context.Background(), tx, c, 7, 0, time.Now())
	})
	got.wait(t, 1)
}

// TestChangesReachStreams checks that live event streams hear their own users'
// notifications from another instance's commit, and only those.
func TestChangesReachStreams(t *testing.T) {
	u := mustPostgresURL(t)
	dbA := mustPostgresDB(t, u)
	a, err := newPostgres(context.Background(), dbA, u, NewChanges(), never, quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	changesB := NewChanges()
	_, b := openPostgres(t, u, changesB)
	mine, stop := changesB.Subscribe(1)
	defer stop()
	other, stop2 := changesB.Subscribe(2)
	defer stop2()
	startRunner(t, b, newRan())
	<-mine // the listener's first connection wakes everyone once
	<-other
	commit(t, dbA, a, func(*sql.Tx, *Change) error { return nil }) // announces nothing
	tx, _ := dbA.Begin()
	if err := a.Prepare(context.Background(), tx, Change{Users: []int64{1}}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-mine:
	case <-time.After(60 * time.Second):
		t.Fatal("user 1's stream was not woken")
	}
	select {
	case <-other:
		t.Fatal("user 2's stream was woken by user 1's notification")
	default:
	}
}

func TestChangesFanOut(t *testing.T) {
	c := NewChanges()
	one, stop := c.Subscribe(1)
	two, _ := c.Subscribe(2)
	c.Publish(Change{Users: []int64{1}})
	c.Publish(Change{Users: []int64{1}}) // merges into the pending wake-up
	if got := len(one); got != 1 {
		t.Fatalf("pending wake-ups for user 1=%d, want 1", got)
	}
	if got := len(two); got != 0 {
		t.Fatalf("pending wake-ups for user 2=%d, want 0", got)
	}
	<-one
	stop()
	c.Publish(Change{All: true})
	if got := len(one); got != 0 {
		t.Fatalf("wake-ups after unsubscribing=%d, want 0", got)
	}
	if got := len(two); got != 1 {
		t.Fatalf("wake-ups for user 2 after All=%d, want 1", got)
	}
}

func TestEncodeChange(t *testing.T) {
	due := time.UnixMilli(1_700_000_000_123)
	got := decodeChange(encodeChange(Change{Jobs: true, Due: due, Users: []int64{3, 4}}))
	if !got.Jobs || !got.Due.Equal(due) || len(got.Users) != 2 || got.All {
		t.Fatalf("round trip=%+v, want jobs, due %v, users 3 and 4", got, due)
	}
	many := make([]int64, 2000)
	for i := range many {
		many[i] = int64(1_000_000 + i)
	}
	payload := encodeChange(Change{Users: many})
	if got := decodeChange(payload); !got.All || len(payload) > maxPayload {
		t.Fatalf("a change naming 2000 users=%d bytes, all=%v; want under %d bytes waking everyone", len(payload), got.All, maxPayload)
	}
}

func openEngine(t *testing.T, engine string, changes *Changes) (*sql.DB, *Runner) {
	t.Helper()
	if engine == "postgres" {
		return openPostgres(t, mustPostgresURL(t), changes)
	}
	db := mustSQLite(t)
	r, err := newRunner(&sqliteDriver{Driver: riversqlite.New(db), changes: changes}, changes, nil, never, quiet())
	if err != nil {
		t.Fatal(err)
	}
	return db, r
}

func openPostgres(t *testing.T, u string, changes *Changes) (*sql.DB, *Runner) {
	t.Helper()
	db := mustPostgresDB(t, u)
	r, err := newPostgres(context.Background(), db, u, changes, never, quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return db, r
}
