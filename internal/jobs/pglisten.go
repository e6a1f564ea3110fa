package jobs

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// changesChannel is the PostgreSQL channel committed changes are announced on.
const changesChannel = "outreach_changes"

// maxPayload keeps a NOTIFY payload under PostgreSQL's 8000-byte limit; a change too big
// to name its users wakes every waiter instead.
const maxPayload = 7000

type changeMessage struct {
	Jobs  bool    `json:"j,omitempty"`
	Due   int64   `json:"d,omitempty"` // Unix milliseconds
	Users []int64 `json:"u,omitempty"`
	All   bool    `json:"a,omitempty"`
}

func encodeChange(c Change) string {
	m := changeMessage{Jobs: c.Jobs, Users: c.Users, All: c.All}
	if !c.Due.IsZero() {
		m.Due = c.Due.UnixMilli()
	}
	b, _ := json.Marshal(m)
	if len(b) > maxPayload {
		m.Users, m.All = nil, true
		b, _ = json.Marshal(m)
	}
	return string(b)
}

func decodeChange(payload string) Change {
	var m changeMessage
	if err := json.Unmarshal([]byte(payload), &m); err != nil {
		return Change{All: true, Due: time.Now()} // unreadable: everyone looks again
	}
	c := Change{Jobs: m.Jobs, Users: m.Users, All: m.All}
	if m.Due != 0 {
		c.Due = time.UnixMilli(m.Due)
	}
	return c
}

// pgListener holds one connection that LISTENs for committed changes, this instance's
// and the others', and publishes them in the process.
type pgListener struct {
	pool    *pgxpool.Pool
	changes *Changes
	logger  *slog.Logger
}

// run listens until ctx ends, reconnecting after a failure. Each (re)connection wakes
// every waiter, since changes committed while nobody listened were not heard.
func (l *pgListener) run(ctx context.Context) {
	for ctx.Err() == nil {
		err := l.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		l.logger.Warn("jobs: change listener lost its connection", slog.Any("error", err))
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (l *pgListener) listen(ctx context.Context) error {
	pc, err := l.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	conn := pc.Hijack() // a listening connection never goes back to the pool
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return err
	}
	l.changes.Publish(Change{All: true, Due: time.Now()})
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		l.changes.Publish(decodeChange(n.Payload))
	}
}
