package schedule

import (
	"testing"
	"time"
	_ "time/tzdata"
)

func TestWallClock(t *testing.T) {
	tests := []struct {
		name   string
		zone   string
		day    string // local date, YYYY-MM-DD
		minute int
		want   string // RFC 3339, UTC
	}{
		{"winter", "America/Toronto", "2026-01-10", 22 * 60, "2026-01-11T03:00:00Z"},
		{"summer", "America/Toronto", "2026-07-10", 18 * 60, "2026-07-10T22:00:00Z"},
		{"before spring gap", "America/Toronto", "2026-03-08", 1*60 + 59, "2026-03-08T06:59:00Z"},
		{"start of spring gap", "America/Toronto", "2026-03-08", 2 * 60, "2026-03-08T07:00:00Z"},
		{"inside spring gap", "America/Toronto", "2026-03-08", 2*60 + 30, "2026-03-08T07:00:00Z"},
		{"after spring gap", "America/Toronto", "2026-03-08", 3 * 60, "2026-03-08T07:00:00Z"},
		{"fall-back first hour begins", "America/Toronto", "2026-11-01", 1 * 60, "2026-11-01T05:00:00Z"},
		{"fall-back ambiguous takes first", "America/Toronto", "2026-11-01", 1*60 + 30, "2026-11-01T05:30:00Z"},
		{"after fall-back", "America/Toronto", "2026-11-01", 2 * 60, "2026-11-01T07:00:00Z"},
		{"past midnight", "America/Toronto", "2026-03-07", 32 * 60, "2026-03-08T12:00:00Z"},
		{"past midnight fall", "America/Toronto", "2026-10-31", 32 * 60, "2026-11-01T13:00:00Z"},
		{"half-hour DST gap", "Australia/Lord_Howe", "2026-10-04", 2*60 + 15, "2026-10-03T15:30:00Z"},
		{"half-hour DST ambiguous", "Australia/Lord_Howe", "2026-04-05", 1*60 + 45, "2026-04-04T14:45:00Z"},
		{"UTC", "UTC", "2026-03-08", 2*60 + 30, "2026-03-08T02:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatalf("LoadLocation(%q): %v", tt.zone, err)
			}
			day, _ := time.Parse(time.DateOnly, tt.day)
			got := wallClock(loc, day, tt.minute).Format(time.RFC3339)
			if got != tt.want {
				t.Fatalf("wallClock(%s, %s, %d)=%v, want %v", tt.zone, tt.day, tt.minute, got, tt.want)
			}
		})
	}
}

// TestWallClockMonotonic checks every minute of both 2026 transition days in Toronto:
// later wall-clock times never map to earlier instants, and an instant's own wall clock
// is never before the one asked for (equal unless it was skipped).
func TestWallClockMonotonic(t *testing.T) {
	loc, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatalf("LoadLocation: %v", err)
	}
	for _, date := range []string{"2026-03-08", "2026-11-01"} {
		day, _ := time.Parse(time.DateOnly, date)
		var prev time.Time
		for m := 0; m < 2*minutesPerDay; m++ {
			got := wallClock(loc, day, m)
			if got.Before(prev) {
				t.Fatalf("wallClock(%s, %d)=%v, want not before %v", date, m, got, prev)
			}
			naive := day.Add(time.Duration(m) * time.Minute)
			y, mo, d := got.In(loc).Date()
			h, mi, s := got.In(loc).Clock()
			if shown := time.Date(y, mo, d, h, mi, s, 0, time.UTC); shown.Before(naive) {
				t.Fatalf("wallClock(%s, %d) shows %v, want not before %v", date, m, shown, naive)
			}
			prev = got
		}
	}
}
