package dispatch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/schedule"
)

// Message keys of the service's errors; each is in every locales/<locale>.toml.
const (
	KeyNotFound      = "ErrNotFound"
	KeyForbidden     = "ErrForbidden"
	KeyAlreadyFilled = "ErrAlreadyFilled"
	KeyOfferClosed   = "ErrOfferClosed"
	KeyRequestClosed = "ErrRequestClosed"
)

// Deps is what the dispatch service is built on.
type Deps struct {
	Store    Store
	Now      func() time.Time // injected so that escalation tests control time
	Location *time.Location   // the deployment's zone, for weekly rotations
	// FallbackLine is the phone number of the 24/7 interpretation service used when no
	// one accepts.
	FallbackLine string
	// VettingTwoPersonRule (a site setting) keeps anyone from attesting the vetting of an
	// interpreter account they created themselves.
	VettingTwoPersonRule bool
}

// Service applies the business rules of interpreter requests. Its dependencies are
// fixed by NewService; nothing outside the package can read or replace them.
type Service struct {
	deps Deps
}

// NewService builds the service; a store, a clock and a time zone are required.
func NewService(d Deps) (*Service, error) {
	if d.Store == nil || d.Now == nil || d.Location == nil {
		return nil, errors.New("dispatch: a store, a clock and a time zone are required")
	}
	return &Service{deps: d}, nil
}

func (s *Service) now() time.Time { return s.deps.Now().UTC().Truncate(time.Millisecond) }

// Location is the deployment's time zone, in which weekly rotations and months are
// counted.
func (s *Service) Location() *time.Location { return s.deps.Location }

// FallbackLine is the phone number of the 24/7 interpretation service.
func (s *Service) FallbackLine() string { return s.deps.FallbackLine }

func notFound(what string) error {
	return apperr.New(apperr.NotFound, KeyNotFound, "%s not found", what)
}

func forbidden() error { return apperr.New(apperr.Forbidden, KeyForbidden, "role not allowed") }

func allow(actor *auth.User, roles ...auth.Role) error {
	if actor == nil || !actor.Active {
		return apperr.New(apperr.Unauthorized, "ErrUnauthorized", "no user")
	}
	if !actor.Is(roles...) {
		return forbidden()
	}
	return nil
}

// CreateRequest validates an advocate's request, stores it and starts escalation, all in
// one transaction.
func (s *Service) CreateRequest(ctx context.Context, actor *auth.User, in RequestInput) (*RequestView, error) {
	if err := allow(actor, auth.Advocate, auth.Coordinator); err != nil {
		return nil, err
	}
	r, err := in.Normalize(actor.ID, s.now())
	if err != nil {
		return nil, err
	}
	err = s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertRequest(ctx, r); err != nil {
			return err
		}
		if err := tx.InsertEvent(ctx, &Event{RequestID: r.ID, At: r.CreatedAt, ActorID: &actor.ID, To: StatusOpen, Note: "created"}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, r, audit.ChangeRequest, "created"); err != nil {
			return err
		}
		return s.advance(ctx, tx, r, 0)
	})
	if err != nil {
		return nil, err
	}
	return s.view(r, fullAccess, nil), nil
}

// Deadline is called by the durable job scheduled for a step: if the request is still
// waiting on that step, its offers expire and escalation moves on. A repeated or late call
// changes nothing, so the job may run more than once.
func (s *Service) Deadline(ctx context.Context, requestID int64, step int) error {
	return s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		r, err := tx.GetRequest(ctx, requestID, true)
		if err != nil {
			if apperr.CodeOf(err) == apperr.NotFound {
				return nil
			}
			return err
		}
		if r.Status.Closed() || r.Step != step {
			return nil
		}
		if _, err := tx.CloseOffers(ctx, r.ID, OfferExpired, s.now()); err != nil {
			return err
		}
		return s.advance(ctx, tx, r, step)
	})
}

