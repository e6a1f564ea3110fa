package dispatch

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/schedule"
)

// GapHorizon is how far ahead coordinators are warned of hours nobody is on call.
const GapHorizon = 14 * 24 * time.Hour

// maxCoverage bounds the period one coverage question may ask about.
const maxCoverage = 31 * 24 * time.Hour

// Coverage is a language's on-call cover over a period.
type Coverage struct {
	Language string    `json:"language"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	// Rotation holds the weekly slots of the language's rotations, expanded into the
	// period; Shifts the one-off shifts and overrides.
	Rotation []schedule.Shift `json:"rotation"`
	Shifts   []schedule.Shift `json:"shifts"`
	// Gaps are the periods when no active interpreter is on call at any level.
	Gaps []schedule.Span `json:"gaps"`
}

// Coverage says who is on call for a language over [from, to) (at most 31 days) and
// when nobody is: coordinators and admins. Inactive interpreters cover nothing.
func (s *Service) Coverage(ctx context.Context, actor *auth.User, language string, from, to time.Time) (*Coverage, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	lang, err := locale.Canonical(strings.TrimSpace(language))
	if err != nil || language == "" {
		return nil, invalid("language", "%q is not a language tag", language)
	}
	if !from.Before(to) || to.Sub(from) > maxCoverage {
		return nil, invalid("week", "a period of up to 31 days")
	}
	c := &Coverage{Language: lang, From: from.UTC(), To: to.UTC()}
	err = s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		active, err := activeInterpreters(ctx, tx)
		if err != nil {
			return err
		}
		rot, err := tx.Rotations(ctx)
		if err != nil {
			return err
		}
		shifts, err := tx.Shifts(ctx, from, to)
		if err != nil {
			return err
		}
		var mine []schedule.Rotation
		for _, r := range rot {
			if locale.Speaks(r.Language, lang) {
				mine = append(mine, r)
			}
		}
		c.Rotation = schedule.Expand(mine, s.deps.Location, from, to)
		for _, sh := range shifts {
			if locale.Speaks(sh.Language, lang) {
				c.Shifts = append(c.Shifts, sh)
			}
		}
		c.Gaps = schedule.Gaps(onlyActiveSlots(mine, active), onlyActiveShifts(c.Shifts, active), s.deps.Location, lang, from, to)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func activeInterpreters(ctx context.Context, tx ReadTx) (map[int64]bool, error) {
	all, err := tx.ListInterpreters(ctx)
	if err != nil {
		return nil, err
	}
	active := map[int64]bool{}
	for _, i := range all {
		if i.Active {
			active[i.ID] = true
		}
	}
	return active, nil
}

func onlyActiveSlots(rot []schedule.Rotation, active map[int64]bool) []schedule.Rotation {
	out := make([]schedule.Rotation, 0, len(rot))
	for _, r := range rot {
		r.Slots = slices.DeleteFunc(slices.Clone(r.Slots), func(sl schedule.Slot) bool { return !active[sl.InterpreterID] })
		out = append(out, r)
	}
	return out
}

func onlyActiveShifts(shifts []schedule.Shift, active map[int64]bool) []schedule.Shift {
	return slices.DeleteFunc(slices.Clone(shifts), func(sh schedule.Shift) bool { return !active[sh.InterpreterID] })
}

// Rotations lists every weekly rotation: coordinators and admins.
func (s *Service) Rotations(ctx context.Context, actor *auth.User) ([]schedule.Rotation, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	var out []schedule.Rotation
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		out, err = tx.Rotations(ctx)
		return err
	})
	return out, err
}

// AddRotationSlot adds one weekly slot to the rotation of a language and level (making
// the rotation if there is none): coordinators and admins. The rotation must still
// validate — a slot that overlaps another is refused, naming the field. Audited.
func (s *Service) AddRotationSlot(ctx context.Context, actor *auth.User, language string, level schedule.Level, slot schedule.Slot) error {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return err
	}
	lang, err := locale.Canonical(strings.TrimSpace(language))
	if err != nil || language == "" {
		return invalid("language", "%q is not a language tag", language)
	}
	return s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		rot, err := tx.Rotations(ctx)
		if err != nil {
			return err
		}
		r := schedule.Rotation{Language: lang, Level: level}
		for _, old := range rot {
			if old.Language == lang && old.Level == level {
				r = old
			}
		}
		r.Slots = append(slices.Clone(r.Slots), slot)
		if err := r.Validate(); err != nil {
			return slotError(err, len(r.Slots)-1)
		}
		if _, err := tx.GetInterpreter(ctx, slot.InterpreterID); err != nil {
			if apperr.CodeOf(err) == apperr.NotFound {
				return invalid("interpreter_id", "no such interpreter")
			}
			return err
		}
		if err := tx.PutRotation(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.Event{At: s.now(), ActorID: actor.ID, Action: audit.RotationChanged,
			Subject: fmt.Sprintf("rotation:%s/%s", r.Language, r.Level), Detail: "slot added: " + slot.String()})
	})
}

// slotError names the field of the new slot (index n) at fault, without its index:
// "start", "end", "day", "interpreter_id", or "level".
func slotError(err error, n int) error {
	fes, ok := err.(schedule.FieldErrors)
	if !ok || len(fes) == 0 {
		return invalid("slot", "%v", err)
	}
	fe := fes[0]
	prefix := fmt.Sprintf("slots[%d]", n)
	field := strings.TrimPrefix(strings.TrimPrefix(fe.Field, prefix), ".")
	switch {
	case fe.Field == prefix:
		field = "start" // overlaps another slot
	case !strings.HasPrefix(fe.Field, prefix):
		field = fe.Field
	}
	return invalid(field, "%s", fe.Reason)
}
