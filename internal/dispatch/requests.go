package dispatch

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
)

// accessTo decides what actor may see of r (see viewer.access).
func (s *Service) accessTo(ctx context.Context, tx ReadTx, actor *auth.User, r *Request) (access, error) {
	v, err := s.viewerOf(ctx, tx, actor, nil, []*Request{r})
	if err != nil {
		return noAccess, err
	}
	return v.access(r), nil
}

// assignedTo reports whether interpreter id holds r's assignment now.
func assignedTo(r *Request, id int64) bool {
	return r.AssignedInterpreterID != nil && *r.AssignedInterpreterID == id && (r.Status == StatusAccepted || r.Status == StatusCompleted)
}

// openGrant returns a person's unexpired break-glass grant on a request, or nil.
func (s *Service) openGrant(ctx context.Context, tx ReadTx, userID, requestID int64) (*BreakGlass, error) {
	grants, err := tx.BreakGlassOf(ctx, requestID)
	if err != nil {
		return nil, err
	}
	for _, g := range grants {
		if g.UserID == userID && g.ExpiresAt.After(s.now()) {
			return g, nil
		}
	}
	return nil, nil
}

// visible loads a request and what actor may see of it; NotFound when nothing.
func (s *Service) visible(ctx context.Context, tx ReadTx, actor *auth.User, id int64, forUpdate bool) (*Request, access, error) {
	r, err := tx.GetRequest(ctx, id, forUpdate)
	if err != nil {
		return nil, noAccess, err
	}
	a, err := s.accessTo(ctx, tx, actor, r)
	if err != nil {
		return nil, noAccess, err
	}
	if a == noAccess {
		return nil, noAccess, notFound("request")
	}
	return r, a, nil
}