// advance runs escalation from step index from (0-based): the first step with anyone to
// offer to gets offers and a deadline; empty steps are skipped at once; past the last
// step the request goes to the fallback line.
func (s *Service) advance(ctx context.Context, tx Tx, r *Request, from int) error {
	policy, err := s.policyFor(ctx, tx, r.Language)
	if err != nil {
		return err
	}
	now := s.now()
	rs, err := s.roster(ctx, tx, r, now)
	if err != nil {
		return err
	}
	for i := from; i < len(policy.Steps); i++ {
		step := policy.Steps[i]
		offered, alerted, err := s.offerStep(ctx, tx, r, rs, step, i+1, now)
		if err != nil {
			return err
		}
		if offered == 0 && !alerted {
			if err := tx.InsertEvent(ctx, &Event{RequestID: r.ID, At: now, From: r.Status, To: r.Status, Step: i + 1, Note: "step skipped: no one to offer to"}); err != nil {
				return err
			}
			continue
		}
		deadline := now.Add(time.Duration(step.TimeoutSeconds) * time.Second)
		return s.waitOn(ctx, tx, r, i+1, deadline, offered > 0)
	}
	return s.toFallback(ctx, tx, r, len(policy.Steps)+1, now)
}

// offerStep makes a step's offers and alerts; it reports how many offers it made and
// whether it alerted coordinators.
func (s *Service) offerStep(ctx context.Context, tx Tx, r *Request, rs *roster, step Step, n int, now time.Time) (int, bool, error) {
	expires := now.Add(time.Duration(step.TimeoutSeconds) * time.Second)
	offered := 0
	for _, i := range rs.candidates(r, step.Targets) {
		o := &Offer{RequestID: r.ID, InterpreterID: i.ID, Step: n, Status: OfferPending, CreatedAt: now, ExpiresAt: expires}
		if err := tx.InsertOffer(ctx, o); err != nil {
			return 0, false, err
		}
		if err := tx.Notify(ctx, Notification{UserID: i.UserID, Kind: NotifyOffer, RequestID: r.ID, OfferID: o.ID}); err != nil {
			return 0, false, err
		}
		offered++
	}
	alerted := false
	if oneOf(TargetCoordinator, step.Targets) {
		ids, err := tx.UsersWithRole(ctx, auth.Coordinator)
		if err != nil {
			return 0, false, err
		}
		for _, id := range ids {
			if err := tx.Notify(ctx, Notification{UserID: id, Kind: NotifyAlert, RequestID: r.ID}); err != nil {
				return 0, false, err
			}
			alerted = true
		}
	}
	return offered, alerted, nil
}

// waitOn records that the request waits on step n until deadline, with a durable job to
// wake it.
func (s *Service) waitOn(ctx context.Context, tx Tx, r *Request, n int, deadline time.Time, offered bool) error {
	from := r.Status
	r.Status, r.Step, r.DeadlineAt, r.UpdatedAt = StatusOffered, n, &deadline, s.now()
	if err := tx.UpdateRequest(ctx, r); err != nil {
		return err
	}
	note := "offered"
	if !offered {
		note = "coordinators alerted"
	}
	if err := tx.InsertEvent(ctx, &Event{RequestID: r.ID, At: r.UpdatedAt, From: from, To: r.Status, Step: n, Note: note}); err != nil {
		return err
	}
	if from == StatusOpen {
		if err := tx.Notify(ctx, Notification{UserID: r.AdvocateID, Kind: NotifyOffered, RequestID: r.ID}); err != nil {
			return err
		}
	}
	if err := s.audit(ctx, tx, nil, r, audit.ChangeRequest, fmt.Sprintf("escalation step %d", n)); err != nil {
		return err
	}
	return tx.ScheduleDeadline(ctx, r.ID, n, deadline)
}

func (s *Service) toFallback(ctx context.Context, tx Tx, r *Request, n int, now time.Time) error {
	from := r.Status
	r.Status, r.Step, r.DeadlineAt, r.UpdatedAt = StatusFallback, n, nil, now
	if err := tx.UpdateRequest(ctx, r); err != nil {
		return err
	}
	if err := tx.InsertEvent(ctx, &Event{RequestID: r.ID, At: now, From: from, To: StatusFallback, Step: n, Note: "handed to the fallback line"}); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, nil, r, audit.ChangeRequest, "fallback"); err != nil {
		return err
	}
	ids, err := tx.UsersWithRole(ctx, auth.Coordinator)
	if err != nil {
		return err
	}
	for _, id := range append([]int64{r.AdvocateID}, ids...) {
		if err := tx.Notify(ctx, Notification{UserID: id, Kind: NotifyFallback, RequestID: r.ID}); err != nil {
			return err
		}
	}
	return nil
}

