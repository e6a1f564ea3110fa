package dispatch

import (
	"time"
)

// Modality is how the interpreter works with the victim.
type Modality string

// Modalities.
const (
	Phone    Modality = "phone"
	Video    Modality = "video"
	InPerson Modality = "in_person"
)

// Modalities lists every modality.
var Modalities = []Modality{Phone, Video, InPerson}

// Urgency says whether a request is for now or for a set time.
type Urgency string

// Urgencies.
const (
	Now       Urgency = "now"
	Scheduled Urgency = "scheduled"
)

// CaseType is the kind of case. Sexual and domestic violence are always confidential.
type CaseType string

// Case types.
const (
	General          CaseType = "general"
	SexualViolence   CaseType = "sexual_violence"
	DomesticViolence CaseType = "domestic_violence"
	OtherCase        CaseType = "other"
)

// Status is a request's state.
type Status string

// Request states.
const (
	StatusOpen      Status = "open"      // created, not yet offered
	StatusOffered   Status = "offered"   // a step's offers are out, waiting for an answer
	StatusAccepted  Status = "accepted"  // an interpreter is coming
	StatusCompleted Status = "completed" // done
	StatusCancelled Status = "cancelled" // withdrawn by the advocate
	StatusFallback  Status = "fallback"  // no one accepted: handed to the fallback line
)

// Closed reports whether no more offers will be made for a request in this state.
func (s Status) Closed() bool {
	return s == StatusAccepted || s == StatusCompleted || s == StatusCancelled || s == StatusFallback
}

// OfferStatus is the state of one offer.
type OfferStatus string

// Offer states.
const (
	OfferPending   OfferStatus = "pending"
	OfferAccepted  OfferStatus = "accepted"
	OfferDeclined  OfferStatus = "declined"
	OfferConflict  OfferStatus = "conflict"  // declined with "I have a conflict": excluded from the request
	OfferExpired   OfferStatus = "expired"   // the step's time ran out
	OfferWithdrawn OfferStatus = "withdrawn" // someone else accepted, or the request was cancelled
	// OfferUndeliverable: no channel reached the interpreter; they are not offered this
	// request again.
	OfferUndeliverable OfferStatus = "undeliverable"
)

// Target is whom an escalation step offers the request to.
type Target string

// Escalation targets.
const (
	TargetPrimary      Target = "primary"       // the on-call primary interpreter
	TargetSecondary    Target = "secondary"     // the on-call secondary interpreter
	TargetAllQualified Target = "all_qualified" // every interpreter who can take it
	TargetCoordinator  Target = "coordinator"   // alert the coordinators
)

// Interpreter is an interpreter's profile as routing sees it.
type Interpreter struct {
	ID                int64      `json:"id"`
	UserID            int64      `json:"user_id"`
	Name              string     `json:"name"`
	Email             string     `json:"email"`
	Phone             string     `json:"phone,omitempty"`
	Languages         []string   `json:"languages"`
	Modalities        []Modality `json:"modalities"`
	Gender            string     `json:"gender,omitempty"`
	BackgroundCheckOn *Date      `json:"background_check_on,omitempty"`
	DVTrainingOn      *Date      `json:"dv_training_on,omitempty"`
	Active            bool       `json:"active"`
	PreferredLocale   string     `json:"preferred_locale,omitempty"`
	LastAssignedAt    *time.Time `json:"last_assigned_at,omitempty"`
	// VettingAttestedBy is who attested the vetting dates, and when; nil when nobody
	// has (dates typed in by the account's own creator under the two-person rule).
	VettingAttestedBy *int64     `json:"vetting_attested_by,omitempty"`
	VettingAttestedAt *time.Time `json:"vetting_attested_at,omitempty"`
	// CreatedBy is the user who created the interpreter's account (0: the command line).
	CreatedBy int64 `json:"created_by,omitempty"`
}

// Vetted reports whether the interpreter may take confidential requests: both vetting
// dates on record and attested by a named person.
func (i *Interpreter) Vetted() bool {
	return i.BackgroundCheckOn != nil && i.DVTrainingOn != nil && i.VettingAttestedBy != nil
}

