package audit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/audit"
)

func chain(n int) []*audit.Event {
	var out []*audit.Event
	var prev *audit.Event
	for i := 0; i < n; i++ {
		e := &audit.Event{At: time.Date(2026, 11, 25, 2, i, 0, 0, time.UTC), ActorID: 7, Action: audit.ReadRequest, Subject: "request:1"}
		audit.Seal(e, prev)
		out, prev = append(out, e), e
	}
	return out
}

func verify(events []*audit.Event) error {
	var v audit.Verifier
	for _, e := range events {
		if err := v.Next(e); err != nil {
			return err
		}
	}
	return nil
}

func TestChain(t *testing.T) {
	if err := verify(chain(5)); err != nil {
		t.Fatalf("intact chain: %v", err)
	}
	tests := []struct {
		name   string
		tamper func([]*audit.Event) []*audit.Event
		want   string
	}{
		{"changed detail", func(es []*audit.Event) []*audit.Event { es[2].Detail = "nothing to see"; return es }, "event 3 was changed"},
		{"changed actor", func(es []*audit.Event) []*audit.Event { es[1].ActorID = 8; return es }, "event 2 was changed"},
		{"removed event", func(es []*audit.Event) []*audit.Event { return append(es[:2], es[3:]...) }, "event 4 follows 2"},
		{"rehashed after a change", func(es []*audit.Event) []*audit.Event {
			es[2].Detail = "forged"
			audit.Seal(es[2], es[1]) // the forger recomputes this hash, but not the next event's link
			return es
		}, "event 4 does not follow event 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verify(tt.tamper(chain(5)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Verify error=%v, want %q", err, tt.want)
			}
		})
	}
}