// policyFor finds the policy for a language: the exact tag, then its base language
// ("ar" for "ar-SD"), then the configured default, then the built-in one.
func (s *Service) policyFor(ctx context.Context, tx ReadTx, lang string) (*Policy, error) {
	for _, l := range policyChoices(lang) {
		p, err := tx.Policy(ctx, l)
		if err == nil {
			return p, nil
		}
		if apperr.CodeOf(err) != apperr.NotFound {
			return nil, err
		}
	}
	p := BuiltinPolicy
	return &p, nil
}

// policyIn finds the policy for a language among the stored ones, in policyFor's order.
func policyIn(stored map[string]*Policy, lang string) *Policy {
	for _, l := range policyChoices(lang) {
		if p := stored[l]; p != nil {
			return p
		}
	}
	p := BuiltinPolicy
	return &p
}

// policyChoices are the stored policies that may apply to a language, first match wins.
func policyChoices(lang string) []string {
	tries := []string{lang}
	if base := baseLanguage(lang); base != lang {
		tries = append(tries, base)
	}
	return append(tries, DefaultPolicyLanguage)
}

func baseLanguage(tag string) string {
	c, err := locale.Canonical(tag)
	if err != nil {
		return tag
	}
	for i, r := range c {
		if r == '-' {
			return c[:i]
		}
	}
	return c
}

// roster gathers what routing needs for r at now.
func (s *Service) roster(ctx context.Context, tx Tx, r *Request, now time.Time) (*roster, error) {
	interpreters, err := tx.ListInterpreters(ctx)
	if err != nil {
		return nil, err
	}
	at := r.StartsAt
	if at.Before(now) {
		at = now
	}
	rot, err := tx.Rotations(ctx)
	if err != nil {
		return nil, err
	}
	shifts, err := tx.Shifts(ctx, at.Add(-24*time.Hour), at.Add(24*time.Hour))
	if err != nil {
		return nil, err
	}
	busy, err := tx.BusyInterpreters(ctx, r.StartsAt, r.EndsAt())
	if err != nil {
		return nil, err
	}
	offers, err := tx.ListOffers(ctx, OfferFilter{RequestID: r.ID})
	if err != nil {
		return nil, err
	}
	refused := map[int64]bool{}
	for _, o := range offers {
		if o.Status == OfferDeclined || o.Status == OfferConflict || o.Status == OfferUndeliverable {
			refused[o.InterpreterID] = true
		}
	}
	return &roster{
		interpreters: interpreters,
		primary:      onCallSet(rot, shifts, s.deps.Location, r.Language, schedule.Primary, at),
		secondary:    onCallSet(rot, shifts, s.deps.Location, r.Language, schedule.Secondary, at),
		busy:         busy,
		refused:      refused,
	}, nil
}

// audit records a read or change of a confidential request; others are not audited.
func (s *Service) audit(ctx context.Context, tx Tx, actor *auth.User, r *Request, action, detail string) error {
	for _, e := range s.auditOf(actor, r, action, detail) {
		if err := tx.Audit(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// Shred destroys the sensitive fields of requests closed (completed, cancelled or handed
// to the fallback line) more than retention ago, by deleting their data keys; their
// metadata stays for aggregate reports. It returns how many it shredded.
func (s *Service) Shred(ctx context.Context, retention time.Duration) (int, error) {
	var n int
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if n, err = tx.ShredClosedBefore(ctx, s.now().Add(-retention)); err != nil || n == 0 {
			return err
		}
		return tx.Audit(ctx, audit.Event{At: s.now(), Action: audit.FieldsShredded, Subject: "requests", Detail: fmt.Sprintf("%d closed before the retention period", n)})
	})
	return n, err
}
