package schedule

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// icalTime is the RFC 5545 UTC date-time form: 20260101T180000Z.
const icalTime = "20060102T150405Z"

// foldAt is the longest a content line may be, in octets, before it is folded.
const foldAt = 75

// ICal renders shifts, in the order given, as an RFC 5545 calendar named calName
// (X-WR-CALNAME) with CRLF line endings and lines folded at 75 octets. Each VEVENT has
// a UID that stays the same across renders of the same shift
// ("shift-<start unix>-<interpreter>-<language>-<level>@outreach"), a DTSTAMP of now,
// and DTSTART/DTEND in UTC.
func ICal(calName string, shifts []Shift, now time.Time) []byte {
	var b strings.Builder
	writeLine(&b, "BEGIN:VCALENDAR")
	writeLine(&b, "VERSION:2.0")
	writeLine(&b, "PRODID:-//Outreach//Shifts//EN")
	writeLine(&b, "CALSCALE:GREGORIAN")
	writeLine(&b, "METHOD:PUBLISH")
	writeLine(&b, "X-WR-CALNAME:"+escapeText(calName))
	stamp := now.UTC().Format(icalTime)
	for _, s := range shifts {
		writeEvent(&b, s, stamp)
	}
	writeLine(&b, "END:VCALENDAR")
	return []byte(b.String())
}

func writeEvent(b *strings.Builder, s Shift, stamp string) {
	writeLine(b, "BEGIN:VEVENT")
	writeLine(b, "UID:"+escapeText(shiftUID(s)))
	writeLine(b, "DTSTAMP:"+stamp)
	writeLine(b, "DTSTART:"+s.StartsAt.UTC().Format(icalTime))
	writeLine(b, "DTEND:"+s.EndsAt.UTC().Format(icalTime))
	writeLine(b, "SUMMARY:"+escapeText(fmt.Sprintf("On call (%s): %s", s.Level, s.Language)))
	writeLine(b, "END:VEVENT")
}

// shiftUID identifies a shift by what it is rather than its store id, so expanded
// slots, which have none, keep their UID from one feed to the next.
func shiftUID(s Shift) string {
	return fmt.Sprintf("shift-%d-%d-%s-%s@outreach", s.StartsAt.Unix(), s.InterpreterID, s.Language, s.Level)
}

// writeLine writes one content line, folded so that no physical line exceeds 75
// octets: continuation lines begin with a space, and a UTF-8 sequence is never split.
func writeLine(b *strings.Builder, line string) {
	limit := foldAt
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 {
			cut = limit
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = foldAt - 1
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// escapeText escapes a TEXT value per RFC 5545 §3.3.11: backslash, semicolon, comma and
// newline are escaped; other control characters, which TEXT may not hold, are dropped.
func escapeText(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\r\n", "\n"), "\uFFFD")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
