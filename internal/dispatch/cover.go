package dispatch

import (
	"context"
	"strconv"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/schedule"
)

// CoverStatus is where a cover request is.
type CoverStatus string

// Cover request states.
const (
	CoverOpen      CoverStatus = "open"      // waiting for a colleague
	CoverTaken     CoverStatus = "taken"     // a colleague has the shift now
	CoverWithdrawn CoverStatus = "withdrawn" // the asker kept the shift
)

// Notification kinds about cover requests; RequestID carries the cover request's id.
const (
	NotifyCoverAsked = "cover_asked" // a colleague asks for cover of a shift you could take
	NotifyCoverTaken = "cover_taken" // your shift (or one you coordinate) was taken
)

// KeyCoverTaken: someone else took the shift first.
const KeyCoverTaken = "ErrCoverTaken"

// Cover is an interpreter's request that a qualified colleague take one of their shifts.
type Cover struct {
	ID            int64          `json:"id"`
	InterpreterID int64          `json:"interpreter_id"`
	Language      string         `json:"language"`
	Level         schedule.Level `json:"level"`
	StartsAt      time.Time      `json:"starts_at"`
	EndsAt        time.Time      `json:"ends_at"`
	Status        CoverStatus    `json:"status"`
	TakenBy       *int64         `json:"taken_by,omitempty"`
	CreatedAt     time.Time      `json:"created_at"`
}

// CoverView is a cover request as an interpreter sees it.
type CoverView struct {
	*Cover
	Mine    bool `json:"mine"`
	CanTake bool `json:"can_take"`
}

// AskCover asks qualified colleagues to take one of the actor's own future shifts; they
// and the coordinators are told.
func (s *Service) AskCover(ctx context.Context, actor *auth.User, sh schedule.Shift) (*Cover, error) {
	if err := allow(actor, auth.Interpreter); err != nil {
		return nil, err
	}
	now := s.now()
	var c *Cover
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		me, err := tx.InterpreterByUser(ctx, actor.ID)
		if err != nil {
			return err
		}
		mine, err := s.shiftsOf(ctx, tx, me.ID, sh.StartsAt, sh.EndsAt)
		if err != nil {
			return err
		}
		if !sh.StartsAt.After(now) || !hasShift(mine, sh) {
			return apperr.InvalidField("shift", KeyInvalidField, "not one of your future shifts")
		}
		c = &Cover{InterpreterID: me.ID, Language: sh.Language, Level: sh.Level, StartsAt: sh.StartsAt.UTC(), EndsAt: sh.EndsAt.UTC(),
			Status: CoverOpen, CreatedAt: now}
		if err := tx.InsertCover(ctx, c); err != nil {
			return err
		}
		qualified, err := s.coverCandidates(ctx, tx, c)
		if err != nil {
			return err
		}
		for _, i := range qualified {
			if err := tx.Notify(ctx, Notification{UserID: i.UserID, Kind: NotifyCoverAsked, RequestID: c.ID}); err != nil {
				return err
			}
		}
		return s.auditCover(ctx, tx, actor, c, "asked")
	})
	return c, err
}

// Covers lists the open cover requests an interpreter asked for or could take; for
// coordinators and admins, every open one.
func (s *Service) Covers(ctx context.Context, actor *auth.User) ([]*CoverView, error) {
	if err := allow(actor, auth.Interpreter, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	var out []*CoverView
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		open, err := tx.ListCovers(ctx, CoverOpen, s.now())
		if err != nil || len(open) == 0 {
			return err
		}
		if actor.Role != auth.Interpreter {
			for _, c := range open {
				out = append(out, &CoverView{Cover: c})
			}
			return nil
		}
		me, err := tx.InterpreterByUser(ctx, actor.ID)
		if err != nil {
			return err
		}
		from, to := open[0].StartsAt, open[0].EndsAt
		for _, c := range open {
			from, to = minTime(from, c.StartsAt), maxTime(to, c.EndsAt)
		}
		book, err := s.readShifts(ctx, tx, from, to)
		if err != nil {
			return err
		}
		for _, c := range open {
			ok := mayCover(me, c, book.onShift(c.StartsAt, c.EndsAt))
			if c.InterpreterID == me.ID || ok {
				out = append(out, &CoverView{Cover: c, Mine: c.InterpreterID == me.ID, CanTake: ok})
			}
		}
		return nil
	})
	return out, err
}

