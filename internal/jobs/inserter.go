package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

// Inserter puts jobs in the store's transactions and announces their commits. It never
// works a job (that is the Runner's, built later with its handlers), so the store can
// have it before the services that handle jobs exist.
type Inserter struct {
	// client is insert-only: it has no queues and is never started.
	client  *river.Client[*sql.Tx]
	driver  riverdriver.Driver[*sql.Tx]
	changes *Changes
	// notify announces commits with PostgreSQL NOTIFY too, for every instance.
	notify bool
}

// NewInserter builds the inserter on d's database.
func NewInserter(d Deps) (*Inserter, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	var driver riverdriver.Driver[*sql.Tx] = riversqlite.New(d.SQL)
	if d.PostgresURL != "" {
		driver = riverdatabasesql.New(d.SQL)
	}
	client, err := river.NewClient(driver, &river.Config{
		Logger:        d.Logger,
		FetchCooldown: fetchCooldown,
		MaxAttempts:   maxAttempts,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: new inserting client: %w", err)
	}
	return &Inserter{client: client, driver: driver, changes: d.Changes, notify: d.PostgresURL != ""}, nil
}

// InsertDelivery schedules a delivery job inside tx, once per notification and channel,
// and records it in c for the commit to announce.
func (in *Inserter) InsertDelivery(ctx context.Context, tx *sql.Tx, c *Change, notificationID int64, channel int, at time.Time) error {
	opts := insertOpts(c, at)
	opts.Queue = deliveryQueue
	_, err := in.client.InsertTx(ctx, tx, DeliveryArgs{NotificationID: notificationID, Channel: channel}, opts)
	if err != nil {
		return fmt.Errorf("jobs: insert delivery: %w", err)
	}
	return nil
}

// InsertDeadline schedules a deadline job inside tx and records it in c for the commit
// to announce. A second insert for the same request and step is a no-op.
func (in *Inserter) InsertDeadline(ctx context.Context, tx *sql.Tx, c *Change, requestID int64, step int, at time.Time) error {
	_, err := in.client.InsertTx(ctx, tx, DeadlineArgs{RequestID: requestID, Step: step}, insertOpts(c, at))
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
func (in *Inserter) Prepare(ctx context.Context, tx *sql.Tx, c Change) error {
	if !in.notify {
		return nil
	}
	if c.Jobs {
		if err := notifyInsert(ctx, in.driver.UnwrapExecutor(tx)); err != nil {
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
func (in *Inserter) Committed(c Change) {
	in.changes.Publish(c)
}

// notifyInsert tells the workers that jobs are available, the way River's own inserts
// do; River's insert notifications are rate-limited per client, these are not.
func notifyInsert(ctx context.Context, exec riverdriver.Executor) error {
	err := exec.NotifyMany(ctx, &riverdriver.NotifyManyParams{Topic: insertTopic, Payload: insertPayloads})
	if err != nil {
		return fmt.Errorf("jobs: notify insert: %w", err)
	}
	return nil
}
