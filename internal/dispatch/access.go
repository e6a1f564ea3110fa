package dispatch

import (
	"context"
	"fmt"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
)

// viewer is what deciding one actor's access to a set of requests needs, read once for
// the whole set so that a list costs the same number of queries whatever its length:
// the actor's interpreter profile, the requests they hold an open break-glass grant on,
// and those on which their offer is pending.
type viewer struct {
	actor   *auth.User
	me      *Interpreter // nil: not an interpreter, or one without a profile
	grants  map[int64]bool
	pending map[int64]bool
}

// viewerOf reads what deciding actor's access to rs needs, in at most two queries. me is
// the actor's interpreter profile when the caller has read it already (nil otherwise).
func (s *Service) viewerOf(ctx context.Context, tx ReadTx, actor *auth.User, me *Interpreter, rs []*Request) (*viewer, error) {
	v := &viewer{actor: actor, me: me}
	var ids []int64
	var err error
	switch actor.Role {
	case auth.Coordinator, auth.Admin:
		for _, r := range rs {
			if r.AdvocateID != actor.ID && r.Confidential {
				ids = append(ids, r.ID)
			}
		}
		if len(ids) > 0 {
			v.grants, err = tx.OpenBreakGlass(ctx, actor.ID, ids, s.now())
		}
	case auth.Interpreter:
		if v.me == nil {
			if v.me, err = tx.InterpreterByUser(ctx, actor.ID); err != nil {
				if apperr.CodeOf(err) == apperr.NotFound {
					return &viewer{actor: actor}, nil
				}
				return nil, err
			}
		}
		for _, r := range rs {
			if r.AdvocateID != actor.ID && !assignedTo(r, v.me.ID) {
				ids = append(ids, r.ID)
			}
		}
		if len(ids) > 0 {
			v.pending, err = tx.PendingOffers(ctx, v.me.ID, ids)
		}
	}
	if err != nil {
		return nil, err
	}
	return v, nil
}

// access decides what the viewer may see of r. Details go to the requesting advocate
// and the assigned interpreter while assigned; coordinators and admins see a
// confidential request's metadata (details through break-glass) and an ordinary one's
// details; an interpreter with a pending offer sees what deciding needs. Anyone else —
// another advocate, an interpreter whose offer was declined, withdrawn, expired,
// conflicted or undeliverable — is told the request does not exist.
func (v *viewer) access(r *Request) access {
	if r.AdvocateID == v.actor.ID {
		return fullAccess // whoever asked for the interpreter, whatever their role
	}
	switch v.actor.Role {
	case auth.Coordinator, auth.Admin:
		if !r.Confidential || v.grants[r.ID] {
			return fullAccess
		}
		return metadataAccess
	case auth.Interpreter:
		switch {
		case v.me == nil:
			return noAccess
		case assignedTo(r, v.me.ID):
			return fullAccess
		case v.pending[r.ID]:
			return decideAccess
		}
	}
	return noAccess
}

// readAudited runs read in a read-only transaction, then appends the audit events it
// returns (reads of confidential requests) in one write transaction. Nothing read is
// handed back unless its reads are on the record; reads of nothing confidential never
// touch the writer.
func (s *Service) readAudited(ctx context.Context, read func(ctx context.Context, tx ReadTx) ([]audit.Event, error)) error {
	var events []audit.Event
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		events, err = read(ctx, tx)
		return err
	})
	if err != nil || len(events) == 0 {
		return err
	}
	return s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error { return tx.AuditAll(ctx, events) })
}

// auditOf is the audit event of a read or change of r by actor (nil: system) when r is
// confidential; others are not audited.
func (s *Service) auditOf(actor *auth.User, r *Request, action, detail string) []audit.Event {
	if !r.Confidential {
		return nil
	}
	var id int64
	if actor != nil {
		id = actor.ID
	}
	return []audit.Event{{At: s.now(), ActorID: id, Action: action, Subject: fmt.Sprintf("request:%d", r.ID), Detail: detail}}
}