// TakeCover gives the shift to the actor if they qualify and nobody took it first: an
// override shift in their name (and the asker's one-off shift removed). The asker and
// the coordinators are told.
func (s *Service) TakeCover(ctx context.Context, actor *auth.User, id int64) (*Cover, error) {
	if err := allow(actor, auth.Interpreter); err != nil {
		return nil, err
	}
	var c *Cover
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		me, err := tx.InterpreterByUser(ctx, actor.ID)
		if err != nil {
			return err
		}
		if c, err = tx.GetCover(ctx, id, true); err != nil {
			return err
		}
		if c.Status != CoverOpen {
			return apperr.New(apperr.Conflict, KeyCoverTaken, "cover %s", c.Status)
		}
		book, err := s.readShifts(ctx, tx, c.StartsAt, c.EndsAt)
		if err != nil {
			return err
		}
		if !mayCover(me, c, book.onShift(c.StartsAt, c.EndsAt)) {
			return notFound("cover request")
		}
		if taken, err := tx.TakeCover(ctx, c.ID, me.ID); err != nil || !taken {
			if err == nil {
				err = apperr.New(apperr.Conflict, KeyCoverTaken, "cover taken first by someone else")
			}
			return err
		}
		c.Status, c.TakenBy = CoverTaken, &me.ID
		return s.handOver(ctx, tx, actor, c)
	})
	return c, err
}

// handOver moves the shift of a taken cover request and tells the asker and the
// coordinators.
func (s *Service) handOver(ctx context.Context, tx Tx, actor *auth.User, c *Cover) error {
	if err := tx.InsertShift(ctx, &schedule.Shift{InterpreterID: *c.TakenBy, Language: c.Language, Level: c.Level, StartsAt: c.StartsAt, EndsAt: c.EndsAt}); err != nil {
		return err
	}
	if err := tx.DeleteShifts(ctx, schedule.Shift{InterpreterID: c.InterpreterID, Language: c.Language, Level: c.Level, StartsAt: c.StartsAt, EndsAt: c.EndsAt}); err != nil {
		return err
	}
	asker, err := tx.GetInterpreter(ctx, c.InterpreterID)
	if err != nil {
		return err
	}
	told := []int64{asker.UserID}
	coordinators, err := tx.UsersWithRole(ctx, auth.Coordinator)
	if err != nil {
		return err
	}
	for _, uid := range append(told, coordinators...) {
		if err := tx.Notify(ctx, Notification{UserID: uid, Kind: NotifyCoverTaken, RequestID: c.ID}); err != nil {
			return err
		}
	}
	return s.auditCover(ctx, tx, actor, c, "taken")
}

// WithdrawCover keeps the shift: the asker takes back an open cover request.
func (s *Service) WithdrawCover(ctx context.Context, actor *auth.User, id int64) error {
	if err := allow(actor, auth.Interpreter); err != nil {
		return err
	}
	return s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		me, err := tx.InterpreterByUser(ctx, actor.ID)
		if err != nil {
			return err
		}
		c, err := tx.GetCover(ctx, id, true)
		if err != nil {
			return err
		}
		if c.InterpreterID != me.ID {
			return notFound("cover request")
		}
		if c.Status != CoverOpen {
			return apperr.New(apperr.Conflict, KeyCoverTaken, "cover %s", c.Status)
		}
		if err := tx.SetCoverStatus(ctx, id, CoverWithdrawn); err != nil {
			return err
		}
		return s.auditCover(ctx, tx, actor, c, "withdrawn")
	})
}

