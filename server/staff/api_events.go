package staff

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/notify"
)

// EventSource reads a user's notifications for live updates.
type EventSource interface {
	Events(ctx context.Context, userID, after int64, limit int) ([]notify.Event, error)
	LatestEvent(ctx context.Context, userID int64) (int64, error)
}

// Live updates are polled from the database, so every instance behind a load balancer
// sees every change; these bound the cost.
const (
	eventPoll      = 500 * time.Millisecond
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
	poll, beat := time.NewTicker(eventPoll), time.NewTicker(eventHeartbeat)
	defer poll.Stop()
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.streamsDone:
			return nil
		case <-beat.C:
			fmt.Fprint(c.Response(), ": keep-alive\n\n")
		case <-poll.C:
			events, err := s.Events.Events(ctx, u.ID, last, eventBatch)
			if err != nil {
				return nil // the client reconnects with Last-Event-ID
			}
			for _, e := range events {
				data, _ := json.Marshal(e)
				fmt.Fprintf(c.Response(), "id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Kind, data)
				last = e.ID
			}
		}
		c.Response().Flush()
	}
}
