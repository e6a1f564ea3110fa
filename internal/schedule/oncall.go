package schedule

import (
	"time"

	"github.com/outreach-project/outreach/internal/locale"
)

// OnCall returns who is on call for language wanted at level at time at. One-off
// shifts at that level whose language serves wanted (locale.Speaks: a shift for "ar"
// serves "ar-SD") and that cover at override the rotations entirely; only when there
// are none do the matching rotations' slots, expanded in loc, decide. The interpreter
// ids are deduplicated and ordered by shift start, then id; nil when nobody is on call.
func OnCall(rotations []Rotation, shifts []Shift, loc *time.Location, wanted string, level Level, at time.Time) []int64 {
	if ids := covering(shifts, wanted, level, at); ids != nil {
		return ids
	}
	var matching []Rotation
	for _, r := range rotations {
		if r.Level == level && locale.Speaks(r.Language, wanted) {
			matching = append(matching, r)
		}
	}
	if len(matching) == 0 {
		return nil
	}
	return covering(Expand(matching, loc, at, at.Add(time.Nanosecond)), wanted, level, at)
}

// covering returns the interpreters of the shifts that cover at for wanted and level.
func covering(shifts []Shift, wanted string, level Level, at time.Time) []int64 {
	var hits []Shift
	for _, s := range shifts {
		if s.Level == level && s.covers(at) && locale.Speaks(s.Language, wanted) {
			hits = append(hits, s)
		}
	}
	sortShifts(hits)
	var ids []int64
	seen := make(map[int64]bool)
	for _, s := range hits {
		if !seen[s.InterpreterID] {
			seen[s.InterpreterID] = true
			ids = append(ids, s.InterpreterID)
		}
	}
	return ids
}
