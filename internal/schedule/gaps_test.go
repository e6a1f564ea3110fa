package schedule_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/schedule"
)

func TestGaps(t *testing.T) {
	toronto := MustLoadLocation(t, "America/Toronto")
	// Weeknights: primary Monday 18:00-08:00 only; secondary Tuesday 20:00-22:00.
	rotations := []schedule.Rotation{
		{Language: "ar", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Monday, "18:00", "08:00", 1)}},
		{Language: "ar", Level: schedule.Secondary, Slots: []schedule.Slot{schedule.NewSlot(time.Tuesday, "20:00", "22:00", 2)}},
		{Language: "fa", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Monday, "00:00", "00:00", 3)}},
	}
	shift := func(id int64, language string, level schedule.Level, start, end string) schedule.Shift {
		return schedule.Shift{InterpreterID: id, Language: language, Level: level, StartsAt: MustParseTime(t, start), EndsAt: MustParseTime(t, end)}
	}
	span := func(from, to string) schedule.Span {
		return schedule.Span{From: MustParseTime(t, from), To: MustParseTime(t, to)}
	}
	// Monday 2026-01-12 12:00 to Wednesday 2026-01-14 00:00, Toronto (UTC-5).
	from, to := "2026-01-12T12:00:00-05:00", "2026-01-14T00:00:00-05:00"
	tests := []struct {
		name   string
		wanted string
		shifts []schedule.Shift
		want   []schedule.Span
	}{
		{name: "rotation leaves three gaps", wanted: "ar", want: []schedule.Span{
			span("2026-01-12T12:00:00-05:00", "2026-01-12T18:00:00-05:00"),
			span("2026-01-13T08:00:00-05:00", "2026-01-13T20:00:00-05:00"),
			span("2026-01-13T22:00:00-05:00", "2026-01-14T00:00:00-05:00"),
		}},
		{name: "a dialect is served by its language's rotation", wanted: "ar-SD", want: []schedule.Span{
			span("2026-01-12T12:00:00-05:00", "2026-01-12T18:00:00-05:00"),
			span("2026-01-13T08:00:00-05:00", "2026-01-13T20:00:00-05:00"),
			span("2026-01-13T22:00:00-05:00", "2026-01-14T00:00:00-05:00"),
		}},
		{name: "a one-off shift fills part of a gap", wanted: "ar",
			shifts: []schedule.Shift{shift(4, "ar", schedule.Secondary, "2026-01-13T10:00:00-05:00", "2026-01-13T21:00:00-05:00")},
			want: []schedule.Span{
				span("2026-01-12T12:00:00-05:00", "2026-01-12T18:00:00-05:00"),
				span("2026-01-13T08:00:00-05:00", "2026-01-13T10:00:00-05:00"),
				span("2026-01-13T22:00:00-05:00", "2026-01-14T00:00:00-05:00"),
			}},
		{name: "a shift in another language fills nothing", wanted: "ar",
			shifts: []schedule.Shift{shift(4, "fa", schedule.Primary, "2026-01-12T12:00:00-05:00", "2026-01-14T00:00:00-05:00")},
			want: []schedule.Span{
				span("2026-01-12T12:00:00-05:00", "2026-01-12T18:00:00-05:00"),
				span("2026-01-13T08:00:00-05:00", "2026-01-13T20:00:00-05:00"),
				span("2026-01-13T22:00:00-05:00", "2026-01-14T00:00:00-05:00"),
			}},
		{name: "whole day slot on Monday only", wanted: "fa", want: []schedule.Span{
			span("2026-01-13T00:00:00-05:00", "2026-01-14T00:00:00-05:00"),
		}},
		{name: "nobody at all", wanted: "so", want: []schedule.Span{span(from, to)}},
		{name: "covered throughout", wanted: "ar",
			shifts: []schedule.Shift{shift(5, "ar", schedule.Primary, "2026-01-12T00:00:00-05:00", "2026-01-15T00:00:00-05:00")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := schedule.Gaps(rotations, tt.shifts, toronto, tt.wanted, MustParseTime(t, from), MustParseTime(t, to))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("Gaps mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if got := schedule.Gaps(rotations, nil, toronto, "ar", MustParseTime(t, to), MustParseTime(t, from)); got != nil {
		t.Fatalf("Gaps(empty period)=%v, want nil", got)
	}
}
