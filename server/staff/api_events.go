package staff

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/notify"
)

// EventSource reads a user's notifications for live updates.
type EventSource interface {
	Events(ctx context.Context, userID, after int64, limit int) ([]notify.Event, error)
	LatestEvent(ctx context.Context, userID int64) (int64, error)
}

// ChangeFeed wakes a user's streams when a commit gave them a notification: on
// PostgreSQL any instance's commit (LISTEN/NOTIFY), so every instance behind a load
// balancer sees every change without polling the database per stream (jobs.Changes).
type ChangeFeed interface {
	Subscribe(userID int64) (wake <-chan struct{}, stop func())
}

const (
	eventHeartbeat = 15 * time.Second
	eventBatch     = 100
)

func isEventStream(c echo.Context) bool {
	p := c.Request().URL.Path
	return p == apiPrefix+"/events" || p == staffPrefix+"/events"
}

// apiEvents streams the caller's notifications as server-sent events: an advocate's
// requests changing state, an interpreter's offers arriving or being withdrawn. Each
// event carries the kind and ids only; details come from the API. A reconnecting client
// sends Last-Event-ID and misses nothing.
func (s *Server) apiEvents(c echo.Context) error {
	ctx, u := c.Request().Context(), actor(c)
	wake, stop := s.Changes.Subscribe(u.ID) // before the first read, so no commit slips between
	defer stop()
	// A reconnecting EventSource sends Last-Event-ID; a page opening its first stream
	// says with ?after= which events it was rendered with, so none falls between.
	after := c.Request().Header.Get("Last-Event-ID")
	if after == "" {
		after = c.QueryParam("after")
	}
	last, err := strconv.ParseInt(after, 10, 64)
	if err != nil || last < 0 {
		if last, err = s.Events.LatestEvent(ctx, u.ID); err != nil {
			return err
		}
	}
	h := c.Response().Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	c.Response().WriteHeader(http.StatusOK)
	rc := http.NewResponseController(c.Response())
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	fmt.Fprint(c.Response(), "retry: 2000\n\n")
	c.Response().Flush()
	beat := time.NewTicker(eventHeartbeat)
	defer beat.Stop()
	if !s.sendEvents(c, u.ID, &last) {
		return nil // the client reconnects with Last-Event-ID
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.streamsDone:
			return nil
		case <-beat.C:
			if !s.mayStillStream(c, u) {
				return nil
			}
			fmt.Fprint(c.Response(), ": keep-alive\n\n")
			c.Response().Flush()
		case <-wake: // the database is read only when a commit notified this user
			if !s.mayStillStream(c, u) || !s.sendEvents(c, u.ID, &last) {
				return nil
			}
		}
	}
}

// sendEvents writes the user's notifications after *last and advances it; false when
// the database could not be read.
func (s *Server) sendEvents(c echo.Context, userID int64, last *int64) bool {
	for {
		events, err := s.Events.Events(c.Request().Context(), userID, *last, eventBatch)
		if err != nil {
			return false
		}
		for _, e := range events {
			data, _ := json.Marshal(e)
			fmt.Fprintf(c.Response(), "id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Kind, data)
			*last = e.ID
		}
		c.Response().Flush()
		if len(events) < eventBatch {
			return true
		}
	}
}

// mayStillStream checks, before each write, that the account is still active and its
// sessions were not ended (a reset, password change or deactivation raises the epoch):
// a stream opened before then ends at the next event or heartbeat, and reconnecting
// needs a new sign-in.
func (s *Server) mayStillStream(c echo.Context, u *auth.User) bool {
	_, err := s.Accounts.SessionUser(c.Request().Context(), u.ID, u.SessionEpoch)
	return err == nil
}