// Request returns one request as actor may see it; NotFound when actor may not.
func (s *Service) Request(ctx context.Context, actor *auth.User, id int64) (*RequestView, error) {
	if err := allow(actor, auth.Roles...); err != nil {
		return nil, err
	}
	var v *RequestView
	err := s.readAudited(ctx, func(ctx context.Context, tx ReadTx) ([]audit.Event, error) {
		r, a, err := s.visible(ctx, tx, actor, id, false)
		if err != nil {
			return nil, err
		}
		what := "metadata"
		if a == fullAccess {
			what = "details"
		}
		var events []*Event
		if a == fullAccess {
			if events, err = tx.ListEvents(ctx, r.ID); err != nil {
				return nil, err
			}
		}
		v = s.view(r, a, events)
		if r.AdvocateID == actor.ID {
			if v.BreakGlass, err = tx.BreakGlassOf(ctx, r.ID); err != nil {
				return nil, err
			}
		}
		return s.auditOf(actor, r, audit.ReadRequest, what), nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Requests lists what actor may see: an advocate's own, an interpreter's assigned and
// offered ones, everything for coordinators and admins (confidential ones as metadata).
func (s *Service) Requests(ctx context.Context, actor *auth.User, status Status) ([]*RequestView, error) {
	if err := allow(actor, auth.Roles...); err != nil {
		return nil, err
	}
	f := RequestFilter{Status: status, Limit: 500}
	var out []*RequestView
	err := s.readAudited(ctx, func(ctx context.Context, tx ReadTx) ([]audit.Event, error) {
		var me *Interpreter
		switch actor.Role {
		case auth.Advocate:
			f.AdvocateID = actor.ID
		case auth.Interpreter:
			var err error
			if me, err = tx.InterpreterByUser(ctx, actor.ID); err != nil {
				if apperr.CodeOf(err) == apperr.NotFound {
					return nil, nil
				}
				return nil, err
			}
			f.InterpreterID = me.ID
		}
		rs, err := tx.ListRequests(ctx, f)
		if err != nil {
			return nil, err
		}
		v, err := s.viewerOf(ctx, tx, actor, me, rs)
		if err != nil {
			return nil, err
		}
		var reads []audit.Event
		out = make([]*RequestView, 0, len(rs))
		for _, r := range rs {
			a := v.access(r)
			if a == fullAccess {
				reads = append(reads, s.auditOf(actor, r, audit.ReadRequest, "details in a list")...)
			}
			if a != noAccess {
				out = append(out, s.view(r, a, nil))
			}
		}
		return reads, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Cancel withdraws a request that is not yet closed: its advocate or a coordinator may.
func (s *Service) Cancel(ctx context.Context, actor *auth.User, id int64) (*RequestView, error) {
	if err := allow(actor, auth.Advocate, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	var v *RequestView
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		r, a, err := s.visible(ctx, tx, actor, id, true)
		if err != nil {
			return err
		}
		if r.Status == StatusCancelled || r.Status == StatusCompleted || r.Status == StatusFallback {
			return apperr.New(apperr.Conflict, KeyRequestClosed, "request is %s", r.Status)
		}
		now := s.now()
		withdrawn, err := tx.CloseOffers(ctx, r.ID, OfferWithdrawn, now)
		if err != nil {
			return err
		}
		from := r.Status
		r.Status, r.DeadlineAt, r.UpdatedAt = StatusCancelled, nil, now
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		if err := tx.InsertEvent(ctx, &Event{RequestID: r.ID, At: now, ActorID: &actor.ID, From: from, To: StatusCancelled, Step: r.Step, Note: "cancelled"}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, r, audit.ChangeRequest, "cancelled"); err != nil {
			return err
		}
		if err := s.notifyOffers(ctx, tx, withdrawn, NotifyCancelled); err != nil {
			return err
		}
		if r.AssignedInterpreterID != nil {
			if err := s.notifyInterpreter(ctx, tx, *r.AssignedInterpreterID, NotifyCancelled, r.ID, 0); err != nil {
				return err
			}
		}
		if r.AdvocateID != actor.ID {
			if err := tx.Notify(ctx, Notification{UserID: r.AdvocateID, Kind: NotifyCancelled, RequestID: r.ID}); err != nil {
				return err
			}
		}
		v = s.view(r, a, nil)
		return nil
	})
	return v, err
}

// Complete marks an accepted request done: its advocate, a coordinator or admin, or the
// assigned interpreter — no other interpreter.
func (s *Service) Complete(ctx context.Context, actor *auth.User, id int64) (*RequestView, error) {
	if err := allow(actor, auth.Roles...); err != nil {
		return nil, err
	}
	var v *RequestView
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		r, a, err := s.visible(ctx, tx, actor, id, true)
		if err != nil {
			return err
		}
		if actor.Role == auth.Interpreter && r.AdvocateID != actor.ID {
			me, err := tx.InterpreterByUser(ctx, actor.ID)
			if err != nil || !assignedTo(r, me.ID) {
				return notFound("request")
			}
		}
		if r.Status != StatusAccepted {
			return apperr.New(apperr.Conflict, KeyRequestClosed, "request is %s", r.Status)
		}
		now := s.now()
		r.Status, r.UpdatedAt = StatusCompleted, now
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		if err := tx.InsertEvent(ctx, &Event{RequestID: r.ID, At: now, ActorID: &actor.ID, From: StatusAccepted, To: StatusCompleted, Step: r.Step, Note: "completed"}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, r, audit.ChangeRequest, "completed"); err != nil {
			return err
		}
		v = s.view(r, a, nil)
		return nil
	})
	return v, err
}

func (s *Service) notifyOffers(ctx context.Context, tx Tx, offers []*Offer, kind string) error {
	for _, o := range offers {
		if err := s.notifyInterpreter(ctx, tx, o.InterpreterID, kind, o.RequestID, o.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) notifyInterpreter(ctx context.Context, tx Tx, interpreterID int64, kind string, requestID, offerID int64) error {
	i, err := tx.GetInterpreter(ctx, interpreterID)
	if err != nil {
		return err
	}
	return tx.Notify(ctx, Notification{UserID: i.UserID, Kind: kind, RequestID: requestID, OfferID: offerID})
}

// BreakGlassFor is how long a break-glass access lasts.
const BreakGlassFor = time.Hour

// maxReason bounds a break-glass reason.
const maxReason = 1000

// Break-glass limits: one open grant per person and request, and at most
// MaxBreakGlassPerDay grants per person in any 24 hours.
const MaxBreakGlassPerDay = 5

// Message keys of break-glass refusals.
const (
	KeyNotConfidential   = "ErrNotConfidential"
	KeyBreakGlassOpen    = "ErrBreakGlassOpen"
	KeyTooManyBreakGlass = "ErrTooManyBreakGlass"
)

// BreakGlass gives a coordinator or admin an hour's access to a confidential request's
// details, for a written reason. It is audited with the reason and shown to the
// requesting advocate. The view returned lists the new grant in BreakGlass.
func (s *Service) BreakGlass(ctx context.Context, actor *auth.User, id int64, reason string) (*RequestView, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case len(reason) < 10:
		return nil, invalid("reason", "say why you need the details, in a sentence")
	case len(reason) > maxReason:
		return nil, invalid("reason", "at most %d bytes", maxReason)
	}
	var v *RequestView
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		r, err := tx.GetRequest(ctx, id, true)
		if err != nil {
			return err
		}
		if !r.Confidential {
			return apperr.New(apperr.Conflict, KeyNotConfidential, "request is not confidential: its details need no break-glass")
		}
		if g, err := s.openGrant(ctx, tx, actor.ID, r.ID); err != nil || g != nil {
			if err == nil {
				err = apperr.New(apperr.Conflict, KeyBreakGlassOpen, "an open grant until %s", g.ExpiresAt.Format(time.RFC3339))
			}
			return err
		}
		now := s.now()
		n, err := tx.CountBreakGlassBy(ctx, actor.ID, now.Add(-24*time.Hour))
		if err != nil {
			return err
		}
		if n >= MaxBreakGlassPerDay {
			return apperr.New(apperr.Forbidden, KeyTooManyBreakGlass, "%d break-glass grants in 24 hours", n)
		}
		grant := &BreakGlass{RequestID: r.ID, UserID: actor.ID, Reason: reason, At: now, ExpiresAt: now.Add(BreakGlassFor)}
		if err := tx.InsertBreakGlass(ctx, grant); err != nil {
			return err
		}
		if err := tx.Audit(ctx, audit.Event{At: now, ActorID: actor.ID, Action: audit.BreakGlass, Subject: fmt.Sprintf("request:%d", r.ID), Detail: reason}); err != nil {
			return err
		}
		events, err := tx.ListEvents(ctx, r.ID)
		if err != nil {
			return err
		}
		v = s.view(r, fullAccess, events)
		v.BreakGlass = []*BreakGlass{grant} // so that the coordinator sees when it ends
		return nil
	})
	return v, err
}

// BreakGlassGrants lists every break-glass grant since a time, newest first: admins
// only, so that each is seen by someone other than the person who took it.
func (s *Service) BreakGlassGrants(ctx context.Context, actor *auth.User, since time.Time) ([]*BreakGlass, error) {
	if err := allow(actor, auth.Admin); err != nil {
		return nil, err
	}
	var out []*BreakGlass
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		out, err = tx.ListBreakGlass(ctx, since)
		return err
	})
	return out, err
}
