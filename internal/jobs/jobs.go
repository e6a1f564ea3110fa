package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
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

// Runner owns the River client.
type Runner struct {
	client    *river.Client[*sql.Tx]
	driver    riverdriver.Driver[*sql.Tx]
	changes   *Changes
	worker    *deadlineWorker
	delivery  *deliveryWorker
	retention *retentionWorker
	logger    *slog.Logger
	// pg listens for other instances' commits (nil on SQLite).
	pg     *pgListener
	safety time.Duration

	stop context.CancelFunc
	done sync.WaitGroup
}

// NewSQLite builds a runner on the SQLite database db; a commit wakes it in-process.
func NewSQLite(db *sql.DB, changes *Changes, logger *slog.Logger) (*Runner, error) {
	return newRunner(&sqliteDriver{Driver: riversqlite.New(db), changes: changes}, changes, nil, SafetyInterval, logger)
}

// NewPostgres builds a runner on the PostgreSQL database db (pgx through database/sql);
// url is the same database's, for the connections that LISTEN. Every instance's commits
// wake every instance.
func NewPostgres(ctx context.Context, db *sql.DB, url string, changes *Changes, logger *slog.Logger) (*Runner, error) {
	return newPostgres(ctx, db, url, changes, SafetyInterval, logger)
}

func newPostgres(ctx context.Context, db *sql.DB, url string, changes *Changes, safety time.Duration, logger *slog.Logger) (*Runner, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("jobs: listener pool: %w", err)
	}
	cfg.MinConns, cfg.MaxConns = 0, 2
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: listener pool: %w", err)
	}
	r, err := newRunner(riverdatabasesql.NewWithPgxListener(db, pool), changes, &pgListener{pool: pool, changes: changes, logger: logger}, safety, logger)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return r, nil
}

// newRunner builds the runner; safety is SafetyInterval except in tests, which make it
// long to prove that nothing waits for it.
func newRunner(driver riverdriver.Driver[*sql.Tx], changes *Changes, pg *pgListener, safety time.Duration, logger *slog.Logger) (*Runner, error) {
	w := &deadlineWorker{handle: func(context.Context, int64, int) error {
		return fmt.Errorf("jobs: no deadline handler")
	}}
	d := &deliveryWorker{handle: func(context.Context, int64, int, time.Time) error {
		return nil // no channels configured: notifications stay in-app only
	}}
	rw := &retentionWorker{handle: func(context.Context) error { return nil }}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, rw); err != nil {
		return nil, fmt.Errorf("jobs: add worker: %w", err)
	}
	if err := river.AddWorkerSafely(workers, w); err != nil {
		return nil, fmt.Errorf("jobs: add worker: %w", err)
	}
	if err := river.AddWorkerSafely(workers, d); err != nil {
		return nil, fmt.Errorf("jobs: add worker: %w", err)
	}
	client, err := river.NewClient(driver, &river.Config{
		Logger:               logger,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 20}},
		Workers:              workers,
		FetchPollInterval:    safety,
		FetchCooldown:        time.Millisecond,
		RescueStuckJobsAfter: time.Minute,
		MaxAttempts:          25,
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(RetentionEvery),
			func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})},
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: new client: %w", err)
	}
	return &Runner{client: client, driver: driver, changes: changes, worker: w, delivery: d, retention: rw, logger: logger, pg: pg, safety: safety}, nil
}

// HandleRetention sets the retention sweep.
func (r *Runner) HandleRetention(fn func(ctx context.Context) error) { r.retention.handle = fn }

// HandleDeliveries sets the delivery handler.
func (r *Runner) HandleDeliveries(fn DeliveryFunc) { r.delivery.handle = fn }

// InsertDelivery schedules a delivery job inside tx, once per notification and channel,
// and records it in c for the commit to announce.
func (r *Runner) InsertDelivery(ctx context.Context, tx *sql.Tx, c *Change, notificationID int64, channel int, at time.Time) error {
	_, err := r.client.InsertTx(ctx, tx, DeliveryArgs{NotificationID: notificationID, Channel: channel}, insertOpts(c, at))
	if err != nil {
		return fmt.Errorf("jobs: insert delivery: %w", err)
	}
	return nil
}

// HandleDeadlines sets the deadline handler.
func (r *Runner) HandleDeadlines(fn DeadlineFunc) { r.worker.handle = fn }

// InsertDeadline schedules a deadline job inside tx and records it in c for the commit
// to announce. A second insert for the same request and step is a no-op.
func (r *Runner) InsertDeadline(ctx context.Context, tx *sql.Tx, c *Change, requestID int64, step int, at time.Time) error {
	_, err := r.client.InsertTx(ctx, tx, DeadlineArgs{RequestID: requestID, Step: step}, insertOpts(c, at))
	if err != nil {
		return fmt.Errorf("jobs: insert deadline: %w", err)
	}
	return nil
}

