package schedule_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/schedule"
)

func TestExpand(t *testing.T) {
	toronto := MustLoadLocation(t, "America/Toronto")
	rotation := func(slots ...schedule.Slot) []schedule.Rotation {
		return []schedule.Rotation{{Language: "ar", Level: schedule.Primary, Slots: slots}}
	}
	shift := func(id int64, start, end string) schedule.Shift {
		return schedule.Shift{InterpreterID: id, Language: "ar", Level: schedule.Primary,
			StartsAt: MustParseTime(t, start), EndsAt: MustParseTime(t, end)}
	}
	saturdayNight := schedule.NewSlot(time.Saturday, "22:00", "08:00", 1)
	tests := []struct {
		name      string
		rotations []schedule.Rotation
		loc       *time.Location
		from, to  string
		want      []schedule.Shift
	}{
		{
			name:      "winter night is 10 hours",
			rotations: rotation(saturdayNight),
			loc:       toronto,
			from:      "2026-01-10T00:00:00-05:00", to: "2026-01-12T00:00:00-05:00",
			want: []schedule.Shift{shift(1, "2026-01-10T22:00:00-05:00", "2026-01-11T08:00:00-05:00")},
		},
		{
			name:      "spring-forward night is 9 hours",
			rotations: rotation(saturdayNight),
			loc:       toronto,
			from:      "2026-03-07T00:00:00-05:00", to: "2026-03-09T00:00:00-04:00",
			want: []schedule.Shift{shift(1, "2026-03-08T03:00:00Z", "2026-03-08T12:00:00Z")},
		},
		{
			name:      "fall-back night is 11 hours",
			rotations: rotation(saturdayNight),
			loc:       toronto,
			from:      "2026-10-31T00:00:00-04:00", to: "2026-11-02T00:00:00-05:00",
			want: []schedule.Shift{shift(1, "2026-11-01T02:00:00Z", "2026-11-01T13:00:00Z")},
		},
		{
			name:      "overnight weekday slots over a week in summer",
			rotations: rotation(schedule.NewSlot(time.Friday, "18:00", "08:00", 2), schedule.NewSlot(time.Monday, "18:00", "08:00", 3)),
			loc:       toronto,
			from:      "2026-07-06T00:00:00-04:00", to: "2026-07-13T00:00:00-04:00",
			want: []schedule.Shift{
				shift(3, "2026-07-06T18:00:00-04:00", "2026-07-07T08:00:00-04:00"),
				shift(2, "2026-07-10T18:00:00-04:00", "2026-07-11T08:00:00-04:00"),
			},
		},
		{
			name:      "a shift begun before from is included",
			rotations: rotation(saturdayNight),
			loc:       toronto,
			from:      "2026-01-11T07:59:00-05:00", to: "2026-01-11T09:00:00-05:00",
			want: []schedule.Shift{shift(1, "2026-01-10T22:00:00-05:00", "2026-01-11T08:00:00-05:00")},
		},
		{
			name:      "a shift ending at from is not",
			rotations: rotation(saturdayNight),
			loc:       toronto,
			from:      "2026-01-11T08:00:00-05:00", to: "2026-01-17T22:00:00-05:00",
		},
		{
			name:      "a whole-day slot crossing spring forward is 23 hours",
			rotations: rotation(schedule.NewSlot(time.Saturday, "12:00", "12:00", 4)),
			loc:       toronto,
			from:      "2026-03-07T12:00:00-05:00", to: "2026-03-07T12:00:01-05:00",
			want: []schedule.Shift{shift(4, "2026-03-07T12:00:00-05:00", "2026-03-08T12:00:00-04:00")},
		},
		{
			name:      "a slot inside the spring gap vanishes that week only",
			rotations: rotation(schedule.NewSlot(time.Sunday, "02:00", "02:30", 5)),
			loc:       toronto,
			from:      "2026-03-01T00:00:00-05:00", to: "2026-03-16T00:00:00-04:00",
			want: []schedule.Shift{
				shift(5, "2026-03-01T02:00:00-05:00", "2026-03-01T02:30:00-05:00"),
				shift(5, "2026-03-15T02:00:00-04:00", "2026-03-15T02:30:00-04:00"),
			},
		},
		{
			name:      "a slot starting in the spring gap starts after it",
			rotations: rotation(schedule.NewSlot(time.Sunday, "02:30", "04:00", 6)),
			loc:       toronto,
			from:      "2026-03-08T00:00:00-05:00", to: "2026-03-09T00:00:00-04:00",
			want: []schedule.Shift{shift(6, "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00")},
		},
		{
			name:      "a slot in the repeated hour takes its first occurrence",
			rotations: rotation(schedule.NewSlot(time.Sunday, "01:30", "02:00", 7)),
			loc:       toronto,
			from:      "2026-11-01T00:00:00-04:00", to: "2026-11-02T00:00:00-05:00",
			want: []schedule.Shift{shift(7, "2026-11-01T01:30:00-04:00", "2026-11-01T02:00:00-05:00")},
		},
		{
			name: "several rotations, sorted by start then interpreter",
			rotations: []schedule.Rotation{
				{Language: "ar", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Monday, "09:00", "17:00", 9)}},
				{Language: "ar", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Monday, "09:00", "12:00", 8), schedule.NewSlot(time.Monday, "07:00", "08:00", 10)}},
			},
			loc:  toronto,
			from: "2026-01-12T00:00:00-05:00", to: "2026-01-13T00:00:00-05:00",
			want: []schedule.Shift{
				shift(10, "2026-01-12T07:00:00-05:00", "2026-01-12T08:00:00-05:00"),
				shift(8, "2026-01-12T09:00:00-05:00", "2026-01-12T12:00:00-05:00"),
				shift(9, "2026-01-12T09:00:00-05:00", "2026-01-12T17:00:00-05:00"),
			},
		},
		{
			name:      "nil location is UTC",
			rotations: rotation(saturdayNight),
			from:      "2026-01-10T00:00:00Z", to: "2026-01-11T00:00:00Z",
			want: []schedule.Shift{shift(1, "2026-01-10T22:00:00Z", "2026-01-11T08:00:00Z")},
		},
		{
			name:      "invalid slots yield nothing",
			rotations: rotation(schedule.NewSlot(time.Saturday, "25:00", "08:00", 1), schedule.Slot{Weekday: 9, Start: "01:00", End: "02:00", InterpreterID: 1}),
			loc:       toronto,
			from:      "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z",
		},
		{
			name:      "empty window",
			rotations: rotation(saturdayNight),
			loc:       toronto,
			from:      "2026-01-11T00:00:00Z", to: "2026-01-11T00:00:00Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := schedule.Expand(tt.rotations, tt.loc, MustParseTime(t, tt.from), MustParseTime(t, tt.to))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("Expand mismatch (-want +got):\n%s", diff)
			}
			for _, s := range got {
				if s.StartsAt.Location() != time.UTC || s.EndsAt.Location() != time.UTC {
					t.Fatalf("Location=%v/%v, want UTC", s.StartsAt.Location(), s.EndsAt.Location())
				}
			}
		})
	}
}