// Request is an advocate's request for an interpreter.
type Request struct {
	ID                    int64      `json:"id"`
	AdvocateID            int64      `json:"advocate_id"`
	Language              string     `json:"language"`
	Modality              Modality   `json:"modality"`
	Urgency               Urgency    `json:"urgency"`
	StartsAt              time.Time  `json:"starts_at"`
	DurationMinutes       int        `json:"duration_minutes"`
	CaseType              CaseType   `json:"case_type"`
	Confidential          bool       `json:"confidential"`
	Location              string     `json:"location,omitempty"`
	GenderPreference      string     `json:"gender_preference,omitempty"`
	Notes                 string     `json:"notes,omitempty"`
	Exclusions            []int64    `json:"exclusions,omitempty"`
	Status                Status     `json:"status"`
	Step                  int        `json:"step"` // 1-based escalation step in progress; 0 before the first
	DeadlineAt            *time.Time `json:"deadline_at,omitempty"`
	AssignedInterpreterID *int64     `json:"assigned_interpreter_id,omitempty"`
	CreatedAt             time.Time  `json:"created_at"`
	UpdatedAt             time.Time  `json:"updated_at"`
}

// EndsAt is when the interpretation is expected to end.
func (r *Request) EndsAt() time.Time {
	return r.StartsAt.Add(time.Duration(r.DurationMinutes) * time.Minute)
}

// Excludes reports whether interpreter id is excluded from the request.
func (r *Request) Excludes(id int64) bool {
	for _, x := range r.Exclusions {
		if x == id {
			return true
		}
	}
	return false
}

// Offer is one interpreter's chance to take a request.
type Offer struct {
	ID            int64       `json:"id"`
	RequestID     int64       `json:"request_id"`
	InterpreterID int64       `json:"interpreter_id"`
	Step          int         `json:"step"`
	Status        OfferStatus `json:"status"`
	CreatedAt     time.Time   `json:"created_at"`
	ExpiresAt     time.Time   `json:"expires_at"`
	RespondedAt   *time.Time  `json:"responded_at,omitempty"`
}

// Event records one transition of a request: when, who (nil for the system), and what.
type Event struct {
	RequestID int64     `json:"request_id"`
	At        time.Time `json:"at"`
	ActorID   *int64    `json:"actor_id,omitempty"`
	From      Status    `json:"from"`
	To        Status    `json:"to"`
	Step      int       `json:"step"`
	Note      string    `json:"note,omitempty"` // a fixed phrase, never confidential data
}

// Policy is a language's escalation policy. Language "default" applies to languages
// without their own.
type Policy struct {
	Language string `json:"language"`
	Steps    []Step `json:"steps"`
}

// Step is one escalation step: offer to targets, wait TimeoutSeconds for an accept.
type Step struct {
	Targets        []Target `json:"targets"`
	TimeoutSeconds int      `json:"timeout_seconds"`
}

// DefaultPolicyLanguage names the policy for languages without their own.
const DefaultPolicyLanguage = "default"

// BuiltinPolicy applies when no default policy has been configured: the on-call primary,
// then the secondary, then everyone qualified, then the coordinators, then the fallback
// line — about 12 minutes in all.
var BuiltinPolicy = Policy{Language: DefaultPolicyLanguage, Steps: []Step{
	{Targets: []Target{TargetPrimary}, TimeoutSeconds: 120},
	{Targets: []Target{TargetSecondary}, TimeoutSeconds: 120},
	{Targets: []Target{TargetAllQualified}, TimeoutSeconds: 180},
	{Targets: []Target{TargetCoordinator}, TimeoutSeconds: 300},
}}

// Notification is a message the system owes someone; delivery is the notify package's
// job. It names the request and the kind of news, never its confidential details.
type Notification struct {
	UserID    int64  `json:"user_id"`
	Kind      string `json:"kind"` // NotifyOffer, NotifyAccepted, …
	RequestID int64  `json:"request_id"`
	OfferID   int64  `json:"offer_id,omitempty"`
}

// Notification kinds.
const (
	NotifyOffer     = "offer"             // an interpreter has a new offer
	NotifyWithdrawn = "offer_withdrawn"   // someone else accepted, or the request was cancelled
	NotifyOffered   = "request_offered"   // the advocate's request went out
	NotifyAccepted  = "request_accepted"  // the advocate's request was accepted
	NotifyFallback  = "request_fallback"  // no one accepted: use the fallback line
	NotifyCancelled = "request_cancelled" // the request was cancelled
	NotifyAlert     = "coordinator_alert" // a coordinator's help is needed on a request
)

// BreakGlass is a coordinator's access to a confidential request's details: it needs a
// written reason, expires, is audited, and is shown to the requesting advocate.
type BreakGlass struct {
	RequestID int64     `json:"request_id"`
	UserID    int64     `json:"user_id"`
	Reason    string    `json:"reason"`
	At        time.Time `json:"at"`
	ExpiresAt time.Time `json:"expires_at"`
}
