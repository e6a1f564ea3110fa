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

	"github.com/google/go-cmp/cmp"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river/riverdriver"
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

// handlers record what the runner worked.
func (r *ran) handlers() Handlers {
	return Handlers{
		Deadline:  func(_ context.Context, id int64, _ int) error { r.record(id); return nil },
		Delivery:  func(_ context.Context, id int64, _ int, _ time.Time) error { r.record(id); return nil },
		Retention: func(context.Context) error { return nil },
	}
}

// startRunner builds a runner on d that records the jobs it works into got, and starts it.
func startRunner(t *testing.T, d Deps, got *ran) {
	t.Helper()
	r, err := newRunner(context.Background(), d, got.handlers(), never)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		r.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Stop(context.Background()) })
}

// commit inserts jobs in one transaction and announces it the way the store does.
func commit(t *testing.T, d Deps, in *Inserter, insert func(tx *sql.Tx, c *Change) error) {
	t.Helper()
	ctx := context.Background()
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var c Change
	if err := insert(tx, &c); err != nil {
		t.Fatal(err)
	}
	if err := in.Prepare(ctx, tx, c); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	in.Committed(c)
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
			d := openEngine(t, engine, NewChanges())
			in := mustInserter(t, d)
			got := newRan()
			startRunner(t, d, got)
			for i := int64(1); i <= 3; i++ {
				commit(t, d, in, func(tx *sql.Tx, c *Change) error {
					return in.InsertDelivery(context.Background(), tx, c, i, 0, time.Now())
				})
			}
			got.wait(t, 3)
			// A deadline in the future fires from the runner's timer, not from a poll.
			due := time.Now().Add(300 * time.Millisecond)
			commit(t, d, in, func(tx *sql.Tx, c *Change) error {
				return in.InsertDeadline(context.Background(), tx, c, 99, 1, due)
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

// TestJobMadeAvailableEarlyRuns: River's scheduler makes a job available ahead of its
// time (it looks 5 s ahead) and tells no worker; the runner still wakes its workers when
// the time comes.
func TestJobMadeAvailableEarlyRuns(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			d := openEngine(t, engine, NewChanges())
			in := mustInserter(t, d)
			due := time.Now().Add(time.Second)
			commit(t, d, in, func(tx *sql.Tx, c *Change) error { return in.InsertDeadline(ctx, tx, c, 42, 1, due) })
			ahead := time.Now().Add(5 * time.Second) // what River's leader does on each tick
			if res, err := in.driver.GetExecutor().JobSchedule(ctx, &riverdriver.JobScheduleParams{Max: 10, Now: &ahead}); err != nil || len(res) != 1 {
				t.Fatalf("JobSchedule=%d jobs, %v; want the deadline made available", len(res), err)
			}
			got := newRan()
			startRunner(t, d, got)
			got.wait(t, 1)
			got.mu.Lock()
			defer got.mu.Unlock()
			if got.at[42].Before(due) {
				t.Fatalf("deadline ran at %v, before its time %v", got.at[42], due)
			}
		})
	}
}

// TestInsertOptions checks what the insert-only client writes: a job is unique by its
// arguments, and takes the attempts the runner allows.
func TestInsertOptions(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			d := openEngine(t, engine, NewChanges())
			in := mustInserter(t, d)
			later := time.Now().Add(time.Hour)
			for range 2 {
				commit(t, d, in, func(tx *sql.Tx, c *Change) error {
					return in.InsertDeadline(context.Background(), tx, c, 5, 1, later)
				})
			}
			var n, attempts int
			if err := d.SQL.QueryRow("SELECT count(*), max(max_attempts) FROM river_job").Scan(&n, &attempts); err != nil {
				t.Fatal(err)
			}
			if n != 1 || attempts != maxAttempts {
				t.Fatalf("jobs=%d with max_attempts %d, want 1 with %d", n, attempts, maxAttempts)
			}
		})
	}
}