// TestExpandYear checks a year of Saturday nights in Toronto: 52 shifts, each from 22:00
// to 08:00 local, 10 hours long except the two DST nights.
func TestExpandYear(t *testing.T) {
	toronto := MustLoadLocation(t, "America/Toronto")
	rotations := []schedule.Rotation{{Language: "ar", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Saturday, "22:00", "08:00", 1)}}}
	got := schedule.Expand(rotations, toronto, time.Date(2026, 1, 1, 0, 0, 0, 0, toronto), time.Date(2027, 1, 1, 0, 0, 0, 0, toronto))
	if len(got) != 52 {
		t.Fatalf("len(Expand)=%v, want %v", len(got), 52)
	}
	for _, s := range got {
		start, end := s.StartsAt.In(toronto), s.EndsAt.In(toronto)
		if start.Weekday() != time.Saturday || start.Hour() != 22 || end.Hour() != 8 || end.Minute() != 0 {
			t.Fatalf("shift %v-%v local, want Saturday 22:00 to 08:00", start, end)
		}
		want := 10 * time.Hour
		switch start.Format(time.DateOnly) {
		case "2026-03-07":
			want = 9 * time.Hour
		case "2026-10-31":
			want = 11 * time.Hour
		}
		if got := s.EndsAt.Sub(s.StartsAt); got != want {
			t.Fatalf("length of shift from %v=%v, want %v", start, got, want)
		}
	}
}
