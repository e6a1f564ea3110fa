package schedule

import "time"

// wallClock returns the instant, in UTC, at which a clock in loc shows the date of day
// (its year, month and day; its zone is ignored) plus minute minutes, which may pass
// midnight. A wall-clock time skipped by a spring-forward gap moves forward to the first
// instant after the gap; one repeated by a fall-back takes its first occurrence. It
// decides both itself because time.Date leaves them unspecified.
func wallClock(loc *time.Location, day time.Time, minute int) time.Time {
	y, m, d := day.Date()
	naive := time.Date(y, m, d, 0, minute, 0, 0, time.UTC)
	var candidates []time.Time
	for _, probe := range []time.Time{naive.Add(-48 * time.Hour), naive, naive.Add(48 * time.Hour)} {
		_, offset := probe.In(loc).Zone()
		candidates = append(candidates, naive.Add(-time.Duration(offset)*time.Second))
	}
	candidates = append(candidates, time.Date(y, m, d, 0, minute, 0, 0, loc))
	var first, latest time.Time
	for _, c := range candidates {
		if shows(c.In(loc), naive) && (first.IsZero() || c.Before(first)) {
			first = c
		}
		if c.After(latest) {
			latest = c
		}
	}
	if !first.IsZero() {
		return first.UTC()
	}
	return gapEnd(latest.In(loc)).UTC()
}

// shows reports whether t's wall clock reads the same as naive's in UTC.
func shows(t, naive time.Time) bool {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, 0, time.UTC).Equal(naive)
}

// gapEnd returns the first instant after the gap that t, the latest reading of a
// skipped wall-clock time, lies beyond: the start of the zone in effect at t.
func gapEnd(t time.Time) time.Time {
	if start, _ := t.ZoneBounds(); !start.IsZero() {
		return start
	}
	return t
}
