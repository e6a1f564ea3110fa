package jobs

import (
	"context"
	"errors"
	"sync"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

// River's workers fetch new jobs when they hear this topic with their queue's name: a
// wake-up is announced for each queue.
const insertTopic = "river_insert"

var insertPayloads = []string{`{"queue": "default"}`, `{"queue": "` + deliveryQueue + `"}`}

// sqliteDriver is River's SQLite driver with an in-process listener: one process owns
// the database file, so a commit can wake the workers directly, where River's own
// SQLite listener polls a table every 50 ms on the only connection.
type sqliteDriver struct {
	*riversqlite.Driver
	changes *Changes
}

func (d *sqliteDriver) GetListener(*riverdriver.GetListenenerParams) riverdriver.Listener {
	return &localListener{changes: d.changes}
}

// localListener delivers an insert notification for each published change that made
// a job available. Other topics (leadership, queue control) never arrive: with one
// process there is nobody to hear them from, and River falls back to polling for them.
type localListener struct {
	changes *Changes
	mu      sync.Mutex
	wake    <-chan struct{}
	stop    func()
	insert  bool
	// pending are the queues a wake-up has yet to be handed to.
	pending []string
}

func (l *localListener) Connect(context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stop != nil {
		return errors.New("jobs: listener already connected")
	}
	l.wake, l.stop = l.changes.subscribeJobs()
	return nil
}

func (l *localListener) Close(context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stop != nil {
		l.stop()
		l.stop, l.wake = nil, nil
	}
	return nil
}

func (l *localListener) Listen(_ context.Context, topic string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if topic == insertTopic {
		l.insert = true
	}
	return nil
}

func (l *localListener) Unlisten(_ context.Context, topic string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if topic == insertTopic {
		l.insert = false
	}
	return nil
}

func (l *localListener) Ping(context.Context) error { return nil }
func (l *localListener) Schema() string             { return "" }
func (l *localListener) SetAfterConnectExec(string) {}

func (l *localListener) WaitForNotification(ctx context.Context) (*riverdriver.Notification, error) {
	l.mu.Lock()
	wake := l.wake
	l.mu.Unlock()
	if wake == nil {
		return nil, errors.New("jobs: listener is not connected")
	}
	for {
		l.mu.Lock()
		if len(l.pending) > 0 {
			p := l.pending[0]
			l.pending = l.pending[1:]
			l.mu.Unlock()
			return &riverdriver.Notification{Topic: insertTopic, Payload: p}, nil
		}
		l.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-wake:
		}
		l.mu.Lock()
		if l.insert {
			l.pending = append(l.pending[:0], insertPayloads...)
		}
		l.mu.Unlock()
	}
}
