package schedule_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/schedule"
)

// FuzzDecodeRotation checks that DecodeRotation never panics, that what it accepts
// validates and survives a JSON round trip unchanged, and that what it rejects it
// rejects with FieldErrors.
func FuzzDecodeRotation(f *testing.F) {
	for _, seed := range []string{
		`{"language":"ar","level":"primary","slots":[{"day":"friday","start":"18:00","end":"08:00","interpreter_id":7}]}`,
		`{"language":"iw","level":"secondary","slots":[{"day":"Saturday","start":"22:00","end":"08:00","interpreter_id":1},{"day":"sunday","start":"08:00","end":"22:00","interpreter_id":2}]}`,
		`{"language":"zh-hant","level":"primary","slots":null}`,
		`{"language":"und","level":"primary","slots":[{"day":"monday","start":"25:00","end":"8:00","interpreter_id":0}]}`,
		`{"language":"ar","level":"primary","slots":[{"day":"sunday","start":"07:00","end":"09:00","interpreter_id":2},{"day":"saturday","start":"22:00","end":"08:00","interpreter_id":1}]}`,
		`{"language":"ar","level":"primary","slots":[` + strings.Join(slots(3), ",") + `]}`,
		`{"language":"ar","level":"primary","slots":[{}, null, 3, "x"], "x": 1}`,
		`{"language":1}`, `[]`, `null`, `{`, `{} {}`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := schedule.DecodeRotation(data)
		if err != nil {
			mustBeFieldErrors(t, err)
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("Validate()=%v for decoded %+v, want nil", err, r)
		}
		encoded, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		again, err := schedule.DecodeRotation(encoded)
		if err != nil {
			t.Fatalf("DecodeRotation(%s) err=%v, want nil", encoded, err)
		}
		if diff := cmp.Diff(r, again); diff != "" {
			t.Fatalf("round trip mismatch (-first +second):\n%s", diff)
		}
	})
}

// FuzzDecodeShift is FuzzDecodeRotation for one-off shifts.
func FuzzDecodeShift(f *testing.F) {
	for _, seed := range []string{
		`{"interpreter_id":7,"language":"ar-SD","level":"primary","starts_at":"2026-03-07T22:00:00-05:00","ends_at":"2026-03-08T08:00:00-04:00"}`,
		`{"interpreter_id":7,"language":"ar","level":"secondary","starts_at":"2026-03-01T00:00:00.123456789Z","ends_at":"2026-03-15T00:00:00.123456789Z"}`,
		`{"interpreter_id":7,"language":"ar","level":"primary","starts_at":"2026-03-02T00:00:00Z","ends_at":"2026-03-01T00:00:00Z"}`,
		`{"interpreter_id":9223372036854775808,"language":"a","level":"on","starts_at":"2026-03-01 00:00","ends_at":1}`,
		`{"id":1,"interpreter_id":1}`, `{"starts_at":null}`, `[]`, `null`, `{`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := schedule.DecodeShift(data)
		if err != nil {
			mustBeFieldErrors(t, err)
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Validate()=%v for decoded %+v, want nil", err, s)
		}
		encoded, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		again, err := schedule.DecodeShift(encoded)
		if err != nil {
			t.Fatalf("DecodeShift(%s) err=%v, want nil", encoded, err)
		}
		if diff := cmp.Diff(s, again); diff != "" {
			t.Fatalf("round trip mismatch (-first +second):\n%s", diff)
		}
	})
}

func mustBeFieldErrors(t *testing.T, err error) {
	t.Helper()
	var fes schedule.FieldErrors
	if !errors.As(err, &fes) || len(fes) == 0 {
		t.Fatalf("err=%#v, want non-empty FieldErrors", err)
	}
	for _, fe := range fes {
		if fe.Reason == "" {
			t.Fatalf("FieldError %+v has no reason, want one", fe)
		}
	}
}
