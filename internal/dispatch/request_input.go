package dispatch

import (
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/locale"
)

// RequestInput is what an advocate sends to ask for an interpreter.
type RequestInput struct {
	Language         string     `json:"language"`
	Modality         Modality   `json:"modality"`
	Urgency          Urgency    `json:"urgency"`
	StartsAt         *time.Time `json:"starts_at,omitempty"`
	DurationMinutes  int        `json:"duration_minutes"`
	CaseType         CaseType   `json:"case_type"`
	Confidential     bool       `json:"confidential,omitempty"`
	Location         string     `json:"location,omitempty"`
	GenderPreference string     `json:"gender_preference,omitempty"`
	Notes            string     `json:"notes,omitempty"`
	Exclusions       []int64    `json:"exclusions,omitempty"`
}

// CaseTypes lists every case type.
var CaseTypes = []CaseType{General, SexualViolence, DomesticViolence, OtherCase}

// Limits on a request.
const (
	maxDurationMinutes = 12 * 60
	maxScheduleAhead   = 366 * 24 * time.Hour
	maxExclusions      = 50
)

// DecodeRequest parses a request body strictly: unknown fields and wrong types are
// errors that name the field.
func DecodeRequest(data []byte) (RequestInput, error) {
	var in RequestInput
	if err := decodeStrict(data, &in); err != nil {
		return RequestInput{}, err
	}
	return in, nil
}

// Normalize validates the input and builds a new request for advocate at time now.
// Sexual- and domestic-violence requests are always confidential.
func (in RequestInput) Normalize(advocateID int64, now time.Time) (*Request, error) {
	if strings.TrimSpace(in.Language) == "" {
		return nil, required("language")
	}
	lang, err := locale.Canonical(strings.TrimSpace(in.Language))
	if err != nil {
		return nil, invalid("language", "%q is not a BCP 47 language tag", in.Language)
	}
	if err := in.checkEnums(); err != nil {
		return nil, err
	}
	startsAt, err := in.start(now)
	if err != nil {
		return nil, err
	}
	if in.DurationMinutes < 1 || in.DurationMinutes > maxDurationMinutes {
		return nil, invalid("duration_minutes", "must be 1 to %d", maxDurationMinutes)
	}
	if err := in.checkText(); err != nil {
		return nil, err
	}
	now = now.UTC()
	r := &Request{
		AdvocateID: advocateID, Language: lang, Modality: in.Modality, Urgency: in.Urgency,
		StartsAt: startsAt, DurationMinutes: in.DurationMinutes, CaseType: in.CaseType,
		Confidential:     in.Confidential || in.CaseType == SexualViolence || in.CaseType == DomesticViolence,
		Location:         strings.TrimSpace(in.Location),
		GenderPreference: strings.ToLower(strings.TrimSpace(in.GenderPreference)),
		Notes:            strings.TrimSpace(in.Notes),
		Exclusions:       dedupe(in.Exclusions),
		Status:           StatusOpen, CreatedAt: now, UpdatedAt: now,
	}
	return r, nil
}

func (in RequestInput) checkEnums() error {
	switch {
	case in.Modality == "":
		return required("modality")
	case !oneOf(in.Modality, Modalities):
		return invalid("modality", "want one of %s", list(Modalities))
	case in.Urgency == "":
		return required("urgency")
	case !oneOf(in.Urgency, []Urgency{Now, Scheduled}):
		return invalid("urgency", "want now or scheduled")
	case in.CaseType == "":
		return required("case_type")
	case !oneOf(in.CaseType, CaseTypes):
		return invalid("case_type", "want one of %s", list(CaseTypes))
	}
	return nil
}

func (in RequestInput) start(now time.Time) (time.Time, error) {
	if in.Urgency == Now {
		if in.StartsAt != nil {
			return time.Time{}, invalid("starts_at", "only for scheduled requests")
		}
		return now.UTC(), nil
	}
	switch {
	case in.StartsAt == nil:
		return time.Time{}, required("starts_at")
	case in.StartsAt.Before(now.Add(-time.Minute)):
		return time.Time{}, invalid("starts_at", "is in the past")
	case in.StartsAt.After(now.Add(maxScheduleAhead)):
		return time.Time{}, invalid("starts_at", "is more than a year ahead")
	}
	return in.StartsAt.UTC(), nil
}

func (in RequestInput) checkText() error {
	if in.Modality == InPerson && strings.TrimSpace(in.Location) == "" {
		return required("location")
	}
	if in.Modality != InPerson && strings.TrimSpace(in.Location) != "" {
		return apperr.InvalidField("location", KeyLocationOnlyInPerson, "only for in-person requests")
	}
	if len(in.Exclusions) > maxExclusions {
		return invalid("exclusions", "at most %d", maxExclusions)
	}
	for _, id := range in.Exclusions {
		if id <= 0 {
			return invalid("exclusions", "interpreter ids are positive")
		}
	}
	if err := checkText("location", in.Location, maxLocation); err != nil {
		return err
	}
	if err := checkText("gender_preference", in.GenderPreference, maxShort); err != nil {
		return err
	}
	return checkText("notes", in.Notes, maxNotes)
}

func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	var out []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
