package schedule_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/schedule"
)

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in      string
		want    schedule.Level
		wantErr string
	}{
		{"primary", schedule.Primary, ""},
		{"secondary", schedule.Secondary, ""},
		{"Primary", "", `"Primary" is not a level (primary or secondary)`},
		{"tertiary", "", `"tertiary" is not a level (primary or secondary)`},
		{"", "", `"" is not a level (primary or secondary)`},
	}
	for _, tt := range tests {
		got, err := schedule.ParseLevel(tt.in)
		if got != tt.want || errString(err) != tt.wantErr {
			t.Fatalf("ParseLevel(%q)=%q, %v, want %q, %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestDecodeRotation(t *testing.T) {
	tests := []struct {
		name string
		json string
		want schedule.Rotation
	}{
		{
			name: "overnight and canonical forms",
			json: `{"language":"iw","level":"primary","slots":[
				{"day":"Friday","start":"18:00","end":"08:00","interpreter_id":7},
				{"day":"saturday","start":"08:00","end":"08:00","interpreter_id":8}]}`,
			want: schedule.Rotation{Language: "he", Level: schedule.Primary, Slots: []schedule.Slot{
				schedule.NewSlot(time.Friday, "18:00", "08:00", 7),
				schedule.NewSlot(time.Saturday, "08:00", "08:00", 8),
			}},
		},
		{
			name: "adjacent slots across the end of the week",
			json: `{"language":"zh-hant","level":"secondary","slots":[
				{"day":"saturday","start":"22:00","end":"08:00","interpreter_id":1},
				{"day":"sunday","start":"08:00","end":"22:00","interpreter_id":2}]}`,
			want: schedule.Rotation{Language: "zh-Hant", Level: schedule.Secondary, Slots: []schedule.Slot{
				schedule.NewSlot(time.Saturday, "22:00", "08:00", 1),
				schedule.NewSlot(time.Sunday, "08:00", "22:00", 2),
			}},
		},
		{
			name: "no slots",
			json: `{"language":"ar","level":"primary","slots":null}`,
			want: schedule.Rotation{Language: "ar", Level: schedule.Primary},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := schedule.DecodeRotation([]byte(tt.json))
			if err != nil {
				t.Fatalf("DecodeRotation err=%v, want nil", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("DecodeRotation mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeRotationErrors(t *testing.T) {
	slot := `{"day":"monday","start":"18:00","end":"08:00","interpreter_id":1}`
	rotation := func(slots ...string) string {
		return `{"language":"ar","level":"primary","slots":[` + strings.Join(slots, ",") + `]}`
	}
	tests := []struct {
		name string
		json string
		want string
	}{
		{"syntax", `{"language":`, "invalid JSON at byte 12: unexpected end of JSON input"},
		{"trailing data", `{} {}`, "invalid JSON at byte 4: invalid character '{' after top-level value"},
		{"not an object", `[]`, "want a JSON object"},
		{"null", `null`, "want a JSON object"},
		{"unknown field", `{"language":"ar","level":"primary","slots":[],"colour":"red"}`, `unknown field "colour"`},
		{"field names are case-sensitive", `{"Language":"ar","level":"primary"}`, `unknown field "Language"`},
		{"missing language", `{"level":"primary"}`, "language: required"},
		{"malformed language", `{"language":"not a tag","level":"primary"}`, `language: "not a tag" is not a BCP 47 language tag`},
		{"undetermined language", `{"language":"und","level":"primary"}`, `language: "und" names no language`},
		{"undetermined language with a script", `{"language":"und-Latn","level":"primary"}`, `language: "und-Latn" names no language`},
		{"private-use language", `{"language":"x-klingon","level":"primary"}`, `language: "x-klingon" names no language`},
		{"language not a string", `{"language":12,"level":"primary"}`, "language: want a string"},
		{"missing level", `{"language":"ar"}`, "level: required"},
		{"bad level", `{"language":"ar","level":"tertiary"}`, `level: "tertiary" is not a level (primary or secondary)`},
		{"slots not an array", `{"language":"ar","level":"primary","slots":{}}`, "slots: want an array"},
		{"slot not an object", rotation(slot, `null`), "slots[1]: want a JSON object"},
		{"unknown slot field", rotation(`{"day":"monday","start":"18:00","end":"08:00","interpreter_id":1,"who":2}`), `slots[0]: unknown field "who"`},
		{"unknown day", rotation(`{"day":"funday","start":"18:00","end":"08:00","interpreter_id":1}`), `slots[0].day: "funday" is not a day (monday to sunday)`},
		{"abbreviated day", rotation(`{"day":"mon","start":"18:00","end":"08:00","interpreter_id":1}`), `slots[0].day: "mon" is not a day (monday to sunday)`},
		{"missing day", rotation(`{"start":"18:00","end":"08:00","interpreter_id":1}`), `slots[0].day: "" is not a day (monday to sunday)`},
		{
			"hour out of range",
			rotation(slot, `{"day":"tuesday","start":"18:00","end":"08:00","interpreter_id":1}`, `{"day":"wednesday","start":"25:00","end":"08:00","interpreter_id":1}`),
			`slots[2].start: "25:00" is not a time (HH:MM)`,
		},
		{"minute out of range", rotation(`{"day":"monday","start":"18:60","end":"08:00","interpreter_id":1}`), `slots[0].start: "18:60" is not a time (HH:MM)`},
		{"one-digit hour", rotation(`{"day":"monday","start":"18:00","end":"8:00","interpreter_id":1}`), `slots[0].end: "8:00" is not a time (HH:MM)`},
		{"24:00", rotation(`{"day":"monday","start":"18:00","end":"24:00","interpreter_id":1}`), `slots[0].end: "24:00" is not a time (HH:MM)`},
		{"seconds", rotation(`{"day":"monday","start":"18:00:00","end":"08:00","interpreter_id":1}`), `slots[0].start: "18:00:00" is not a time (HH:MM)`},
		{"zero interpreter", rotation(`{"day":"monday","start":"18:00","end":"08:00","interpreter_id":0}`), "slots[0].interpreter_id: 0 is not an interpreter id (want a positive number)"},
		{"missing interpreter", rotation(`{"day":"monday","start":"18:00","end":"08:00"}`), "slots[0].interpreter_id: 0 is not an interpreter id (want a positive number)"},
		{"negative interpreter", rotation(`{"day":"monday","start":"18:00","end":"08:00","interpreter_id":-3}`), "slots[0].interpreter_id: -3 is not an interpreter id (want a positive number)"},
		{"interpreter as string", rotation(`{"day":"monday","start":"18:00","end":"08:00","interpreter_id":"1"}`), "slots[0].interpreter_id: want an integer"},
		{"fractional interpreter", rotation(`{"day":"monday","start":"18:00","end":"08:00","interpreter_id":1.5}`), "slots[0].interpreter_id: want an integer"},
		{
			"overlap past midnight",
			rotation(`{"day":"friday","start":"18:00","end":"08:00","interpreter_id":1}`, `{"day":"saturday","start":"07:00","end":"12:00","interpreter_id":2}`),
			"slots[1]: overlaps slots[0] (friday 18:00-08:00)",
		},
		{
			"overlap across the end of the week",
			rotation(`{"day":"sunday","start":"07:00","end":"09:00","interpreter_id":2}`, `{"day":"saturday","start":"22:00","end":"08:00","interpreter_id":1}`),
			"slots[1]: overlaps slots[0] (sunday 07:00-09:00)",
		},
		{
			"same slot twice",
			rotation(slot, slot),
			"slots[1]: overlaps slots[0] (monday 18:00-08:00)",
		},
		{
			"whole day overlaps the next",
			rotation(`{"day":"monday","start":"09:00","end":"09:00","interpreter_id":1}`, `{"day":"tuesday","start":"08:59","end":"09:00","interpreter_id":2}`),
			"slots[1]: overlaps slots[0] (monday 09:00-09:00)",
		},
		{"too many slots", rotation(slots(201)...), "slots: 201 slots, at most 200"},
		{
			"every problem is named",
			`{"language":"ar","level":"tertiary","slots":[{"day":"funday","start":"25:00","end":"08:00","interpreter_id":0}]}`,
			`level: "tertiary" is not a level (primary or secondary); slots[0].day: "funday" is not a day (monday to sunday); slots[0].start: "25:00" is not a time (HH:MM); slots[0].interpreter_id: 0 is not an interpreter id (want a positive number)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := schedule.DecodeRotation([]byte(tt.json))
			if errString(err) != tt.want {
				t.Fatalf("DecodeRotation err=%v, want %v", err, tt.want)
			}
			var fes schedule.FieldErrors
			if !errors.As(err, &fes) || len(fes) == 0 {
				t.Fatalf("errors.As(%v, FieldErrors)=false, want true", err)
			}
			if diff := cmp.Diff(schedule.Rotation{}, got); diff != "" {
				t.Fatalf("DecodeRotation returned a value with an error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeRotationMaxSlots(t *testing.T) {
	r, err := schedule.DecodeRotation([]byte(`{"language":"ar","level":"primary","slots":[` + strings.Join(slots(200), ",") + `]}`))
	if err != nil {
		t.Fatalf("DecodeRotation err=%v, want nil", err)
	}
	if len(r.Slots) != schedule.MaxSlots {
		t.Fatalf("len(Slots)=%v, want %v", len(r.Slots), schedule.MaxSlots)
	}
}

func TestRotationValidate(t *testing.T) {
	tests := []struct {
		name string
		r    schedule.Rotation
		want string
	}{
		{"valid", schedule.Rotation{Language: "ar", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Monday, "09:00", "17:00", 1)}}, ""},
		{"weekday without day", schedule.Rotation{Language: "ar", Level: schedule.Primary, Slots: []schedule.Slot{{Weekday: time.Monday, Start: "09:00", End: "17:00", InterpreterID: 1}}}, `slots[0].day: "" is not a day (monday to sunday)`},
		{"day and weekday disagree", schedule.Rotation{Language: "ar", Level: schedule.Primary, Slots: []schedule.Slot{{Weekday: time.Monday, Day: "tuesday", Start: "09:00", End: "17:00", InterpreterID: 1}}}, `slots[0].day: "tuesday" does not match Weekday Monday`},
		{"capitalised day", schedule.Rotation{Language: "ar", Level: schedule.Primary, Slots: []schedule.Slot{{Weekday: time.Monday, Day: "Monday", Start: "09:00", End: "17:00", InterpreterID: 1}}}, `slots[0].day: "Monday" is not a day (monday to sunday)`},
		{"too many slots", schedule.Rotation{Language: "ar", Level: schedule.Primary, Slots: make([]schedule.Slot, 201)}, "slots: 201 slots, at most 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errString(tt.r.Validate()); got != tt.want {
				t.Fatalf("Validate()=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestDecodeShift(t *testing.T) {
	got, err := schedule.DecodeShift([]byte(`{"interpreter_id":7,"language":"ar-sd","level":"secondary",
		"starts_at":"2026-03-07T22:00:00-05:00","ends_at":"2026-03-08T08:00:00-04:00"}`))
	if err != nil {
		t.Fatalf("DecodeShift err=%v, want nil", err)
	}
	want := schedule.Shift{
		InterpreterID: 7,
		Language:      "ar-SD",
		Level:         schedule.Secondary,
		StartsAt:      time.Date(2026, 3, 8, 3, 0, 0, 0, time.UTC),
		EndsAt:        time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("DecodeShift mismatch (-want +got):\n%s", diff)
	}
	if got.StartsAt.Location() != time.UTC || got.EndsAt.Location() != time.UTC {
		t.Fatalf("Location=%v/%v, want UTC", got.StartsAt.Location(), got.EndsAt.Location())
	}
}

func TestDecodeShiftErrors(t *testing.T) {
	shift := func(fields string) string {
		return `{"interpreter_id":7,"language":"ar","level":"primary",` + fields + `}`
	}
	tests := []struct {
		name string
		json string
		want string
	}{
		{"ok for exactly 14 days", shift(`"starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-03-15T00:00:00Z"`), ""},
		{"syntax", `{`, "invalid JSON at byte 1: unexpected end of JSON input"},
		{"not an object", `"shift"`, "want a JSON object"},
		{"id is the store's", shift(`"id":3,"starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-03-02T00:00:00Z"`), `unknown field "id"`},
		{"unknown field", shift(`"note":"x","starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-03-02T00:00:00Z"`), `unknown field "note"`},
		{"zero interpreter", `{"interpreter_id":0,"language":"ar","level":"primary","starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-03-02T00:00:00Z"}`, "interpreter_id: 0 is not an interpreter id (want a positive number)"},
		{"interpreter too large", `{"interpreter_id":9223372036854775808,"language":"ar","level":"primary","starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-03-02T00:00:00Z"}`, "interpreter_id: want an integer"},
		{"bad language", `{"interpreter_id":7,"language":"a","level":"primary","starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-03-02T00:00:00Z"}`, `language: "a" is not a BCP 47 language tag`},
		{"bad level", `{"interpreter_id":7,"language":"ar","level":"on","starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-03-02T00:00:00Z"}`, `level: "on" is not a level (primary or secondary)`},
		{"missing times", shift(`"starts_at":null`), "starts_at: required; ends_at: required"},
		{"not RFC 3339", shift(`"starts_at":"2026-03-01 00:00","ends_at":"2026-03-02T00:00:00Z"`), `starts_at: "2026-03-01 00:00" is not an RFC 3339 time (2026-01-31T18:00:00-05:00)`},
		{"no offset", shift(`"starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-03-02T00:00:00"`), `ends_at: "2026-03-02T00:00:00" is not an RFC 3339 time (2026-01-31T18:00:00-05:00)`},
		{"time not a string", shift(`"starts_at":1772323200,"ends_at":"2026-03-02T00:00:00Z"`), "starts_at: want a string"},
		{"ends before it starts", shift(`"starts_at":"2026-03-02T00:00:00Z","ends_at":"2026-03-01T00:00:00Z"`), "ends_at: must be after starts_at"},
		{"ends as it starts, in another offset", shift(`"starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-02-28T19:00:00-05:00"`), "ends_at: must be after starts_at"},
		{"longer than 14 days", shift(`"starts_at":"2026-03-01T00:00:00Z","ends_at":"2026-03-15T00:00:01Z"`), "ends_at: must be at most 14 days after starts_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schedule.DecodeShift([]byte(tt.json))
			if errString(err) != tt.want {
				t.Fatalf("DecodeShift err=%v, want %v", err, tt.want)
			}
		})
	}
}

func TestShiftValidate(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	valid := schedule.Shift{InterpreterID: 1, Language: "ar", Level: schedule.Primary, StartsAt: start, EndsAt: start.Add(time.Hour)}
	if err := valid.Validate(); err != nil {
		t.Fatalf("Validate()=%v, want nil", err)
	}
	if got, want := errString(schedule.Shift{}.Validate()), "interpreter_id: 0 is not an interpreter id (want a positive number); language: required; level: required; starts_at: required; ends_at: required"; got != want {
		t.Fatalf("Validate()=%v, want %v", got, want)
	}
}

// slots returns n slot objects, half an hour each and 50 minutes apart, so that up to
// 201 fit in a week without overlapping.
func slots(n int) []string {
	out := make([]string, n)
	for i := range out {
		start := i * 50
		day := strings.ToLower(time.Weekday(start / (24 * 60)).String())
		end := start + 30
		out[i] = fmt.Sprintf(`{"day":%q,"start":"%02d:%02d","end":"%02d:%02d","interpreter_id":%d}`,
			day, start%(24*60)/60, start%60, end%(24*60)/60, end%60, i+1)
	}
	return out
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
