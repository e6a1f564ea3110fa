package dispatch

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
)

// BoardRecent is how long a closed request stays on the coordinators' board.
const BoardRecent = 24 * time.Hour

// boardLimit bounds the board.
const boardLimit = 300

// BoardItem is one request on the coordinators' board: metadata only, whether or not the
// request is confidential — never its case type, location, notes or people.
type BoardItem struct {
	ID           int64      `json:"id"`
	Language     string     `json:"language"`
	Modality     Modality   `json:"modality"`
	Urgency      Urgency    `json:"urgency"`
	Status       Status     `json:"status"`
	Confidential bool       `json:"confidential"`
	StartsAt     time.Time  `json:"starts_at"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	DeadlineAt   *time.Time `json:"deadline_at,omitempty"` // when the current step times out
	// Waiting is how long the request has waited: until now while it is open or
	// offered, until it was answered or closed otherwise.
	Waiting time.Duration `json:"waiting"`
	// Step is the 1-based escalation step in progress (0 before the first, past the
	// last when handed to the fallback line), of Steps in the language's policy;
	// StepTargets are that step's targets.
	Step        int      `json:"step"`
	Steps       int      `json:"steps"`
	StepTargets []Target `json:"step_targets,omitempty"`
}

// Open reports whether the request still waits for an interpreter.
func (b *BoardItem) Open() bool { return !b.Status.Closed() }

// Board lists, for coordinators and admins, the requests still waiting (longest waiting
// first) and then those closed in the last BoardRecent (latest first).
func (s *Service) Board(ctx context.Context, actor *auth.User) ([]*BoardItem, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	now := s.now()
	var out []*BoardItem
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		rs, err := tx.ListRequests(ctx, RequestFilter{OpenOrChangedSince: now.Add(-BoardRecent), Limit: boardLimit})
		if err != nil {
			return err
		}
		stored, err := tx.Policies(ctx)
		if err != nil {
			return err
		}
		policies := map[string]*Policy{}
		for _, r := range rs {
			p, ok := policies[r.Language]
			if !ok {
				p = policyIn(stored, r.Language)
				policies[r.Language] = p
			}
			out = append(out, boardItem(r, p, now))
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b *BoardItem) int {
		switch {
		case a.Open() && !b.Open():
			return -1
		case !a.Open() && b.Open():
			return 1
		case a.Open():
			return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		}
		return cmp.Or(b.UpdatedAt.Compare(a.UpdatedAt), cmp.Compare(b.ID, a.ID))
	})
	return out, err
}

func boardItem(r *Request, p *Policy, now time.Time) *BoardItem {
	b := &BoardItem{
		ID: r.ID, Language: r.Language, Modality: r.Modality, Urgency: r.Urgency, Status: r.Status,
		Confidential: r.Confidential, StartsAt: r.StartsAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Step: r.Step, Steps: len(p.Steps),
	}
	end := now
	if r.Status.Closed() {
		end = r.UpdatedAt
	} else {
		b.DeadlineAt = r.DeadlineAt
	}
	if end.After(r.CreatedAt) {
		b.Waiting = end.Sub(r.CreatedAt)
	}
	if r.Step >= 1 && r.Step <= len(p.Steps) && !r.Status.Closed() {
		b.StepTargets = p.Steps[r.Step-1].Targets
	}
	return b
}
