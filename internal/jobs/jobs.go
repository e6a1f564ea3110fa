package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
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

// PollInterval is how often workers look for due jobs: deadlines fire within about this
// long of their time.
const PollInterval = 200 * time.Millisecond

// Runner owns the River client.
type Runner struct {
	client       *river.Client[*sql.Tx]
	worker       *deadlineWorker
	delivery     *deliveryWorker
	retention    *retentionWorker
	stopPromoter context.CancelFunc
	promoterDone chan struct{}
}

// New builds a runner on a River driver; handle is called for each due deadline (it can
// be set later with HandleDeadlines, before Start).
func New(driver riverdriver.Driver[*sql.Tx], logger *slog.Logger) (*Runner, error) {
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
		FetchPollInterval:    PollInterval,
		FetchCooldown:        50 * time.Millisecond,
		RescueStuckJobsAfter: time.Minute,
		MaxAttempts:          25,
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(RetentionEvery),
			func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})},
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: new client: %w", err)
	}
	return &Runner{client: client, worker: w, delivery: d, retention: rw}, nil
}

// HandleRetention sets the retention sweep.
func (r *Runner) HandleRetention(fn func(ctx context.Context) error) { r.retention.handle = fn }

// HandleDeliveries sets the delivery handler.
func (r *Runner) HandleDeliveries(fn DeliveryFunc) { r.delivery.handle = fn }

// InsertDelivery schedules a delivery job inside tx; once per notification and channel.
func (r *Runner) InsertDelivery(ctx context.Context, tx *sql.Tx, notificationID int64, channel int, at time.Time) error {
	_, err := r.client.InsertTx(ctx, tx, DeliveryArgs{NotificationID: notificationID, Channel: channel}, &river.InsertOpts{
		ScheduledAt: at,
		UniqueOpts:  river.UniqueOpts{ByArgs: true},
	})
	if err != nil {
		return fmt.Errorf("jobs: insert delivery: %w", err)
	}
	return nil
}

// HandleDeadlines sets the deadline handler.
func (r *Runner) HandleDeadlines(fn DeadlineFunc) { r.worker.handle = fn }

// InsertDeadline schedules a deadline job inside tx. A second insert for the same request
// and step is a no-op.
func (r *Runner) InsertDeadline(ctx context.Context, tx *sql.Tx, requestID int64, step int, at time.Time) error {
	_, err := r.client.InsertTx(ctx, tx, DeadlineArgs{RequestID: requestID, Step: step}, &river.InsertOpts{
		ScheduledAt: at,
		UniqueOpts:  river.UniqueOpts{ByArgs: true},
	})
	if err != nil {
		return fmt.Errorf("jobs: insert deadline: %w", err)
	}
	return nil
}

// Start begins working jobs until Stop.
func (r *Runner) Start(ctx context.Context) error {
	if err := r.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	ctx, r.stopPromoter = context.WithCancel(ctx)
	r.promoterDone = make(chan struct{})
	go r.promoteDue(ctx)
	return nil
}

// Stop lets running jobs finish, then stops.
func (r *Runner) Stop(ctx context.Context) error {
	if r.stopPromoter != nil {
		r.stopPromoter()
		<-r.promoterDone
	}
	return r.client.Stop(ctx)
}

// promoteDue makes due deadline jobs available to workers at once. River's scheduler does
// this too, but only on the elected leader and only every few seconds; after a crash the
// dead leader's lease must expire first, which would hold deadlines back by up to ten
// seconds. Every instance runs this loop: retrying a due job twice is harmless.
func (r *Runner) promoteDue(ctx context.Context) {
	defer close(r.promoterDone)
	ticker := time.NewTicker(PollInterval)
	defer ticker.Stop()
	params := river.NewJobListParams().Kinds(DeadlineArgs{}.Kind(), DeliveryArgs{}.Kind()).States(rivertype.JobStateScheduled).
		OrderBy(river.JobListOrderByScheduledAt, river.SortOrderAsc).First(100)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		res, err := r.client.JobList(ctx, params)
		if err != nil {
			continue // the database is busy or down: River and the next tick will retry
		}
		now := time.Now()
		for _, job := range res.Jobs {
			if job.ScheduledAt.After(now) {
				break
			}
			_, _ = r.client.JobRetry(ctx, job.ID)
		}
	}
}
