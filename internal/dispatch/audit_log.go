package dispatch

import (
	"context"
	"strings"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
)

// Audit log pages.
const (
	AuditPageSize    = 50
	maxAuditPageSize = 200
)

// AuditLog reads a page of the audit log, newest first, for coordinators and admins.
// Events carry ids, fixed phrases and break-glass reasons, never a confidential request's
// details, so the log shows none. A From after To is refused naming "to".
func (s *Service) AuditLog(ctx context.Context, actor *auth.User, f audit.Filter) (*audit.Page, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	f.Action, f.Subject = strings.TrimSpace(f.Action), strings.TrimSpace(f.Subject)
	f.ActorEmail = strings.ToLower(strings.TrimSpace(f.ActorEmail))
	switch {
	case !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To):
		return nil, invalid("to", "must be after from")
	case f.Before < 0 || f.ActorID < 0:
		return nil, invalid("before", "must not be negative")
	case len(f.Action) > maxShort || len(f.Subject) > maxShort || len(f.ActorEmail) > 254:
		return nil, invalid("action", "too long")
	}
	if f.Limit <= 0 || f.Limit > maxAuditPageSize {
		f.Limit = AuditPageSize
	}
	want := f.Limit
	f.Limit++ // one more tells whether there is a next page
	page := &audit.Page{}
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		entries, err := tx.ListAudit(ctx, f)
		if err != nil {
			return err
		}
		if len(entries) > want {
			entries = entries[:want]
			page.Next = entries[want-1].Seq
		}
		page.Entries = entries
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}
