package schedule

import (
	"strconv"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/locale"
)

// MaxSlots is the most slots one rotation may have.
const MaxSlots = 200

const (
	minutesPerDay  = 24 * 60
	minutesPerWeek = 7 * minutesPerDay
)

// Slot is one weekly on-call period: from Start to End wall-clock on Weekday in the
// deployment's zone; End <= Start means it runs past midnight into the next day
// (e.g. Friday 18:00 -> 08:00 Saturday), so Start == End is a whole day. Times are
// "HH:MM" 24h. Day is Weekday's lower-case English name, which is what JSON carries;
// the two must agree (NewSlot sets both).
type Slot struct {
	Weekday       time.Weekday `json:"-"`
	Day           string       `json:"day"`   // "monday".."sunday" in JSON
	Start         string       `json:"start"` // "18:00"
	End           string       `json:"end"`   // "08:00"
	InterpreterID int64        `json:"interpreter_id"`
}

// NewSlot returns the slot on weekday from start to end for an interpreter, with Day
// and Weekday in agreement.
func NewSlot(weekday time.Weekday, start, end string, interpreterID int64) Slot {
	return Slot{Weekday: weekday, Day: dayName(weekday), Start: start, End: end, InterpreterID: interpreterID}
}

// Rotation is the weekly pattern for one language and level.
type Rotation struct {
	Language string `json:"language"` // BCP 47
	Level    Level  `json:"level"`
	Slots    []Slot `json:"slots"`
}

// Validate returns nil, or FieldErrors naming every bad value: an unknown day, a bad
// HH:MM time, a non-positive interpreter id, a bad level or language tag, slots that
// overlap, or more than MaxSlots slots.
func (r Rotation) Validate() error {
	var es FieldErrors
	checkLanguage(&es, "language", r.Language)
	checkLevel(&es, "level", r.Level)
	if len(r.Slots) > MaxSlots {
		es.add("slots", "%d slots, at most %d", len(r.Slots), MaxSlots)
		return es.err()
	}
	var spans []indexedSpan
	for i, s := range r.Slots {
		if s.validate(&es, slotPath(i)) {
			sp, _ := s.span()
			spans = append(spans, indexedSpan{i, sp})
		}
	}
	checkOverlaps(&es, r.Slots, spans)
	return es.err()
}

// validate records s's problems under path and reports whether it had none.
func (s Slot) validate(es *FieldErrors, path string) bool {
	n := len(*es)
	if w, ok := parseDay(s.Day); !ok {
		es.add(path+".day", "%q is not a day (monday to sunday)", s.Day)
	} else if w != s.Weekday {
		es.add(path+".day", "%q does not match Weekday %v", s.Day, s.Weekday)
	}
	if _, ok := parseClock(s.Start); !ok {
		es.add(path+".start", "%q is not a time (HH:MM)", s.Start)
	}
	if _, ok := parseClock(s.End); !ok {
		es.add(path+".end", "%q is not a time (HH:MM)", s.End)
	}
	checkInterpreter(es, path+".interpreter_id", s.InterpreterID)
	return len(*es) == n
}

// String describes s for messages: "friday 18:00-08:00".
func (s Slot) String() string {
	return s.Day + " " + s.Start + "-" + s.End
}

// minutes returns the slot's start and end in minutes after midnight of its day; end is
// after start and may pass midnight (up to 48:00 less a minute).
func (s Slot) minutes() (start, end int, ok bool) {
	start, ok1 := parseClock(s.Start)
	end, ok2 := parseClock(s.End)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	if end <= start {
		end += minutesPerDay
	}
	return start, end, true
}

// span is a slot's place in the week in wall-clock minutes after Sunday 00:00; end may
// pass the end of the week.
type span struct{ start, end int }

type indexedSpan struct {
	index int
	span
}

func (s Slot) span() (span, bool) {
	start, end, ok := s.minutes()
	if !ok || s.Weekday < time.Sunday || s.Weekday > time.Saturday {
		return span{}, false
	}
	off := int(s.Weekday) * minutesPerDay
	return span{off + start, off + end}, true
}

// overlaps reports whether a and b share a minute of the week; a slot late on Saturday
// wraps round to Sunday, so b is also compared a week earlier and later.
func (a span) overlaps(b span) bool {
	for _, k := range []int{-minutesPerWeek, 0, minutesPerWeek} {
		if a.start < b.end+k && b.start+k < a.end {
			return true
		}
	}
	return false
}

// checkOverlaps records each slot that overlaps an earlier one, naming the first.
func checkOverlaps(es *FieldErrors, slots []Slot, spans []indexedSpan) {
	for j, b := range spans {
		for _, a := range spans[:j] {
			if a.overlaps(b.span) {
				es.add(slotPath(b.index), "overlaps %s (%s)", slotPath(a.index), slots[a.index])
				break
			}
		}
	}
}

func slotPath(i int) string {
	return "slots[" + strconv.Itoa(i) + "]"
}

// parseClock returns the minutes after midnight of a strict "HH:MM" 24-hour time.
func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, ok1 := twoDigits(s[:2])
	m, ok2 := twoDigits(s[3:])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

func twoDigits(s string) (int, bool) {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// dayName returns the JSON name of w: "monday".
func dayName(w time.Weekday) string {
	if w < time.Sunday || w > time.Saturday {
		return ""
	}
	return strings.ToLower(w.String())
}

// parseDay returns the weekday named exactly name ("monday").
func parseDay(name string) (time.Weekday, bool) {
	switch name {
	case "sunday":
		return time.Sunday, true
	case "monday":
		return time.Monday, true
	case "tuesday":
		return time.Tuesday, true
	case "wednesday":
		return time.Wednesday, true
	case "thursday":
		return time.Thursday, true
	case "friday":
		return time.Friday, true
	case "saturday":
		return time.Saturday, true
	}
	return 0, false
}

func checkLevel(es *FieldErrors, field string, l Level) {
	if l == "" {
		es.add(field, "required")
	} else if _, err := ParseLevel(string(l)); err != nil {
		es.add(field, "%v", err)
	}
}

func checkInterpreter(es *FieldErrors, field string, id int64) {
	if id <= 0 {
		es.add(field, "%d is not an interpreter id (want a positive number)", id)
	}
}

// checkLanguage requires a well-formed BCP 47 tag that names a language: "und" or a
// private-use "x-…" tag would be on call for nobody.
func checkLanguage(es *FieldErrors, field, tag string) {
	if tag == "" {
		es.add(field, "required")
		return
	}
	c, err := locale.Canonical(tag)
	if err != nil {
		es.add(field, "%q is not a BCP 47 language tag", tag)
		return
	}
	if c == "und" || strings.HasPrefix(c, "und-") || strings.HasPrefix(c, "x-") {
		es.add(field, "%q names no language", tag)
	}
}
