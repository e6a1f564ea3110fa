package jobs

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// DeadlineArgs wakes a request when an escalation step's time is up.
type DeadlineArgs struct {
	RequestID int64 `json:"request_id"`
	Step      int   `json:"step"`
}

// Kind names the job in the database.
func (DeadlineArgs) Kind() string { return "escalation_deadline" }

// DeadlineFunc handles a deadline; it must be idempotent (River runs a job at least once).
type DeadlineFunc func(ctx context.Context, requestID int64, step int) error

type deadlineWorker struct {
	river.WorkerDefaults[DeadlineArgs]
	handle DeadlineFunc
}

func (w *deadlineWorker) Work(ctx context.Context, job *river.Job[DeadlineArgs]) error {
	return w.handle(ctx, job.Args.RequestID, job.Args.Step)
}

// Timeout bounds one job run; a job still running after RescueAfter (a crash mid-run)
// is run again.
func (w *deadlineWorker) Timeout(*river.Job[DeadlineArgs]) time.Duration { return 30 * time.Second }

// DeliveryArgs delivers a notification on one of the recipient's channels (0 = first).
type DeliveryArgs struct {
	NotificationID int64 `json:"notification_id"`
	Channel        int   `json:"channel"`
}

// Kind names the job in the database.
func (DeliveryArgs) Kind() string { return "notification_delivery" }

// DeliveryFunc delivers; firstTry is when this job was created. It must be idempotent.
// Returning a Snooze error postpones the job without counting an attempt.
type DeliveryFunc func(ctx context.Context, notificationID int64, channel int, firstTry time.Time) error

// Snooze asks for a delivery to be tried again after a delay, not counted as a failure
// (the recipient's rate limit).
type Snooze interface{ SnoozeFor() time.Duration }

type deliveryWorker struct {
	river.WorkerDefaults[DeliveryArgs]
	handle DeliveryFunc
}

func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[DeliveryArgs]) error {
	err := w.handle(ctx, job.Args.NotificationID, job.Args.Channel, job.CreatedAt)
	var s Snooze
	if errors.As(err, &s) {
		return river.JobSnooze(s.SnoozeFor())
	}
	return err
}

func (w *deliveryWorker) Timeout(*river.Job[DeliveryArgs]) time.Duration { return 20 * time.Second }

// NextRetry backs off 1, 2, 4, 8 s and then every 10 s: failover to the next channel
// happens after 30 s, so a message is never stuck behind a long backoff.
func (w *deliveryWorker) NextRetry(job *river.Job[DeliveryArgs]) time.Time {
	d := time.Second << min(job.Attempt-1, 3)
	return time.Now().Add(min(d, 10*time.Second))
}

// RetentionArgs runs the retention sweep.
type RetentionArgs struct{}

// Kind names the job in the database.
func (RetentionArgs) Kind() string { return "retention_sweep" }

type retentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	handle func(ctx context.Context) error
}

func (w *retentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	return w.handle(ctx)
}

// RetentionEvery is how often the retention sweep runs (on one instance at a time).
const RetentionEvery = time.Hour

// SafetyInterval is how often the runner looks for due jobs when nothing woke it: a
// commit wakes it at once (an in-process signal on SQLite, LISTEN/NOTIFY on PostgreSQL)
// and a timer at the next job's time, so this only bounds what a lost wake-up costs.
const SafetyInterval = 2 * time.Second

// Deliveries have a queue of their own, so that a backlog of messages never holds back
// an escalation deadline. River frees a worker slot only once the job's completion is
// saved, which its completer does in batches every 50 ms; a delivery therefore holds
// a slot for its send and up to 50 ms more, and the slots, not the database, bound how
// many messages a second go out (20 slots: about 350 a second on SQLite). A worker
// waiting on the SMTP server or for the database costs a goroutine.
const (
	deliveryQueue   = "delivery"
	deliveryWorkers = 100
	defaultWorkers  = 20
)

// Settings both River clients share: inserts take their defaults from the client that
// makes them (attempts; the rate of River's own insert notifications).
const (
	maxAttempts   = 25
	fetchCooldown = time.Millisecond // River's least: a fetch follows each freed worker slot
)

// Deps is the database jobs live in and the fan-out that announces commits in the
// process; the Inserter and the Runner are built on the same one.
type Deps struct {
	// SQL is the application's database (on PostgreSQL, pgx through database/sql).
	SQL *sql.DB
	// PostgresURL names the PostgreSQL database SQL is open on, for the runner's
	// listening connections; "" when SQL is SQLite.
	PostgresURL string
	Changes     *Changes
	Logger      *slog.Logger
}

func (d Deps) check() error {
	if d.SQL == nil || d.Changes == nil || d.Logger == nil {
		return errors.New("jobs: a database, a change fan-out and a logger are required")
	}
	return nil
}

// Handlers work the jobs. Each must be idempotent: River runs a job at least once.
type Handlers struct {
	Deadline DeadlineFunc
	// Delivery returns a Snooze error to postpone a delivery without counting a try.
	Delivery DeliveryFunc
	// Retention runs the retention sweep (every RetentionEvery, on one instance).
	Retention func(ctx context.Context) error
}

func (h Handlers) check() error {
	if h.Deadline == nil || h.Delivery == nil || h.Retention == nil {
		return errors.New("jobs: deadline, delivery and retention handlers are required")
	}
	return nil
}
