package dispatch

import (
	"context"
	"fmt"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
)

// Interpreter returns one interpreter's profile: coordinators and admins.
func (s *Service) Interpreter(ctx context.Context, actor *auth.User, id int64) (*Interpreter, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	var i *Interpreter
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		i, err = tx.GetInterpreter(ctx, id)
		return err
	})
	return i, err
}

// UpdateInterpreter changes an interpreter's name, phone, preferred locale, gender,
// languages and modalities: coordinators and admins. The email (the account's sign-in),
// the vetting dates and the active flag are changed elsewhere and kept as they are;
// in.Email, in.BackgroundCheckOn, in.DVTrainingOn and in.Active are ignored.
//
// An interpreter may update their own profile the same way, except their name and
// gender, which stay as a coordinator recorded them; anyone else's is not found.
func (s *Service) UpdateInterpreter(ctx context.Context, actor *auth.User, id int64, in InterpreterInput) (*Interpreter, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin, auth.Interpreter); err != nil {
		return nil, err
	}
	var out *Interpreter
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		old, err := tx.GetInterpreter(ctx, id)
		if err != nil {
			return err
		}
		if actor.Role == auth.Interpreter {
			if old.UserID != actor.ID {
				return notFound("interpreter")
			}
			in.Name, in.Gender = old.Name, old.Gender
		}
		in.Email, in.BackgroundCheckOn, in.DVTrainingOn, in.Active = old.Email, old.BackgroundCheckOn, old.DVTrainingOn, &old.Active
		i, err := in.Normalize()
		if err != nil {
			return err
		}
		i.ID, i.UserID, i.LastAssignedAt = old.ID, old.UserID, old.LastAssignedAt
		if err := tx.UpdateInterpreter(ctx, i); err != nil {
			return err
		}
		out = i
		return tx.Audit(ctx, audit.Event{At: s.now(), ActorID: actor.ID, Action: audit.InterpreterChanged, Subject: fmt.Sprintf("interpreter:%d", id)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetInterpreterActive deactivates an interpreter (no more offers, off the coverage
// count) or makes them active again: coordinators and admins. Their account, rotations
// and history stay. Audited.
func (s *Service) SetInterpreterActive(ctx context.Context, actor *auth.User, id int64, active bool) error {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return err
	}
	return s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if _, err := tx.GetInterpreter(ctx, id); err != nil {
			return err
		}
		if err := tx.SetInterpreterActive(ctx, id, active); err != nil {
			return err
		}
		action := audit.InterpreterDeactivated
		if active {
			action = audit.InterpreterReactivated
		}
		return tx.Audit(ctx, audit.Event{At: s.now(), ActorID: actor.ID, Action: action, Subject: fmt.Sprintf("interpreter:%d", id)})
	})
}
