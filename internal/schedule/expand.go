package schedule

import "time"

// Expand turns rotations into concrete shifts overlapping [from, to), sorted by start,
// interpreter, language and level. Slots are wall-clock times in loc (nil means UTC),
// so a slot 18:00-08:00 always runs from 18:00 to 08:00 local, whatever the UTC offset
// does; a wall-clock time that does not exist (spring-forward gap) moves forward to
// the first valid instant, and an ambiguous one (fall-back) takes the first
// occurrence. Slots that do not validate, and slots that vanish entirely into a gap,
// yield no shifts. The work grows with the length of [from, to).
func Expand(rotations []Rotation, loc *time.Location, from, to time.Time) []Shift {
	if loc == nil {
		loc = time.UTC
	}
	if !from.Before(to) {
		return nil
	}
	// A slot can last up to a day, so one that began the day before from may still run;
	// two days of margin also covers a local date that differs from the UTC one.
	first := localDate(from.In(loc)).AddDate(0, 0, -2)
	last := localDate(to.In(loc))
	var out []Shift
	for _, r := range rotations {
		for _, s := range r.Slots {
			out = expandSlot(out, r, s, loc, first, last, from, to)
		}
	}
	sortShifts(out)
	return out
}

// expandSlot appends the shifts of slot s that start on a local date in [first, last]
// and overlap [from, to).
func expandSlot(out []Shift, r Rotation, s Slot, loc *time.Location, first, last, from, to time.Time) []Shift {
	startMin, endMin, ok := s.minutes()
	if !ok || s.Weekday < time.Sunday || s.Weekday > time.Saturday {
		return out
	}
	ahead := (int(s.Weekday) - int(first.Weekday()) + 7) % 7
	for day := first.AddDate(0, 0, ahead); !day.After(last); day = day.AddDate(0, 0, 7) {
		start, end := wallClock(loc, day, startMin), wallClock(loc, day, endMin)
		if start.Before(end) && start.Before(to) && end.After(from) {
			out = append(out, Shift{
				InterpreterID: s.InterpreterID,
				Language:      r.Language,
				Level:         r.Level,
				StartsAt:      start,
				EndsAt:        end,
			})
		}
	}
	return out
}

// localDate returns t's calendar date as midnight UTC, so that stepping by days is
// never disturbed by a change of offset.
func localDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
