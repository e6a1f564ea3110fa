package dispatch

import (
	"context"
	"time"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/schedule"
)

// Store runs transactions. Everything a Tx does — state changes, deadline jobs,
// notifications — commits or rolls back together, so a crash can never lose or orphan
// a deadline.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
	// InReadTx runs fn in a read-only transaction: one consistent snapshot that, on
	// SQLite, neither waits for the writer nor holds it up, so pages and lists never
	// queue behind a write.
	InReadTx(ctx context.Context, fn func(ctx context.Context, tx ReadTx) error) error
}

// ReadTx is what a read-only transaction may do. Methods return apperr NotFound for a
// missing row. The batch methods (GetRequests, OpenBreakGlass, PendingOffers, Policies)
// answer for many rows in a bounded number of queries, so that a list costs the same
// number of round trips whatever its length.
type ReadTx interface {
	UsersWithRole(ctx context.Context, role auth.Role) ([]int64, error)

	GetInterpreter(ctx context.Context, id int64) (*Interpreter, error)
	InterpreterByUser(ctx context.Context, userID int64) (*Interpreter, error)
	ListInterpreters(ctx context.Context) ([]*Interpreter, error)
	InterpreterByCalendarToken(ctx context.Context, hash []byte) (*Interpreter, error)

	// GetRequest reads a request; forUpdate locks its row until the transaction ends
	// (never in a read-only transaction).
	GetRequest(ctx context.Context, id int64, forUpdate bool) (*Request, error)
	// GetRequests reads the requests with these ids, with their exclusions, by id; an
	// id with no request is left out.
	GetRequests(ctx context.Context, ids []int64) (map[int64]*Request, error)
	ListRequests(ctx context.Context, f RequestFilter) ([]*Request, error)
	ListEvents(ctx context.Context, requestID int64) ([]*Event, error)
	// BusyInterpreters are those assigned to an accepted request overlapping [from, to).
	BusyInterpreters(ctx context.Context, from, to time.Time) (map[int64]bool, error)

	GetOffer(ctx context.Context, id int64) (*Offer, error)
	ListOffers(ctx context.Context, f OfferFilter) ([]*Offer, error)
	// PendingOffers reports which of requestIDs have an offer to interpreterID still
	// pending.
	PendingOffers(ctx context.Context, interpreterID int64, requestIDs []int64) (map[int64]bool, error)

	// Policy returns the policy for exactly this language (or "default").
	Policy(ctx context.Context, language string) (*Policy, error)
	// Policies returns every stored policy, by language.
	Policies(ctx context.Context) (map[string]*Policy, error)

	Rotations(ctx context.Context) ([]schedule.Rotation, error)
	Shifts(ctx context.Context, from, to time.Time) ([]schedule.Shift, error)

	// GetCover reads a cover request; forUpdate locks its row until the transaction ends.
	GetCover(ctx context.Context, id int64, forUpdate bool) (*Cover, error)
	// ListCovers lists the cover requests in status whose shift ends after t.
	ListCovers(ctx context.Context, status CoverStatus, t time.Time) ([]*Cover, error)

	// ListAudit reads audit events newest first, with their actors' emails.
	ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error)
	BreakGlassOf(ctx context.Context, requestID int64) ([]*BreakGlass, error)
	// OpenBreakGlass reports which of requestIDs userID holds a break-glass grant on
	// that expires after t.
	OpenBreakGlass(ctx context.Context, userID int64, requestIDs []int64, t time.Time) (map[int64]bool, error)
	// CountBreakGlassBy counts a person's grants since a time.
	CountBreakGlassBy(ctx context.Context, userID int64, since time.Time) (int, error)
	// ListBreakGlass lists every grant since a time, newest first.
	ListBreakGlass(ctx context.Context, since time.Time) ([]*BreakGlass, error)
	// VettingHistory lists every vetting change, newest first.
	VettingHistory(ctx context.Context) ([]*VettingRecord, error)

	// ReportRecords reads the requests created in [from, to), oldest first, as reports
	// see them: no ids, case types or details.
	ReportRecords(ctx context.Context, from, to time.Time) ([]ReportRecord, error)
}