// TestDeliveriesHaveTheirOwnQueue: a backlog of messages never holds back a deadline,
// and one commit wakes the workers of both queues.
func TestDeliveriesHaveTheirOwnQueue(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			d := openEngine(t, engine, NewChanges())
			in := mustInserter(t, d)
			got := newRan()
			startRunner(t, d, got)
			commit(t, d, in, func(tx *sql.Tx, c *Change) error {
				if err := in.InsertDelivery(ctx, tx, c, 1, 0, time.Now()); err != nil {
					return err
				}
				return in.InsertDeadline(ctx, tx, c, 2, 1, time.Now())
			})
			got.wait(t, 2)
			rows, err := d.SQL.Query("SELECT kind, queue FROM river_job ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var queues []string
			for rows.Next() {
				var kind, queue string
				if err := rows.Scan(&kind, &queue); err != nil {
					t.Fatal(err)
				}
				queues = append(queues, kind+":"+queue)
			}
			want := []string{"notification_delivery:delivery", "escalation_deadline:default"}
			if diff := cmp.Diff(want, queues); diff != "" {
				t.Fatalf("jobs' queues (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunnerNeedsHandlers: a runner without a handler for every kind cannot be built.
func TestRunnerNeedsHandlers(t *testing.T) {
	d := openEngine(t, "sqlite", NewChanges())
	full := newRan().handlers()
	tests := []struct {
		name string
		drop func(h *Handlers)
	}{
		{"no deadline handler", func(h *Handlers) { h.Deadline = nil }},
		{"no delivery handler", func(h *Handlers) { h.Delivery = nil }},
		{"no retention handler", func(h *Handlers) { h.Retention = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := full
			tt.drop(&h)
			if r, err := NewRunner(context.Background(), d, h); err == nil {
				r.Close()
				t.Fatalf("NewRunner error=nil, want an error")
			}
		})
	}
	r, err := NewRunner(context.Background(), d, full)
	if err != nil {
		t.Fatalf("NewRunner with every handler: %v", err)
	}
	r.Close()
}

// TestOtherInstanceWakes inserts through one instance's inserter and works through
// another instance's runner on the same PostgreSQL database: LISTEN/NOTIFY carries the
// wake-up between instances.
func TestOtherInstanceWakes(t *testing.T) {
	u := mustPostgresURL(t)
	a := postgresDeps(t, u, NewChanges())
	in := mustInserter(t, a)
	got := newRan()
	startRunner(t, postgresDeps(t, u, NewChanges()), got)
	commit(t, a, in, func(tx *sql.Tx, c *Change) error {
		return in.InsertDelivery(context.Background(), tx, c, 7, 0, time.Now())
	})
	got.wait(t, 1)
}

// TestChangesReachStreams checks that live event streams hear their own users'
// notifications from another instance's commit, and only those.
func TestChangesReachStreams(t *testing.T) {
	u := mustPostgresURL(t)
	a := postgresDeps(t, u, NewChanges())
	in := mustInserter(t, a)
	b := postgresDeps(t, u, NewChanges())
	mine, stop := b.Changes.Subscribe(1)
	defer stop()
	other, stop2 := b.Changes.Subscribe(2)
	defer stop2()
	startRunner(t, b, newRan())
	<-mine // the listener's first connection wakes everyone once
	<-other
	commit(t, a, in, func(*sql.Tx, *Change) error { return nil }) // announces nothing
	tx, _ := a.SQL.Begin()
	if err := in.Prepare(context.Background(), tx, Change{Users: []int64{1}}); err != nil {
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

// openEngine returns the deps of a fresh database with River's tables.
func openEngine(t *testing.T, engine string, changes *Changes) Deps {
	t.Helper()
	if engine == "postgres" {
		return postgresDeps(t, mustPostgresURL(t), changes)
	}
	return Deps{SQL: mustSQLite(t), Changes: changes, Logger: quiet()}
}

// postgresDeps is one instance's view of the database at u.
func postgresDeps(t *testing.T, u string, changes *Changes) Deps {
	t.Helper()
	return Deps{SQL: mustPostgresDB(t, u), PostgresURL: u, Changes: changes, Logger: quiet()}
}

func mustInserter(t *testing.T, d Deps) *Inserter {
	t.Helper()
	in, err := NewInserter(d)
	if err != nil {
		t.Fatal(err)
	}
	return in
}
