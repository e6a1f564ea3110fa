package dispatch

import (
	"time"
)

// access is how much of a request a viewer may see.
type access int

const (
	noAccess       access = iota
	decideAccess          // a pending offer: what deciding needs (language, modality, time, duration; location and notes unless confidential)
	metadataAccess        // language, modality, urgency, times, state, who is assigned: never details
	fullAccess            // everything
)

// RequestView is a request as one viewer may see it. Details (case type, location,
// gender preference, notes, exclusions, history) are present only when Details is true.
type RequestView struct {
	ID                    int64      `json:"id"`
	Status                Status     `json:"status"`
	Confidential          bool       `json:"confidential"`
	Language              string     `json:"language"`
	Modality              Modality   `json:"modality"`
	Urgency               Urgency    `json:"urgency"`
	StartsAt              time.Time  `json:"starts_at"`
	DurationMinutes       int        `json:"duration_minutes"`
	Step                  int        `json:"step"`
	DeadlineAt            *time.Time `json:"deadline_at,omitempty"`
	AssignedInterpreterID *int64     `json:"assigned_interpreter_id,omitempty"`
	CreatedAt             time.Time  `json:"created_at"`
	UpdatedAt             time.Time  `json:"updated_at"`
	// FallbackLine is the number to call when the request went to the fallback line.
	FallbackLine string `json:"fallback_line,omitempty"`

	Details          bool     `json:"details"`
	AdvocateID       int64    `json:"advocate_id,omitempty"`
	CaseType         CaseType `json:"case_type,omitempty"`
	Location         string   `json:"location,omitempty"`
	GenderPreference string   `json:"gender_preference,omitempty"`
	Notes            string   `json:"notes,omitempty"`
	Exclusions       []int64  `json:"exclusions,omitempty"`
	Events           []*Event `json:"events,omitempty"`
	// BreakGlass lists coordinators' accesses to the details (shown to the requester).
	BreakGlass []*BreakGlass `json:"break_glass,omitempty"`
}

// view renders r for a level of access; events are included with full access.
func (s *Service) view(r *Request, a access, events []*Event) *RequestView {
	if a == decideAccess {
		v := &RequestView{ID: r.ID, Status: r.Status, Confidential: r.Confidential, Language: r.Language, Modality: r.Modality,
			Urgency: r.Urgency, StartsAt: r.StartsAt, DurationMinutes: r.DurationMinutes}
		if !r.Confidential {
			v.Location, v.Notes = r.Location, r.Notes
		}
		return v
	}
	v := &RequestView{
		ID: r.ID, Status: r.Status, Confidential: r.Confidential, Language: r.Language,
		Modality: r.Modality, Urgency: r.Urgency, StartsAt: r.StartsAt, DurationMinutes: r.DurationMinutes,
		Step: r.Step, DeadlineAt: r.DeadlineAt, AssignedInterpreterID: r.AssignedInterpreterID,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
	if r.Status == StatusFallback {
		v.FallbackLine = s.deps.FallbackLine
	}
	if a == fullAccess {
		v.Details = true
		v.AdvocateID, v.CaseType, v.Location = r.AdvocateID, r.CaseType, r.Location
		v.GenderPreference, v.Notes, v.Exclusions, v.Events = r.GenderPreference, r.Notes, r.Exclusions, events
	}
	return v
}

// OfferView is an offer with what its interpreter may see of the request: nothing once
// the offer is declined, withdrawn, expired, conflicted or undeliverable.
type OfferView struct {
	*Offer
	Request *RequestView `json:"request,omitempty"`
}
