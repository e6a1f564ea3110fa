package jobs

import (
	"context"
	"database/sql"
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

// Runner works jobs: River's queue with the handlers' workers, the promoter of due jobs
// and, on PostgreSQL, the listener for every instance's commits.
type Runner struct {
	client  *river.Client[*sql.Tx]
	driver  riverdriver.Driver[*sql.Tx]
	changes *Changes
	logger  *slog.Logger
	// pg listens for other instances' commits (nil on SQLite).
	pg     *pgListener
	safety time.Duration

	stop context.CancelFunc
	done sync.WaitGroup
}

// NewRunner builds the runner on d's database with its handlers; it works nothing until
// Start. On SQLite a commit wakes it in the process; on PostgreSQL every instance's
// commits wake every instance, over connections to d.PostgresURL that LISTEN.
func NewRunner(ctx context.Context, d Deps, h Handlers) (*Runner, error) {
	return newRunner(ctx, d, h, SafetyInterval)
}

// newRunner builds the runner; safety is SafetyInterval except in tests, which make it
// long to prove that nothing waits for it.
func newRunner(ctx context.Context, d Deps, h Handlers, safety time.Duration) (*Runner, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	if d.PostgresURL == "" {
		return newClient(&sqliteDriver{Driver: riversqlite.New(d.SQL), changes: d.Changes}, d, h, nil, safety)
	}
	cfg, err := pgxpool.ParseConfig(d.PostgresURL)
	if err != nil {
		return nil, fmt.Errorf("jobs: listener pool: %w", err)
	}
	cfg.MinConns, cfg.MaxConns = 0, 2
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: listener pool: %w", err)
	}
	r, err := newClient(riverdatabasesql.NewWithPgxListener(d.SQL, pool), d, h, &pgListener{pool: pool, changes: d.Changes, logger: d.Logger}, safety)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return r, nil
}

// newClient builds the working River client on driver.
func newClient(driver riverdriver.Driver[*sql.Tx], d Deps, h Handlers, pg *pgListener, safety time.Duration) (*Runner, error) {
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &retentionWorker{handle: h.Retention}); err != nil {
		return nil, fmt.Errorf("jobs: add worker: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &deadlineWorker{handle: h.Deadline}); err != nil {
		return nil, fmt.Errorf("jobs: add worker: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &deliveryWorker{handle: h.Delivery}); err != nil {
		return nil, fmt.Errorf("jobs: add worker: %w", err)
	}
	client, err := river.NewClient(driver, &river.Config{
		Logger: d.Logger,
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: defaultWorkers},
			deliveryQueue:      {MaxWorkers: deliveryWorkers},
		},
		Workers:              workers,
		FetchPollInterval:    safety,
		FetchCooldown:        fetchCooldown,
		RescueStuckJobsAfter: time.Minute,
		MaxAttempts:          maxAttempts,
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(RetentionEvery),
			func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})},
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: new client: %w", err)
	}
	return &Runner{client: client, driver: driver, changes: d.Changes, logger: d.Logger, pg: pg, safety: safety}, nil
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
// Every instance runs this loop: it sleeps until the earliest job's time, or until a
// commit publishes an earlier one. Promotion is River's own conditional update, so
// instances racing for a job promote it once.
//
// River's scheduler makes jobs available up to its interval (5 s) ahead of their time
// and tells the workers only of those already due, so a job it promoted early is fetched
// at the next poll. The loop therefore also times such jobs, and when a job's time comes
// and there was nothing left to promote, it wakes the workers itself.
func (r *Runner) promoteDue(ctx context.Context, wake <-chan struct{}) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	next, forJob := time.Time{}, false
	for {
		jobDue := false
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
			next, jobDue = time.Time{}, forJob
		case <-wake:
			due := r.changes.takeDue()
			if due.IsZero() || (!next.IsZero() && !due.Before(next)) {
				continue // nothing earlier than the timer already waits for
			}
		}
		n, err := r.promote(ctx)
		if err == nil && n == 0 && jobDue {
			err = r.wakeWorkers(ctx)
		}
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return
			}
			r.logger.Warn("jobs: promote due jobs", slog.Any("error", err))
			next, forJob = time.Now().Add(time.Second), false
		case n == promoteBatch:
			next, forJob = time.Now(), false // a full batch: there may be more
		default:
			next, forJob = r.nextDue(ctx)
		}
		timer.Reset(time.Until(next))
	}
}

// promoteBatch bounds one promotion transaction.
const promoteBatch = 500

// promote makes jobs whose time has come available and wakes the workers; it returns
// how many it promoted.
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
	return len(res), nil
}

// wakeWorkers tells the workers that jobs may be available: in the process on SQLite,
// with NOTIFY on PostgreSQL (where River's workers listen).
func (r *Runner) wakeWorkers(ctx context.Context) error {
	if r.pg == nil {
		r.changes.Publish(Change{Jobs: true})
		return nil
	}
	return notifyInsert(ctx, r.driver.GetExecutor())
}

// nextDue is when the earliest job waiting for its time falls due (scheduled, retrying,
// or made available ahead of its time by River's scheduler), or the safety interval from
// now if that is sooner; forJob says it is a job's time.
func (r *Runner) nextDue(ctx context.Context) (next time.Time, forJob bool) {
	now := time.Now()
	next = now.Add(r.safety)
	ahead := river.NewJobListParams().States(rivertype.JobStateAvailable)
	if r.pg != nil {
		ahead = ahead.Where("scheduled_at > @now", river.NamedArgs{"now": now})
	} else {
		ahead = ahead.Where("scheduled_at > datetime('now', 'subsec')") // River's own SQLite time format
	}
	for _, params := range []*river.JobListParams{
		river.NewJobListParams().States(rivertype.JobStateScheduled, rivertype.JobStateRetryable),
		ahead,
	} {
		res, err := r.client.JobList(ctx, params.OrderBy(river.JobListOrderByScheduledAt, river.SortOrderAsc).First(1))
		if err == nil && len(res.Jobs) > 0 && res.Jobs[0].ScheduledAt.Before(next) {
			next, forJob = res.Jobs[0].ScheduledAt, true
		}
	}
	return next, forJob
}
