package dispatch

import (
	"sort"
	"time"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/schedule"
)

// roster is what routing knows about interpreters at one moment.
type roster struct {
	interpreters []*Interpreter
	primary      map[int64]bool // on call as primary for the request's language
	secondary    map[int64]bool
	busy         map[int64]bool // booked at an overlapping time
	refused      map[int64]bool // declined, declared a conflict or could not be reached for this request
}

// Qualifies reports whether an interpreter can take the request at all: active, speaks
// the language (dialect-aware, High or Exact), offers the modality, matches a gender
// preference, is vetted for a confidential request, is not excluded, has not refused it
// and is not booked at an overlapping time. Urgent requests also need someone on call.
func (rs *roster) qualifies(r *Request, i *Interpreter) bool {
	switch {
	case !i.Active, r.Excludes(i.ID), rs.refused[i.ID], rs.busy[i.ID]:
		return false
	case !oneOf(r.Modality, i.Modalities):
		return false
	case r.GenderPreference != "" && r.GenderPreference != i.Gender:
		return false
	case r.Confidential && !i.Vetted():
		return false
	case r.Urgency == Now && !rs.primary[i.ID] && !rs.secondary[i.ID]:
		return false
	}
	for _, l := range i.Languages {
		if locale.Speaks(l, r.Language) {
			return true
		}
	}
	return false
}

// candidates returns the interpreters a step's targets reach, in a deterministic order:
// on-call primary, secondary, then least recently assigned (never assigned first), then
// by id.
func (rs *roster) candidates(r *Request, targets []Target) []*Interpreter {
	want := func(i *Interpreter) bool {
		for _, t := range targets {
			switch {
			case t == TargetPrimary && rs.primary[i.ID],
				t == TargetSecondary && rs.secondary[i.ID],
				t == TargetAllQualified:
				return true
			}
		}
		return false
	}
	var out []*Interpreter
	for _, i := range rs.interpreters {
		if want(i) && rs.qualifies(r, i) {
			out = append(out, i)
		}
	}
	rank := func(i *Interpreter) int {
		switch {
		case rs.primary[i.ID]:
			return 0
		case rs.secondary[i.ID]:
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(a, b int) bool {
		x, y := out[a], out[b]
		if rank(x) != rank(y) {
			return rank(x) < rank(y)
		}
		if !sameTime(x.LastAssignedAt, y.LastAssignedAt) {
			return x.LastAssignedAt == nil || (y.LastAssignedAt != nil && x.LastAssignedAt.Before(*y.LastAssignedAt))
		}
		return x.ID < y.ID
	})
	return out
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// onCallSet turns schedule.OnCall's answer into a set.
func onCallSet(rot []schedule.Rotation, shifts []schedule.Shift, loc *time.Location, lang string, level schedule.Level, at time.Time) map[int64]bool {
	set := map[int64]bool{}
	for _, id := range schedule.OnCall(rot, shifts, loc, lang, level, at) {
		set[id] = true
	}
	return set
}
