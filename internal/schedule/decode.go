package schedule

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/locale"
)

// DecodeRotation parses a rotation from JSON and validates it. Unknown fields are
// rejected; the language is stored in canonical form ("iw" becomes "he") and day names
// are accepted in any case. The error is FieldErrors, each naming its field, e.g.
// `slots[2].start: "25:00" is not a time (HH:MM)`.
func DecodeRotation(data []byte) (Rotation, error) {
	var es FieldErrors
	fields := decodeObject(&es, "", data, "language", "level", "slots")
	if fields == nil {
		return Rotation{}, es.err()
	}
	r := Rotation{
		Language: canonical(decodeString(&es, "language", fields["language"])),
		Level:    Level(decodeString(&es, "level", fields["level"])),
		Slots:    decodeSlots(&es, fields["slots"]),
	}
	if len(es) > 0 {
		return Rotation{}, es
	}
	if err := r.Validate(); err != nil {
		return Rotation{}, err
	}
	return r, nil
}

// DecodeShift parses a one-off shift from JSON ({interpreter_id, language, level,
// starts_at, ends_at}, times in RFC 3339) and validates it. Unknown fields, including
// id, are rejected: a shift's id is the store's to give. Times are stored in UTC.
func DecodeShift(data []byte) (Shift, error) {
	var es FieldErrors
	fields := decodeObject(&es, "", data, "interpreter_id", "language", "level", "starts_at", "ends_at")
	if fields == nil {
		return Shift{}, es.err()
	}
	s := Shift{
		InterpreterID: decodeInt64(&es, "interpreter_id", fields["interpreter_id"]),
		Language:      canonical(decodeString(&es, "language", fields["language"])),
		Level:         Level(decodeString(&es, "level", fields["level"])),
		StartsAt:      decodeTime(&es, "starts_at", fields["starts_at"]),
		EndsAt:        decodeTime(&es, "ends_at", fields["ends_at"]),
	}
	if len(es) > 0 {
		return Shift{}, es
	}
	if err := s.Validate(); err != nil {
		return Shift{}, err
	}
	return s, nil
}

// decodeSlots decodes the slots array; past MaxSlots it decodes none, to bound the work
// an oversized request can cause.
func decodeSlots(es *FieldErrors, raw json.RawMessage) []Slot {
	if raw == nil {
		return nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(raw, &raws); err != nil {
		es.add("slots", "want an array")
		return nil
	}
	if len(raws) > MaxSlots {
		es.add("slots", "%d slots, at most %d", len(raws), MaxSlots)
		return nil
	}
	var slots []Slot
	for i, r := range raws {
		slots = append(slots, decodeSlot(es, slotPath(i), r))
	}
	return slots
}

func decodeSlot(es *FieldErrors, path string, raw json.RawMessage) Slot {
	fields := decodeObject(es, path, raw, "day", "start", "end", "interpreter_id")
	if fields == nil {
		return Slot{}
	}
	s := Slot{
		Day:           decodeString(es, path+".day", fields["day"]),
		Start:         decodeString(es, path+".start", fields["start"]),
		End:           decodeString(es, path+".end", fields["end"]),
		InterpreterID: decodeInt64(es, path+".interpreter_id", fields["interpreter_id"]),
	}
	if w, ok := parseDay(strings.ToLower(s.Day)); ok {
		s.Weekday, s.Day = w, dayName(w)
	}
	return s
}

// decodeObject decodes data as a JSON object whose keys must all be among known. It
// returns nil, having recorded why, when data is not an object.
func decodeObject(es *FieldErrors, path string, data []byte, known ...string) map[string]json.RawMessage {
	var fields map[string]json.RawMessage
	err := json.Unmarshal(data, &fields)
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		es.add(path, "invalid JSON at byte %d: %v", syntax.Offset, err)
		return nil
	case err != nil || fields == nil:
		es.add(path, "want a JSON object")
		return nil
	}
	var unknown []string
	for k := range fields {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		es.add(path, "unknown field %q", k)
	}
	return fields
}

// decodeString decodes a JSON string; an absent field or null is "".
func decodeString(es *FieldErrors, field string, raw json.RawMessage) string {
	var s string
	if raw != nil && json.Unmarshal(raw, &s) != nil {
		es.add(field, "want a string")
	}
	return s
}

// decodeInt64 decodes a JSON integer; an absent field or null is 0.
func decodeInt64(es *FieldErrors, field string, raw json.RawMessage) int64 {
	var n int64
	if raw != nil && json.Unmarshal(raw, &n) != nil {
		es.add(field, "want an integer")
	}
	return n
}

// decodeTime decodes an RFC 3339 string to a UTC time; an absent field, null or "" is
// the zero time.
func decodeTime(es *FieldErrors, field string, raw json.RawMessage) time.Time {
	s := decodeString(es, field, raw)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		es.add(field, "%q is not an RFC 3339 time (2026-01-31T18:00:00-05:00)", s)
		return time.Time{}
	}
	return t.UTC()
}

// canonical returns tag's canonical form, or tag itself when it is malformed so that
// Validate can say so.
func canonical(tag string) string {
	if c, err := locale.Canonical(tag); err == nil {
		return c
	}
	return tag
}
