package dispatch

import (
	"context"
	"sort"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/schedule"
)

// Supply is how many interpreters serve a language: active ones, and those on call now.
type Supply struct {
	Language     string `json:"language"`
	Interpreters int    `json:"interpreters"`
	OnCall       int    `json:"on_call"`
}

// Supplies lists the languages that have at least one active interpreter, with how many
// are on call at t, for the request form: advocates, coordinators and admins.
func (s *Service) Supplies(ctx context.Context, actor *auth.User, at time.Time) ([]Supply, error) {
	if err := allow(actor, auth.Advocate, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	var out []Supply
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		interpreters, err := tx.ListInterpreters(ctx)
		if err != nil {
			return err
		}
		rot, err := tx.Rotations(ctx)
		if err != nil {
			return err
		}
		shifts, err := tx.Shifts(ctx, at.Add(-24*time.Hour), at.Add(24*time.Hour))
		if err != nil {
			return err
		}
		out = supplies(interpreters, rot, shifts, s.deps.Location, at)
		return nil
	})
	return out, err
}

// supplies counts, per language an active interpreter speaks, the active interpreters
// and those on call (primary or secondary) at t.
func supplies(interpreters []*Interpreter, rot []schedule.Rotation, shifts []schedule.Shift, loc *time.Location, at time.Time) []Supply {
	byLang := map[string]*Supply{}
	for _, i := range interpreters {
		if !i.Active {
			continue
		}
		for _, l := range i.Languages {
			c, err := locale.Canonical(l)
			if err != nil {
				continue
			}
			if byLang[c] == nil {
				byLang[c] = &Supply{Language: c}
			}
			byLang[c].Interpreters++
		}
	}
	out := make([]Supply, 0, len(byLang))
	for lang, sp := range byLang {
		on := map[int64]bool{}
		for _, level := range []schedule.Level{schedule.Primary, schedule.Secondary} {
			for _, id := range schedule.OnCall(rot, shifts, loc, lang, level, at) {
				on[id] = true
			}
		}
		sp.OnCall = len(on)
		out = append(out, *sp)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Language < out[b].Language })
	return out
}

// Outlook is a request as its status page shows it: the request as the viewer may see
// it, the escalation step it waits on, what comes after, and who accepted.
type Outlook struct {
	*RequestView
	// Current are the targets of the step the request waits on (nil once it is closed).
	Current []Target
	// Next are the targets of the following step; ToFallback when the fallback line
	// comes next instead.
	Next       []Target
	ToFallback bool
	// Assigned is who accepted and how to reach them: only for a viewer who sees the
	// details (the requester, or the assigned interpreter themself).
	Assigned *Contact
}

// Contact is how to reach an assigned interpreter.
type Contact struct {
	Name, Phone, Email string
}

// Outlook returns what happens next for a request, for anyone who may see it (read
// audited as by Request).
func (s *Service) Outlook(ctx context.Context, actor *auth.User, id int64) (*Outlook, error) {
	v, err := s.Request(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	o := &Outlook{RequestView: v}
	err = s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		if v.Status == StatusOpen || v.Status == StatusOffered {
			p, err := s.policyFor(ctx, tx, v.Language)
			if err != nil {
				return err
			}
			o.Current, o.Next, o.ToFallback = stepsAround(p, v.Step)
		}
		if v.Details && v.AssignedInterpreterID != nil {
			i, err := tx.GetInterpreter(ctx, *v.AssignedInterpreterID)
			if err != nil {
				return err
			}
			o.Assigned = &Contact{Name: i.Name, Phone: i.Phone, Email: i.Email}
		}
		return nil
	})
	return o, err
}

// stepsAround is the targets of step n (1-based; 0 before the first) and of the step
// after it, or fallback when there is none.
func stepsAround(p *Policy, n int) (current, next []Target, toFallback bool) {
	if n >= 1 && n <= len(p.Steps) {
		current = p.Steps[n-1].Targets
	}
	if n >= 0 && n < len(p.Steps) {
		return current, p.Steps[n].Targets, false
	}
	return current, nil, true
}
