package jobs

import (
	"sync"
	"time"
)

// Change is what one committed transaction did that someone may be waiting for.
type Change struct {
	// Jobs is true when a job became available to run now.
	Jobs bool
	// Due is the earliest time a job inserted for later falls due (zero for none).
	Due time.Time
	// Users got a notification: their live event streams look for it.
	Users []int64
	// All wakes every waiter: something may have been missed (a listener reconnected).
	All bool
}

// Empty reports whether nobody needs to hear of the change.
func (c *Change) Empty() bool { return !c.Jobs && c.Due.IsZero() && len(c.Users) == 0 && !c.All }

// Changes fans committed changes out inside the process: to the job runner and to each
// live event stream, which waits for one user's notifications. Publishing never blocks:
// a wake-up not yet taken stays pending, and more of them merge into it.
type Changes struct {
	mu    sync.Mutex
	users map[int64]map[chan struct{}]struct{}
	jobs  map[chan struct{}]struct{}
	due   time.Time // earliest Due published since the runner last took it
}

// NewChanges returns a fan-out with no waiters.
func NewChanges() *Changes {
	return &Changes{users: make(map[int64]map[chan struct{}]struct{}), jobs: make(map[chan struct{}]struct{})}
}

// Publish wakes whoever waits for c.
func (c *Changes) Publish(ch Change) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ch.Due.IsZero() && (c.due.IsZero() || ch.Due.Before(c.due)) {
		c.due = ch.Due
	}
	if ch.Jobs || !ch.Due.IsZero() || ch.All {
		for w := range c.jobs {
			wake(w)
		}
	}
	if ch.All {
		for _, ws := range c.users {
			for w := range ws {
				wake(w)
			}
		}
		return
	}
	for _, id := range ch.Users {
		for w := range c.users[id] {
			wake(w)
		}
	}
}

func wake(w chan struct{}) {
	select {
	case w <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Subscribe returns a channel that receives after each committed change that gave the
// user a notification, and a function that ends the subscription.
func (c *Changes) Subscribe(userID int64) (<-chan struct{}, func()) {
	w := make(chan struct{}, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.users[userID] == nil {
		c.users[userID] = make(map[chan struct{}]struct{})
	}
	c.users[userID][w] = struct{}{}
	return w, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.users[userID], w)
		if len(c.users[userID]) == 0 {
			delete(c.users, userID)
		}
	}
}

// subscribeJobs is Subscribe for changes that made or scheduled jobs.
func (c *Changes) subscribeJobs() (<-chan struct{}, func()) {
	w := make(chan struct{}, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.jobs[w] = struct{}{}
	return w, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.jobs, w)
	}
}

// takeDue returns and forgets the earliest due time published since the last call.
func (c *Changes) takeDue() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.due
	c.due = time.Time{}
	return d
}
