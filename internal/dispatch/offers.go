package dispatch

import (
	"context"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
)

// Offers lists the calling interpreter's offers, newest first, with what they may see of
// each request.
func (s *Service) Offers(ctx context.Context, actor *auth.User, status OfferStatus) ([]*OfferView, error) {
	if err := allow(actor, auth.Interpreter); err != nil {
		return nil, err
	}
	var out []*OfferView
	err := s.readAudited(ctx, func(ctx context.Context, tx ReadTx) ([]audit.Event, error) {
		me, err := tx.InterpreterByUser(ctx, actor.ID)
		if err != nil {
			if apperr.CodeOf(err) == apperr.NotFound {
				return nil, nil
			}
			return nil, err
		}
		offers, err := tx.ListOffers(ctx, OfferFilter{InterpreterID: me.ID, Status: status})
		if err != nil {
			return nil, err
		}
		var reads []audit.Event
		out, reads, err = s.offerViews(ctx, tx, actor, me, offers)
		return reads, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// offerViews shows offers to their interpreter, reading all their requests at once, and
// returns the audit events of the confidential requests shown.
func (s *Service) offerViews(ctx context.Context, tx ReadTx, actor *auth.User, me *Interpreter, offers []*Offer) ([]*OfferView, []audit.Event, error) {
	ids := make([]int64, 0, len(offers))
	for _, o := range offers {
		ids = append(ids, o.RequestID)
	}
	byID, err := tx.GetRequests(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	rs := make([]*Request, 0, len(byID))
	for _, r := range byID {
		rs = append(rs, r)
	}
	v, err := s.viewerOf(ctx, tx, actor, me, rs)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*OfferView, 0, len(offers))
	var reads []audit.Event
	for _, o := range offers {
		r := byID[o.RequestID]
		if r == nil {
			return nil, nil, notFound("request")
		}
		a := v.access(r)
		if a == noAccess {
			out = append(out, &OfferView{Offer: o})
			continue
		}
		reads = append(reads, s.auditOf(actor, r, audit.ReadRequest, "offer")...)
		out = append(out, &OfferView{Offer: o, Request: s.view(r, a, nil)})
	}
	return out, reads, nil
}

// offerView shows one offer to its interpreter inside a write transaction, auditing the
// read in it.
func (s *Service) offerView(ctx context.Context, tx Tx, actor *auth.User, o *Offer) (*OfferView, error) {
	vs, reads, err := s.offerViews(ctx, tx, actor, nil, []*Offer{o})
	if err != nil {
		return nil, err
	}
	if err := tx.AuditAll(ctx, reads); err != nil {
		return nil, err
	}
	return vs[0], nil
}

// myOffer loads an offer of the calling interpreter; anyone else's is NotFound.
func (s *Service) myOffer(ctx context.Context, tx Tx, actor *auth.User, id int64) (*Offer, *Interpreter, error) {
	if err := allow(actor, auth.Interpreter); err != nil {
		return nil, nil, err
	}
	me, err := tx.InterpreterByUser(ctx, actor.ID)
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil, nil, notFound("offer")
		}
		return nil, nil, err
	}
	o, err := tx.GetOffer(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if o.InterpreterID != me.ID {
		return nil, nil, notFound("offer")
	}
	return o, me, nil
}

// Accept takes an offer. The first accept wins atomically: a late one gets Conflict
// ("already filled"), and the other pending offers are withdrawn.
func (s *Service) Accept(ctx context.Context, actor *auth.User, offerID int64) (*OfferView, error) {
	var v *OfferView
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		o, me, err := s.myOffer(ctx, tx, actor, offerID)
		if err != nil {
			return err
		}
		now := s.now()
		ok, err := tx.AcceptRequest(ctx, o.RequestID, me.ID, now)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, KeyAlreadyFilled, "request no longer offered")
		}
		if ok, err = tx.RespondOffer(ctx, o.ID, OfferAccepted, now); err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, KeyOfferClosed, "offer no longer pending")
		}
		withdrawn, err := tx.CloseOffers(ctx, o.RequestID, OfferWithdrawn, now)
		if err != nil {
			return err
		}
		if err := tx.TouchLastAssigned(ctx, me.ID, now); err != nil {
			return err
		}
		r, err := tx.GetRequest(ctx, o.RequestID, false)
		if err != nil {
			return err
		}
		if err := tx.InsertEvent(ctx, &Event{RequestID: r.ID, At: now, ActorID: &actor.ID, From: StatusOffered, To: StatusAccepted, Step: r.Step, Note: "accepted"}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, r, audit.ChangeRequest, "accepted"); err != nil {
			return err
		}
		if err := s.notifyOffers(ctx, tx, withdrawn, NotifyWithdrawn); err != nil {
			return err
		}
		if err := tx.Notify(ctx, Notification{UserID: r.AdvocateID, Kind: NotifyAccepted, RequestID: r.ID}); err != nil {
			return err
		}
		o.Status, o.RespondedAt = OfferAccepted, &now
		v = &OfferView{Offer: o, Request: s.view(r, fullAccess, nil)}
		return nil
	})
	return v, err
}