// Tx is one transaction: everything a ReadTx does, and changes. Methods return apperr
// NotFound for a missing row and apperr Conflict for a unique violation.
type Tx interface {
	ReadTx

	InsertUser(ctx context.Context, u *auth.User) error

	InsertInterpreter(ctx context.Context, i *Interpreter) error
	TouchLastAssigned(ctx context.Context, interpreterID int64, at time.Time) error
	SetCalendarToken(ctx context.Context, interpreterID int64, hash []byte) error
	// UpdateInterpreter writes a profile's name, phone, preferred locale, gender,
	// languages and modalities (not its email, vetting dates or active flag).
	UpdateInterpreter(ctx context.Context, i *Interpreter) error
	// SetInterpreterActive sets whether an interpreter may be offered requests.
	SetInterpreterActive(ctx context.Context, id int64, active bool) error

	InsertRequest(ctx context.Context, r *Request) error
	UpdateRequest(ctx context.Context, r *Request) error
	// AcceptRequest moves a request from offered to accepted for an interpreter, only if
	// it is still offered: false means someone else got there first.
	AcceptRequest(ctx context.Context, requestID, interpreterID int64, at time.Time) (bool, error)
	AddExclusion(ctx context.Context, requestID, interpreterID int64) error
	InsertEvent(ctx context.Context, e *Event) error

	InsertOffer(ctx context.Context, o *Offer) error
	// RespondOffer moves a pending offer to status to; false if it was no longer pending.
	RespondOffer(ctx context.Context, id int64, to OfferStatus, at time.Time) (bool, error)
	// CloseOffers moves every pending offer of a request to status to and returns them.
	CloseOffers(ctx context.Context, requestID int64, to OfferStatus, at time.Time) ([]*Offer, error)

	PutPolicy(ctx context.Context, p *Policy) error

	PutRotation(ctx context.Context, r schedule.Rotation) error
	InsertShift(ctx context.Context, s *schedule.Shift) error
	// DeleteShifts removes the one-off shifts with exactly s's interpreter, language,
	// level and times.
	DeleteShifts(ctx context.Context, s schedule.Shift) error

	InsertCover(ctx context.Context, c *Cover) error
	// TakeCover moves an open cover request to taken by interpreterID; false if it was no
	// longer open.
	TakeCover(ctx context.Context, id, interpreterID int64) (bool, error)
	SetCoverStatus(ctx context.Context, id int64, status CoverStatus) error

	// ScheduleDeadline makes a durable job that calls Service.Deadline(requestID, step) at.
	ScheduleDeadline(ctx context.Context, requestID int64, step int, at time.Time) error
	// Notify records a notification for delivery.
	Notify(ctx context.Context, n Notification) error
	// Audit appends to the audit log in this transaction.
	Audit(ctx context.Context, e audit.Event) error
	// AuditAll appends events to the audit log in this transaction, in order, in a
	// bounded number of statements.
	AuditAll(ctx context.Context, events []audit.Event) error
	InsertBreakGlass(ctx context.Context, b *BreakGlass) error
	// SetVetting writes an interpreter's vetting dates and who attested them (nil: not
	// attested) and adds the change to the vetting history.
	SetVetting(ctx context.Context, v *VettingRecord) error
	// ShredClosedBefore deletes the data keys (and sealed fields) of requests closed before
	// t and returns how many.
	ShredClosedBefore(ctx context.Context, t time.Time) (int, error)
}

// RequestFilter selects requests; zero fields match everything.
type RequestFilter struct {
	AdvocateID    int64
	InterpreterID int64 // assigned to, or offered to
	Status        Status
	// OpenOrChangedSince, when set, keeps requests still open or offered and those
	// changed at or after it.
	OpenOrChangedSince time.Time
	Limit              int
}

// OfferFilter selects offers; zero fields match everything.
type OfferFilter struct {
	InterpreterID int64
	RequestID     int64
	Status        OfferStatus
}
