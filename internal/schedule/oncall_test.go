package schedule_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/schedule"
)

func TestOnCall(t *testing.T) {
	toronto := MustLoadLocation(t, "America/Toronto")
	rotations := []schedule.Rotation{
		{Language: "ar", Level: schedule.Primary, Slots: []schedule.Slot{
			schedule.NewSlot(time.Saturday, "22:00", "08:00", 1),
			schedule.NewSlot(time.Friday, "18:00", "08:00", 2),
		}},
		{Language: "ar", Level: schedule.Secondary, Slots: []schedule.Slot{schedule.NewSlot(time.Saturday, "20:00", "10:00", 3)}},
		{Language: "ar-SD", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Saturday, "07:00", "09:00", 11)}},
		{Language: "zh-Hans", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Saturday, "22:00", "08:00", 4)}},
		{Language: "zh-Hant", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Saturday, "22:00", "08:00", 5)}},
	}
	shift := func(id int64, language string, level schedule.Level, start, end string) schedule.Shift {
		return schedule.Shift{InterpreterID: id, Language: language, Level: level,
			StartsAt: MustParseTime(t, start), EndsAt: MustParseTime(t, end)}
	}
	tests := []struct {
		name   string
		shifts []schedule.Shift
		wanted string
		level  schedule.Level
		at     string
		want   []int64
	}{
		{name: "Saturday night", wanted: "ar", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{1}},
		{name: "Friday night past midnight", wanted: "ar", level: schedule.Primary, at: "2026-01-10T06:59:00-05:00", want: []int64{2}},
		{name: "slot end is exclusive", wanted: "zh-Hant", level: schedule.Primary, at: "2026-01-11T08:00:00-05:00"},
		{name: "slot start is inclusive", wanted: "ar", level: schedule.Primary, at: "2026-01-09T18:00:00-05:00", want: []int64{2}},
		{name: "spring forward, after the gap", wanted: "ar", level: schedule.Primary, at: "2026-03-08T06:30:00-04:00", want: []int64{1}},
		{name: "spring forward, 08:00 EDT ends it", wanted: "ar", level: schedule.Primary, at: "2026-03-08T12:00:00Z"},
		{name: "spring forward, 22:00 EST starts it", wanted: "ar", level: schedule.Primary, at: "2026-03-08T03:00:00Z", want: []int64{1}},
		{name: "fall back, second 01:30", wanted: "ar", level: schedule.Primary, at: "2026-11-01T01:30:00-05:00", want: []int64{1}},
		{name: "fall back, 07:59 EST", wanted: "ar", level: schedule.Primary, at: "2026-11-01T12:59:00Z", want: []int64{1}},
		{name: "fall back, 08:00 EST ends it", wanted: "ar", level: schedule.Primary, at: "2026-11-01T13:00:00Z"},
		{name: "dialect is served by the language", wanted: "ar-SD", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{1}},
		{name: "dialect and language rotations both serve", wanted: "ar-SD", level: schedule.Primary, at: "2026-01-10T07:30:00-05:00", want: []int64{2, 11}},
		{name: "secondary level", wanted: "ar", level: schedule.Secondary, at: "2026-01-11T09:00:00-05:00", want: []int64{3}},
		{name: "Traditional Chinese", wanted: "zh-Hant", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{5}},
		{name: "Taiwan gets Traditional", wanted: "zh-TW", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{5}},
		{name: "Simplified Chinese", wanted: "zh-Hans", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{4}},
		{name: "no rotation for the language", wanted: "fa", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00"},
		{name: "unparseable wanted", wanted: "not a tag", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00"},
		{
			name:   "a shift overrides the rotation",
			shifts: []schedule.Shift{shift(9, "ar", schedule.Primary, "2026-01-10T21:00:00-05:00", "2026-01-11T01:00:00-05:00")},
			wanted: "ar", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{9},
		},
		{
			name:   "a shift for the language overrides for a dialect",
			shifts: []schedule.Shift{shift(9, "ar", schedule.Primary, "2026-01-10T21:00:00-05:00", "2026-01-11T01:00:00-05:00")},
			wanted: "ar-SD", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{9},
		},
		{
			name:   "a shift at another level does not override",
			shifts: []schedule.Shift{shift(9, "ar", schedule.Secondary, "2026-01-10T21:00:00-05:00", "2026-01-11T01:00:00-05:00")},
			wanted: "ar", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{1},
		},
		{
			name:   "a shift for another language does not override",
			shifts: []schedule.Shift{shift(9, "zh-Hans", schedule.Primary, "2026-01-10T21:00:00-05:00", "2026-01-11T01:00:00-05:00")},
			wanted: "zh-Hant", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{5},
		},
		{
			name:   "a shift that has ended does not override",
			shifts: []schedule.Shift{shift(9, "ar", schedule.Primary, "2026-01-10T21:00:00-05:00", "2026-01-10T23:00:00-05:00")},
			wanted: "ar", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{1},
		},
		{
			name:   "a shift covers where no rotation does",
			shifts: []schedule.Shift{shift(9, "fa", schedule.Primary, "2026-01-10T21:00:00-05:00", "2026-01-11T01:00:00-05:00")},
			wanted: "fa-AF", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{9},
		},
		{
			name: "overlapping shifts in start order, deduplicated",
			shifts: []schedule.Shift{
				shift(12, "ar", schedule.Primary, "2026-01-10T22:30:00-05:00", "2026-01-11T01:00:00-05:00"),
				shift(9, "ar", schedule.Primary, "2026-01-10T22:30:00-05:00", "2026-01-11T01:00:00-05:00"),
				shift(12, "ar-SD", schedule.Primary, "2026-01-10T21:00:00-05:00", "2026-01-11T01:00:00-05:00"),
				shift(10, "ar", schedule.Primary, "2026-01-10T20:00:00-05:00", "2026-01-11T01:00:00-05:00"),
			},
			wanted: "ar-SD", level: schedule.Primary, at: "2026-01-10T23:00:00-05:00", want: []int64{10, 12, 9},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := schedule.OnCall(rotations, tt.shifts, toronto, tt.wanted, tt.level, MustParseTime(t, tt.at))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("OnCall(%q, %v, %v) mismatch (-want +got):\n%s", tt.wanted, tt.level, tt.at, diff)
			}
		})
	}
}