// Decline turns an offer down. When no offer of the step is left pending, escalation moves
// on at once instead of waiting out the step.
func (s *Service) Decline(ctx context.Context, actor *auth.User, offerID int64) (*OfferView, error) {
	return s.refuse(ctx, actor, offerID, OfferDeclined)
}

// Conflict declines with "I have a conflict": no reason asked, the interpreter is added to
// the request's exclusions, and escalation moves on as for Decline.
func (s *Service) Conflict(ctx context.Context, actor *auth.User, offerID int64) (*OfferView, error) {
	return s.refuse(ctx, actor, offerID, OfferConflict)
}

func (s *Service) refuse(ctx context.Context, actor *auth.User, offerID int64, to OfferStatus) (*OfferView, error) {
	var v *OfferView
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		o, me, err := s.myOffer(ctx, tx, actor, offerID)
		if err != nil {
			return err
		}
		r, err := tx.GetRequest(ctx, o.RequestID, true)
		if err != nil {
			return err
		}
		now := s.now()
		ok, err := tx.RespondOffer(ctx, o.ID, to, now)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, KeyOfferClosed, "offer no longer pending")
		}
		if to == OfferConflict {
			if err := tx.AddExclusion(ctx, r.ID, me.ID); err != nil {
				return err
			}
			r.Exclusions = append(r.Exclusions, me.ID)
		}
		if err := tx.InsertEvent(ctx, &Event{RequestID: r.ID, At: now, ActorID: &actor.ID, From: r.Status, To: r.Status, Step: r.Step, Note: "offer " + string(to)}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, r, audit.ChangeRequest, "offer "+string(to)); err != nil {
			return err
		}
		if err := s.moveOnIfNoOneLeft(ctx, tx, r); err != nil {
			return err
		}
		o.Status, o.RespondedAt = to, &now
		v, err = s.offerView(ctx, tx, actor, o)
		return err
	})
	return v, err
}

func (s *Service) moveOnIfNoOneLeft(ctx context.Context, tx Tx, r *Request) error {
	if r.Status != StatusOffered {
		return nil
	}
	pending, err := tx.ListOffers(ctx, OfferFilter{RequestID: r.ID, Status: OfferPending})
	if err != nil || len(pending) > 0 {
		return err
	}
	return s.advance(ctx, tx, r, r.Step)
}

// Unreachable is told that no channel reached an offer's interpreter: the offer expires
// and, when no offer of the step is left pending, escalation moves on at once instead of
// waiting out the step.
func (s *Service) Unreachable(ctx context.Context, offerID int64) error {
	return s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		o, err := tx.GetOffer(ctx, offerID)
		if err != nil {
			return err
		}
		r, err := tx.GetRequest(ctx, o.RequestID, true)
		if err != nil {
			return err
		}
		ok, err := tx.RespondOffer(ctx, o.ID, OfferUndeliverable, s.now())
		if err != nil || !ok {
			return err
		}
		if err := tx.InsertEvent(ctx, &Event{RequestID: r.ID, At: s.now(), From: r.Status, To: r.Status, Step: r.Step, Note: "offer undeliverable"}); err != nil {
			return err
		}
		return s.moveOnIfNoOneLeft(ctx, tx, r)
	})
}