// coverCandidates are the interpreters who may take c.
func (s *Service) coverCandidates(ctx context.Context, tx ReadTx, c *Cover) ([]*Interpreter, error) {
	all, err := tx.ListInterpreters(ctx)
	if err != nil {
		return nil, err
	}
	book, err := s.readShifts(ctx, tx, c.StartsAt, c.EndsAt)
	if err != nil {
		return nil, err
	}
	busy := book.onShift(c.StartsAt, c.EndsAt)
	var out []*Interpreter
	for _, i := range all {
		if mayCover(i, c, busy) {
			out = append(out, i)
		}
	}
	return out, nil
}

// mayCover: an active colleague who speaks the shift's language and has no shift of
// their own (any language, any level) during it; busy are those on shift during it.
func mayCover(i *Interpreter, c *Cover, busy map[int64]bool) bool {
	return i.Active && i.ID != c.InterpreterID && speaksAny(i.Languages, c.Language) && !busy[i.ID]
}

func speaksAny(languages []string, wanted string) bool {
	for _, l := range languages {
		if locale.Speaks(l, wanted) {
			return true
		}
	}
	return false
}

// shiftBook is the weekly rotations and the one-off shifts of a period, read once, to
// answer who has a shift when within that period without a query per question.
type shiftBook struct {
	rot    []schedule.Rotation
	shifts []schedule.Shift
	loc    *time.Location
}

// readShifts reads the rotations and the one-off shifts overlapping [from, to).
func (s *Service) readShifts(ctx context.Context, tx ReadTx, from, to time.Time) (*shiftBook, error) {
	rot, err := tx.Rotations(ctx)
	if err != nil {
		return nil, err
	}
	shifts, err := tx.Shifts(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return &shiftBook{rot: rot, shifts: shifts, loc: s.deps.Location}, nil
}

// during lists the shifts (one-off and expanded rotations) overlapping [from, to), a
// period within the one the book was read for.
func (b *shiftBook) during(from, to time.Time) []schedule.Shift {
	var out []schedule.Shift
	for _, sh := range append(schedule.Expand(b.rot, b.loc, from, to), b.shifts...) {
		if sh.StartsAt.Before(to) && sh.EndsAt.After(from) {
			out = append(out, sh)
		}
	}
	return out
}

// onShift is the set of interpreters with a shift overlapping [from, to).
func (b *shiftBook) onShift(from, to time.Time) map[int64]bool {
	on := map[int64]bool{}
	for _, sh := range b.during(from, to) {
		on[sh.InterpreterID] = true
	}
	return on
}

// shiftsOf are an interpreter's shifts (one-off and expanded rotations) overlapping
// [from, to).
func (s *Service) shiftsOf(ctx context.Context, tx ReadTx, interpreterID int64, from, to time.Time) ([]schedule.Shift, error) {
	book, err := s.readShifts(ctx, tx, from, to)
	if err != nil {
		return nil, err
	}
	var out []schedule.Shift
	for _, sh := range book.during(from, to) {
		if sh.InterpreterID == interpreterID {
			out = append(out, sh)
		}
	}
	return out, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func hasShift(shifts []schedule.Shift, want schedule.Shift) bool {
	for _, sh := range shifts {
		if sh.Language == want.Language && sh.Level == want.Level && sh.StartsAt.Equal(want.StartsAt) && sh.EndsAt.Equal(want.EndsAt) {
			return true
		}
	}
	return false
}

func (s *Service) auditCover(ctx context.Context, tx Tx, actor *auth.User, c *Cover, what string) error {
	return tx.Audit(ctx, audit.Event{At: s.now(), ActorID: actor.ID, Action: audit.CoverShift,
		Subject: "cover:" + strconv.FormatInt(c.ID, 10), Detail: what})
}
