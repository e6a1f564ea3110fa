package schedule_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/outreach-project/outreach/internal/schedule"
)

func TestICal(t *testing.T) {
	shifts := []schedule.Shift{{
		ID:            42,
		InterpreterID: 7,
		Language:      "ar-SD",
		Level:         schedule.Primary,
		StartsAt:      time.Date(2026, 3, 8, 3, 0, 0, 0, time.UTC),
		EndsAt:        time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC),
	}}
	now := time.Date(2026, 3, 1, 9, 30, 0, 0, MustLoadLocation(t, "America/Toronto"))
	got := string(schedule.ICal("Arabic, primary", shifts, now))
	want := strings.Join([]string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//Outreach//Shifts//EN",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		`X-WR-CALNAME:Arabic\, primary`,
		"BEGIN:VEVENT",
		"UID:shift-1772938800-7-ar-SD-primary@outreach",
		"DTSTAMP:20260301T143000Z",
		"DTSTART:20260308T030000Z",
		"DTEND:20260308T120000Z",
		"SUMMARY:On call (primary): ar-SD",
		"END:VEVENT",
		"END:VCALENDAR",
		"",
	}, "\r\n")
	if got != want {
		t.Fatalf("ICal=\n%q, want\n%q", got, want)
	}
}

func TestICalEmpty(t *testing.T) {
	got := string(schedule.ICal("", nil, time.Unix(0, 0)))
	if strings.Contains(got, "VEVENT") || !strings.HasPrefix(got, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(got, "END:VCALENDAR\r\n") {
		t.Fatalf("ICal(no shifts)=%q, want an empty VCALENDAR", got)
	}
}

func TestICalEscaping(t *testing.T) {
	tests := []struct {
		name, calName, want string
	}{
		{"comma", "a,b", `X-WR-CALNAME:a\,b`},
		{"semicolon", "a;b", `X-WR-CALNAME:a\;b`},
		{"backslash", `a\b`, `X-WR-CALNAME:a\\b`},
		{"newlines", "a\nb\r\nc", `X-WR-CALNAME:a\nb\nc`},
		{"other controls dropped", "a\x00b\x1bc\x7fd\te", "X-WR-CALNAME:abcd\te"},
		{"invalid UTF-8 replaced", "a\xffb", "X-WR-CALNAME:a\uFFFDb"},
		{"everything", `On call; \ "now", please` + "\n", `X-WR-CALNAME:On call\; \\ "now"\, please\n`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(schedule.ICal(tt.calName, nil, time.Unix(0, 0)))
			if !strings.Contains(got, "\r\n"+tt.want+"\r\n") {
				t.Fatalf("ICal(%q)=%q, want a line %q", tt.calName, got, tt.want)
			}
		})
	}
}

func TestICalFolding(t *testing.T) {
	calName := strings.Repeat("Interprètes arabes — العربية, ", 6)
	got := schedule.ICal(calName, nil, time.Unix(0, 0))
	if !bytes.HasSuffix(got, []byte("\r\n")) {
		t.Fatalf("ICal ends %q, want CRLF", got[len(got)-2:])
	}
	lines := strings.Split(strings.TrimSuffix(string(got), "\r\n"), "\r\n")
	folded := 0
	for _, line := range lines {
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("line %q holds a bare CR or LF, want CRLF line endings only", line)
		}
		if len(line) > 75 {
			t.Fatalf("len(%q)=%v, want at most 75 octets", line, len(line))
		}
		if !utf8.ValidString(line) {
			t.Fatalf("line %q splits a UTF-8 sequence", line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded < 3 {
		t.Fatalf("continuation lines=%v, want at least 3 for a %d-octet name", folded, len(calName))
	}
	unfolded := strings.ReplaceAll(string(got), "\r\n ", "")
	if want := "\r\nX-WR-CALNAME:" + strings.ReplaceAll(calName, ",", `\,`) + "\r\n"; !strings.Contains(unfolded, want) {
		t.Fatalf("unfolded ICal=%q, want it to contain %q", unfolded, want)
	}
}

func TestICalFoldsAtExactly75(t *testing.T) {
	name74 := strings.Repeat("x", 75-len("X-WR-CALNAME:"))
	got := string(schedule.ICal(name74, nil, time.Unix(0, 0)))
	if !strings.Contains(got, "\r\nX-WR-CALNAME:"+name74+"\r\n") {
		t.Fatalf("ICal folded a 75-octet line: %q", got)
	}
	got = string(schedule.ICal(name74+"y", nil, time.Unix(0, 0)))
	if !strings.Contains(got, "\r\nX-WR-CALNAME:"+name74+"\r\n y\r\n") {
		t.Fatalf("ICal did not fold a 76-octet line after 75 octets: %q", got)
	}
}

// TestICalUIDStable checks that a shift keeps its UID whatever its store id, the time
// of rendering or the order of the feed, so calendar clients update rather than
// duplicate it.
func TestICalUIDStable(t *testing.T) {
	a := schedule.Shift{InterpreterID: 7, Language: "ar", Level: schedule.Primary,
		StartsAt: time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 11, 1, 13, 0, 0, 0, time.UTC)}
	b := a
	b.InterpreterID, b.ID = 8, 99
	first := uids(schedule.ICal("x", []schedule.Shift{a, b}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	a.ID = 5
	second := uids(schedule.ICal("x", []schedule.Shift{b, a}, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)))
	want := []string{"shift-1793498400-7-ar-primary@outreach", "shift-1793498400-8-ar-primary@outreach"}
	if strings.Join(first, " ") != strings.Join(want, " ") {
		t.Fatalf("UIDs=%v, want %v", first, want)
	}
	if first[0] != second[1] || first[1] != second[0] {
		t.Fatalf("UIDs=%v then %v, want the same per shift", first, second)
	}
}

func uids(cal []byte) []string {
	var out []string
	for _, line := range strings.Split(string(cal), "\r\n") {
		if uid, ok := strings.CutPrefix(line, "UID:"); ok {
			out = append(out, uid)
		}
	}
	return out
}
