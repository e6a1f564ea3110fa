package dispatch

import (
	"context"
	"fmt"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/schedule"
)

// CreateInterpreter adds an interpreter and their user account (role interpreter, no
// password yet) in one transaction. Coordinators and admins may.
func (s *Service) CreateInterpreter(ctx context.Context, actor *auth.User, in InterpreterInput) (*Interpreter, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	i, err := in.Normalize()
	if err != nil {
		return nil, err
	}
	bg, dv := i.BackgroundCheckOn, i.DVTrainingOn
	i.BackgroundCheckOn, i.DVTrainingOn = nil, nil
	err = s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		u := &auth.User{Email: i.Email, Name: i.Name, Phone: i.Phone, Role: auth.Interpreter, Active: true, PreferredLocale: i.PreferredLocale,
			CreatedAt: s.now(), CreatedBy: actor.ID}
		if err := tx.InsertUser(ctx, u); err != nil {
			return err
		}
		i.UserID, i.CreatedBy = u.ID, actor.ID
		if err := tx.InsertInterpreter(ctx, i); err != nil {
			return err
		}
		if err := tx.Audit(ctx, audit.Event{At: s.now(), ActorID: actor.ID, Action: audit.UserAdded, Subject: fmt.Sprintf("user:%d", u.ID), Detail: "role interpreter"}); err != nil {
			return err
		}
		if bg == nil && dv == nil {
			return nil
		}
		return s.recordVetting(ctx, tx, actor, i, bg, dv)
	})
	if err != nil {
		return nil, err
	}
	return i, nil
}

// Interpreters lists every interpreter: coordinators and admins.
func (s *Service) Interpreters(ctx context.Context, actor *auth.User) ([]*Interpreter, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	var out []*Interpreter
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		out, err = tx.ListInterpreters(ctx)
		return err
	})
	return out, err
}

// PutPolicy stores a language's escalation policy (or "default").
func (s *Service) PutPolicy(ctx context.Context, actor *auth.User, p *Policy) error {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return err
	}
	if err := p.Normalize(); err != nil {
		return err
	}
	return s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error { return tx.PutPolicy(ctx, p) })
}

// Policy returns the policy that applies to a language (its own, its base language's,
// the default, or the built-in one).
func (s *Service) Policy(ctx context.Context, actor *auth.User, language string) (*Policy, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	var p *Policy
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		p, err = s.policyFor(ctx, tx, language)
		return err
	})
	return p, err
}

// Policies returns the policy that applies to each of languages, in order, as Policy
// would, from one read of the stored policies: coordinators and admins.
func (s *Service) Policies(ctx context.Context, actor *auth.User, languages []string) ([]*Policy, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	var stored map[string]*Policy
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		stored, err = tx.Policies(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]*Policy, len(languages))
	for i, l := range languages {
		out[i] = policyIn(stored, l)
	}
	return out, nil
}

// AddShift stores a one-off shift or override for an existing interpreter.
func (s *Service) AddShift(ctx context.Context, actor *auth.User, sh *schedule.Shift) error {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return err
	}
	return s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if _, err := tx.GetInterpreter(ctx, sh.InterpreterID); err != nil {
			if apperr.CodeOf(err) == apperr.NotFound {
				return apperr.InvalidField("interpreter_id", KeyInvalidField, "no such interpreter")
			}
			return err
		}
		return tx.InsertShift(ctx, sh)
	})
}

// PutRotation replaces the weekly rotation of one language and level.
func (s *Service) PutRotation(ctx context.Context, actor *auth.User, r schedule.Rotation) error {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return err
	}
	return s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		for _, slot := range r.Slots {
			if _, err := tx.GetInterpreter(ctx, slot.InterpreterID); err != nil {
				if apperr.CodeOf(err) == apperr.NotFound {
					return apperr.InvalidField("slots", KeyInvalidField, "no interpreter %d", slot.InterpreterID)
				}
				return err
			}
		}
		return tx.PutRotation(ctx, r)
	})
}

// OnCall says who is on call for a language at a time, by level.
type OnCall struct {
	Language  string    `json:"language"`
	At        time.Time `json:"at"`
	Primary   []int64   `json:"primary"`
	Secondary []int64   `json:"secondary"`
}

// WhoIsOnCall answers for coordinators, admins and advocates.
func (s *Service) WhoIsOnCall(ctx context.Context, actor *auth.User, language string, at time.Time) (*OnCall, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin, auth.Advocate); err != nil {
		return nil, err
	}
	oc := &OnCall{Language: language, At: at.UTC(), Primary: []int64{}, Secondary: []int64{}}
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		rot, err := tx.Rotations(ctx)
		if err != nil {
			return err
		}
		shifts, err := tx.Shifts(ctx, at.Add(-24*time.Hour), at.Add(24*time.Hour))
		if err != nil {
			return err
		}
		oc.Primary = append(oc.Primary, schedule.OnCall(rot, shifts, s.deps.Location, language, schedule.Primary, at)...)
		oc.Secondary = append(oc.Secondary, schedule.OnCall(rot, shifts, s.deps.Location, language, schedule.Secondary, at)...)
		return nil
	})
	return oc, err
}

// InterpreterShifts returns an interpreter's shifts (one-off and expanded rotations)
// between from and to, for their calendar feed.
func (s *Service) InterpreterShifts(ctx context.Context, interpreterID int64, from, to time.Time) ([]schedule.Shift, error) {
	var out []schedule.Shift
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		rot, err := tx.Rotations(ctx)
		if err != nil {
			return err
		}
		shifts, err := tx.Shifts(ctx, from, to)
		if err != nil {
			return err
		}
		for _, sh := range append(schedule.Expand(rot, s.deps.Location, from, to), shifts...) {
			if sh.InterpreterID == interpreterID {
				out = append(out, sh)
			}
		}
		return nil
	})
	return out, err
}

// InterpreterOf returns the interpreter profile of a user; NotFound if they have none.
func (s *Service) InterpreterOf(ctx context.Context, actor *auth.User) (*Interpreter, error) {
	if err := allow(actor, auth.Roles...); err != nil {
		return nil, err
	}
	var i *Interpreter
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		i, err = tx.InterpreterByUser(ctx, actor.ID)
		return err
	})
	return i, err
}

// NewCalendarToken makes a new secret for an interpreter's calendar feed URL (the
// interpreter themself, or a coordinator or admin) and returns it once; an earlier one
// stops working.
func (s *Service) NewCalendarToken(ctx context.Context, actor *auth.User, interpreterID int64) (string, error) {
	if err := allow(actor, auth.Interpreter, auth.Coordinator, auth.Admin); err != nil {
		return "", err
	}
	token, hash := auth.NewToken()
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if actor.Role == auth.Interpreter {
			me, err := tx.InterpreterByUser(ctx, actor.ID)
			if err != nil || me.ID != interpreterID {
				return notFound("interpreter")
			}
		} else if _, err := tx.GetInterpreter(ctx, interpreterID); err != nil {
			return err
		}
		return tx.SetCalendarToken(ctx, interpreterID, hash)
	})
	return token, err
}

// CalendarFeed returns the shifts of the interpreter owning a calendar token, from a
// week ago to eight weeks ahead.
func (s *Service) CalendarFeed(ctx context.Context, token string) ([]schedule.Shift, error) {
	var i *Interpreter
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		i, err = tx.InterpreterByCalendarToken(ctx, auth.HashToken(token))
		return err
	})
	if err != nil {
		return nil, err
	}
	now := s.now()
	return s.InterpreterShifts(ctx, i.ID, now.Add(-7*24*time.Hour), now.Add(8*7*24*time.Hour))
}