// insertOpts makes a job unique by its arguments, to run at at, and records it in c. A
// job due now is inserted available: River inserts any job given a time as scheduled,
// for its scheduler to promote later.
func insertOpts(c *Change, at time.Time) *river.InsertOpts {
	opts := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	if at.After(time.Now()) {
		opts.ScheduledAt = at
		if c.Due.IsZero() || at.Before(c.Due) {
			c.Due = at
		}
	} else {
		c.Jobs = true
	}
	return opts
}

// Prepare runs in a transaction that made change, just before its commit. On PostgreSQL
// it sends the notifications (delivered when, and only if, the transaction commits) that
// wake the workers and the waiters of every instance.
func (r *Runner) Prepare(ctx context.Context, tx *sql.Tx, c Change) error {
	if r.pg == nil {
		return nil
	}
	if c.Jobs {
		if err := notifyInsert(ctx, r.driver.UnwrapExecutor(tx)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", changesChannel, encodeChange(c)); err != nil {
		return fmt.Errorf("jobs: notify: %w", err)
	}
	return nil
}

// Committed runs after a transaction that made change committed: it wakes the workers
// and waiters in the process (on PostgreSQL, Prepare's notifications wake the other
// instances, and this one a second time, harmlessly).
func (r *Runner) Committed(c Change) {
	r.changes.Publish(c)
}

// notifyInsert tells the workers that jobs are available, the way River's own inserts
// do; River's insert notifications are rate-limited per client, these are not.
func notifyInsert(ctx context.Context, exec riverdriver.Executor) error {
	err := exec.NotifyMany(ctx, &riverdriver.NotifyManyParams{Topic: insertTopic, Payload: []string{insertPayload}})
	if err != nil {
		return fmt.Errorf("jobs: notify insert: %w", err)
	}
	return nil
}

// Start begins working jobs until Stop.
func (r *Runner) Start(ctx context.Context) error {
	if err := r.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	ctx, r.stop = context.WithCancel(ctx)
	wake, unsubscribe := r.changes.subscribeJobs()
	r.done.Add(1)
	go func() {
		defer r.done.Done()
		defer unsubscribe()
		r.promoteDue(ctx, wake)
	}()
	if r.pg != nil {
		r.done.Add(1)
		go func() {
			defer r.done.Done()
			r.pg.run(ctx)
		}()
	}
	return nil
}

// Stop lets running jobs finish, then stops.
func (r *Runner) Stop(ctx context.Context) error {
	if r.stop != nil {
		r.stop()
		r.done.Wait()
	}
	err := r.client.Stop(ctx)
	r.Close()
	return err
}

// Close releases the PostgreSQL listener connections (Stop does it too).
func (r *Runner) Close() {
	if r.pg != nil {
		r.pg.pool.Close()
	}
}

// promoteDue makes due jobs available to workers on time. River's scheduler does this
// too, but only on the elected leader and only every few seconds; after a crash the dead
// leader's lease must expire first, which would hold deadlines back by up to ten seconds.
// Every instance runs this loop: it sleeps until the earliest scheduled job's time, or
// until a commit publishes an earlier one. Promotion is River's own conditional update,
// so instances racing for a job promote it once.
func (r *Runner) promoteDue(ctx context.Context, wake <-chan struct{}) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	next := time.Time{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
			next = time.Time{}
		case <-wake:
			due := r.changes.takeDue()
			if due.IsZero() || (!next.IsZero() && !due.Before(next)) {
				continue // nothing earlier than the timer already waits for
			}
		}
		n, err := r.promote(ctx)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return
			}
			r.logger.Warn("jobs: promote due jobs", slog.Any("error", err))
			next = time.Now().Add(time.Second)
		case n > 0:
			next = time.Now() // a full batch: there may be more
		default:
			next = r.nextDue(ctx)
		}
		timer.Reset(time.Until(next))
	}
}

// promoteBatch bounds one promotion transaction.
const promoteBatch = 500

// promote makes jobs whose time has come available and wakes the workers; it returns
// how many it promoted when that was a full batch, else 0.
func (r *Runner) promote(ctx context.Context) (int, error) {
	tx, err := r.driver.GetExecutor().Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck
	now := time.Now()
	res, err := tx.JobSchedule(ctx, &riverdriver.JobScheduleParams{Max: promoteBatch, Now: &now})
	if err != nil {
		return 0, err
	}
	if len(res) > 0 && r.pg != nil {
		if err := notifyInsert(ctx, tx); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, err
	}
	if len(res) > 0 && r.pg == nil {
		r.changes.Publish(Change{Jobs: true})
	}
	if len(res) == promoteBatch {
		return len(res), nil
	}
	return 0, nil
}

// nextDue is when the earliest scheduled or retrying job falls due, or the safety
// interval from now if that is sooner.
func (r *Runner) nextDue(ctx context.Context) time.Time {
	limit := time.Now().Add(r.safety)
	params := river.NewJobListParams().States(rivertype.JobStateScheduled, rivertype.JobStateRetryable).
		OrderBy(river.JobListOrderByScheduledAt, river.SortOrderAsc).First(1)
	res, err := r.client.JobList(ctx, params)
	if err != nil || len(res.Jobs) == 0 || res.Jobs[0].ScheduledAt.After(limit) {
		return limit
	}
	return res.Jobs[0].ScheduledAt
}
