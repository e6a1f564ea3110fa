package dispatch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
)

var now = time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)

func TestRequestNormalize(t *testing.T) {
	tests := []struct {
		name, body, field string
		confidential      bool
	}{
		{"valid", `{"language":"ar-sd","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, "", false},
		{"domestic violence is confidential", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"domestic_violence"}`, "", true},
		{"sexual violence is confidential", `{"language":"ar","modality":"video","urgency":"now","duration_minutes":30,"case_type":"sexual_violence"}`, "", true},
		{"marked confidential", `{"language":"ar","modality":"video","urgency":"now","duration_minutes":30,"case_type":"other","confidential":true}`, "", true},
		{"bad language", `{"language":"not a tag!","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, "language", false},
		{"scheduled without time", `{"language":"ar","modality":"phone","urgency":"scheduled","duration_minutes":30,"case_type":"general"}`, "starts_at", false},
		{"scheduled in the past", `{"language":"ar","modality":"phone","urgency":"scheduled","starts_at":"2026-11-24T00:00:00Z","duration_minutes":30,"case_type":"general"}`, "starts_at", false},
		{"now with a time", `{"language":"ar","modality":"phone","urgency":"now","starts_at":"2026-11-26T00:00:00Z","duration_minutes":30,"case_type":"general"}`, "starts_at", false},
		{"in person needs a location", `{"language":"ar","modality":"in_person","urgency":"now","duration_minutes":30,"case_type":"general"}`, "location", false},
		{"location only in person", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general","location":"x"}`, "location", false},
		{"duration too long", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":721,"case_type":"general"}`, "duration_minutes", false},
		{"bad case type", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"gossip"}`, "case_type", false},
		{"bad exclusion", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general","exclusions":[-1]}`, "exclusions", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := dispatch.DecodeRequest([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			r, err := in.Normalize(7, now)
			if tt.field != "" {
				if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldOf(err) != tt.field {
					t.Fatalf("error=%v, want invalid %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Confidential != tt.confidential || r.Status != dispatch.StatusOpen || r.AdvocateID != 7 {
				t.Fatalf("request=%+v, want confidential=%v", r, tt.confidential)
			}
		})
	}
}

func TestPolicyNormalize(t *testing.T) {
	for body, field := range map[string]string{
		`{"steps":[{"targets":["primary"],"timeout_seconds":14}]}`:           "steps[0].timeout_seconds",
		`{"steps":[{"targets":["everyone"],"timeout_seconds":15}]}`:          "steps[0].targets",
		`{"steps":[{"targets":["primary","primary"],"timeout_seconds":15}]}`: "steps[0].targets",
		`{"steps":[{"targets":[],"timeout_seconds":15}]}`:                    "steps[0].targets",
		`{"steps":[]}`: "steps",
		`{"language":"fr","steps":[{"targets":["primary"],"timeout_seconds":15}]}`: "language",
	} {
		if _, err := dispatch.DecodePolicy("ar", []byte(body)); apperr.FieldOf(err) != field {
			t.Fatalf("DecodePolicy(%s) error=%v, want field %s", body, err, field)
		}
	}
	p, err := dispatch.DecodePolicy("default", []byte(`{"steps":[{"targets":["primary","coordinator"],"timeout_seconds":15}]}`))
	if err != nil || p.Language != "default" {
		t.Fatalf("DecodePolicy(default)=%v,%v", p, err)
	}
}

func TestInterpreterNormalize(t *testing.T) {
	in, _ := dispatch.DecodeInterpreter([]byte(`{"name":" Ana ","email":"Ana@Example.org","languages":["ar","AR","prs","zh-hant"],"modalities":["video","phone","video"],"background_check_on":"2026-01-02"}`))
	i, err := in.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	if i.Name != "Ana" || i.Email != "ana@example.org" || len(i.Languages) != 3 || i.Languages[1] != "prs" || i.Languages[2] != "zh-Hant" || len(i.Modalities) != 2 || !i.Active || i.Vetted() {
		t.Fatalf("interpreter=%+v", i)
	}
	for body, field := range map[string]string{
		`{"name":"A","email":"nope","languages":["ar"],"modalities":["phone"]}`:             "email",
		`{"name":"A","email":"a@b.org","languages":[],"modalities":["phone"]}`:              "languages",
		`{"name":"A","email":"a@b.org","languages":["??"],"modalities":["phone"]}`:          "languages",
		`{"name":"A","email":"a@b.org","languages":["ar"],"modalities":["carrier pigeon"]}`: "modalities",
		`{"email":"a@b.org","languages":["ar"],"modalities":["phone"]}`:                     "name",
	} {
		in, _ := dispatch.DecodeInterpreter([]byte(body))
		if _, err := in.Normalize(); apperr.FieldOf(err) != field {
			t.Fatalf("%s: error=%v, want field %s", body, err, field)
		}
	}
	if _, err := dispatch.DecodeInterpreter([]byte(`{"name":"A","background_check_on":"yesterday"}`)); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("bad date: %v, want invalid", err)
	}
}

func FuzzDecodeRequest(f *testing.F) {
	f.Add([]byte(`{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`))
	f.Add([]byte(`{"language":"zh-TW","modality":"in_person","urgency":"scheduled","starts_at":"2026-12-01T10:00:00-05:00","duration_minutes":90,"case_type":"sexual_violence","location":"x","notes":"y","exclusions":[1,2,2]}`))
	f.Add([]byte(`{"language":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := dispatch.DecodeRequest(data)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("decode error %v is not invalid", err)
			}
			return
		}
		r, err := in.Normalize(1, now)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldOf(err) == "" {
				t.Fatalf("normalize error %v is not invalid with a field", err)
			}
			return
		}
		if r.DurationMinutes < 1 || r.Language == "" || ((r.CaseType == dispatch.SexualViolence || r.CaseType == dispatch.DomesticViolence) && !r.Confidential) {
			t.Fatalf("accepted an invalid request %+v", r)
		}
	})
}

func FuzzDecodeInterpreter(f *testing.F) {
	f.Add([]byte(`{"name":"A","email":"a@b.org","languages":["ar"],"modalities":["phone"],"dv_training_on":"2026-01-01"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := dispatch.DecodeInterpreter(data)
		if err != nil {
			return
		}
		if i, err := in.Normalize(); err == nil && (len(i.Languages) == 0 || len(i.Modalities) == 0 || i.Email == "") {
			t.Fatalf("accepted an invalid interpreter %+v", i)
		}
	})
}

func FuzzDecodePolicy(f *testing.F) {
	f.Add([]byte(`{"steps":[{"targets":["primary"],"timeout_seconds":15}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := dispatch.DecodePolicy("default", data)
		if err != nil {
			return
		}
		for _, s := range p.Steps {
			if s.TimeoutSeconds < dispatch.MinStepTimeout || len(s.Targets) == 0 {
				t.Fatalf("accepted an invalid policy %+v", p)
			}
		}
	})
}

func TestRejectDuplicateKeys(t *testing.T) {
	tests := []struct {
		name, body string
		dup        bool
	}{
		{"flat", `{"a":1,"b":2}`, false},
		{"duplicate", `{"a":1,"a":2}`, true},
		{"nested duplicate", `{"a":{"x":1,"x":2}}`, true},
		{"same key at two levels", `{"a":{"a":1},"b":[{"a":1},{"a":2}]}`, false},
		{"duplicate after array", `{"a":[1,{"b":2}],"a":3}`, true},
		{"duplicate inside array", `[{"a":1,"a":1}]`, true},
		{"string values that look like keys", `{"a":"a","b":"a"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := dispatch.RejectDuplicateKeys([]byte(tt.body))
			if (err != nil) != tt.dup {
				t.Fatalf("dispatch.RejectDuplicateKeys(%s)=%v, want duplicate %v", tt.body, err, tt.dup)
			}
		})
	}
	var in dispatch.RequestInput
	err := dispatch.DecodeStrict([]byte(`{"language":"ar","language":"fa"}`), &in)
	if apperr.KeyOf(err) != dispatch.KeyDuplicateKey {
		t.Fatalf("DecodeStrict with a duplicate: %v", err)
	}
	err = dispatch.DecodeStrict([]byte(`{"language":"ar","SECRET-KEY":1}`), &in)
	if apperr.KeyOf(err) != dispatch.KeyUnknownFieldUnnamed || apperr.FieldOf(err) != "" || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("unknown field: %v (field %q), want it unnamed", err, apperr.FieldOf(err))
	}
}
