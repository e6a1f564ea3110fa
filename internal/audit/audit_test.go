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

// TestTruncation: deleting the newest events leaves a chain that verifies on its own;
// only a head kept elsewhere notices.
func TestTruncation(t *testing.T) {
	events := chain(5)
	var first audit.Verifier
	if err := verify(events); err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		_ = first.Next(e)
	}
	kept := first.Head()
	if kept.Seq != 5 {
		t.Fatalf("Head=%v, want event 5", kept)
	}
	parsed, err := audit.ParseHead(kept.String())
	if err != nil || parsed != kept {
		t.Fatalf("ParseHead(%s)=%v,%v", kept, parsed, err)
	}
	tests := []struct {
		name   string
		events []*audit.Event
		want   string
	}{
		{"intact", chain(5), ""},
		{"grown", chain(7), ""},
		{"newest two deleted", chain(5)[:3], "ends at event 3, before the head kept at event 5"},
		{"all deleted", nil, "ends at event 0"},
		{"rewritten", func() []*audit.Event {
			es := chain(4)
			e := &audit.Event{At: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Action: audit.SignIn}
			audit.Seal(e, es[3])
			return append(es, e)
		}(), "event 5 is not the one kept"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v audit.Verifier
			v.Expect(kept)
			for _, e := range tt.events {
				if err := v.Next(e); err != nil {
					t.Fatal(err)
				}
			}
			err := v.Done()
			if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("Done()=%v, want %q", err, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "5", "x:abc", "0:" + kept.Hash, "5:" + strings.ToUpper(kept.Hash)} {
		if _, err := audit.ParseHead(bad); err == nil {
			t.Fatalf("ParseHead(%q) accepted", bad)
		}
	}
}
