package schedule

import (
	"cmp"
	"slices"
	"time"
)

// MaxShiftLength is the longest a one-off shift may last.
const MaxShiftLength = 14 * 24 * time.Hour

// Shift is one concrete on-call period (a one-off shift or override, or an expanded slot).
type Shift struct {
	ID            int64     `json:"id,omitempty"`
	InterpreterID int64     `json:"interpreter_id"`
	Language      string    `json:"language"`
	Level         Level     `json:"level"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
}

// Validate returns nil, or FieldErrors naming every bad value: a non-positive
// interpreter id, a bad language tag or level, a missing time, or an end that is not
// after the start or more than MaxShiftLength after it.
func (s Shift) Validate() error {
	var es FieldErrors
	checkInterpreter(&es, "interpreter_id", s.InterpreterID)
	checkLanguage(&es, "language", s.Language)
	checkLevel(&es, "level", s.Level)
	checkTimes(&es, s.StartsAt, s.EndsAt)
	return es.err()
}

func checkTimes(es *FieldErrors, start, end time.Time) {
	if start.IsZero() {
		es.add("starts_at", "required")
	}
	if end.IsZero() {
		es.add("ends_at", "required")
	}
	switch {
	case start.IsZero() || end.IsZero():
	case !end.After(start):
		es.add("ends_at", "must be after starts_at")
	case end.Sub(start) > MaxShiftLength:
		es.add("ends_at", "must be at most 14 days after starts_at")
	}
}

// covers reports whether at falls in [StartsAt, EndsAt).
func (s Shift) covers(at time.Time) bool {
	return !at.Before(s.StartsAt) && at.Before(s.EndsAt)
}

// sortShifts orders shifts by start, then interpreter, language, level and end, so
// that every listing is deterministic.
func sortShifts(shifts []Shift) {
	slices.SortStableFunc(shifts, func(a, b Shift) int {
		return cmp.Or(
			a.StartsAt.Compare(b.StartsAt),
			cmp.Compare(a.InterpreterID, b.InterpreterID),
			cmp.Compare(a.Language, b.Language),
			cmp.Compare(a.Level, b.Level),
			a.EndsAt.Compare(b.EndsAt),
		)
	})
}
