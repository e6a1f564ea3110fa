package schedule

import (
	"slices"
	"time"

	"github.com/outreach-project/outreach/internal/locale"
)

// Span is a period [From, To).
type Span struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Duration is how long the span lasts.
func (s Span) Duration() time.Duration { return s.To.Sub(s.From) }

// Gaps returns the periods in [from, to) when nobody is on call for language wanted at
// any level, as OnCall decides it (one-off shifts override a level's rotation while
// they run), merged and in order; nil when it is covered throughout.
func Gaps(rotations []Rotation, shifts []Shift, loc *time.Location, wanted string, from, to time.Time) []Span {
	if !from.Before(to) {
		return nil
	}
	var matching []Rotation
	for _, r := range rotations {
		if locale.Speaks(r.Language, wanted) {
			matching = append(matching, r)
		}
	}
	// Who is on call changes only where a shift starts or ends.
	cuts := []time.Time{from, to}
	for _, s := range append(Expand(matching, loc, from, to), shifts...) {
		if !locale.Speaks(s.Language, wanted) {
			continue
		}
		for _, t := range []time.Time{s.StartsAt, s.EndsAt} {
			if t.After(from) && t.Before(to) {
				cuts = append(cuts, t)
			}
		}
	}
	slices.SortFunc(cuts, time.Time.Compare)
	cuts = slices.CompactFunc(cuts, time.Time.Equal)
	var gaps []Span
	for i := 0; i+1 < len(cuts); i++ {
		at := cuts[i]
		if OnCall(matching, shifts, loc, wanted, Primary, at) != nil || OnCall(matching, shifts, loc, wanted, Secondary, at) != nil {
			continue
		}
		if n := len(gaps); n > 0 && gaps[n-1].To.Equal(at) {
			gaps[n-1].To = cuts[i+1]
		} else {
			gaps = append(gaps, Span{From: at, To: cuts[i+1]})
		}
	}
	return gaps
}
