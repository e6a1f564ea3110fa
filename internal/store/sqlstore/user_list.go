package sqlstore

import (
	"context"
	"database/sql"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
)

// ListUsers returns every user by name, with their last successful sign-in from the
// audit log (which records every sign-in) and never their password hash. It reads on
// the read pool: the users page never waits for a write.
func (a Accounts) ListUsers(ctx context.Context) ([]auth.Listing, error) {
	var out []auth.Listing
	err := a.DB.readTx(ctx, func(ctx context.Context, t *Tx) error {
		rows, err := t.query(ctx, "list users", `SELECT u.id, u.email, u.name, u.role, u.active, u.created_at, u.locked_until,
			(SELECT MAX(e.at) FROM audit_events e WHERE e.actor_id = u.id AND e.action = ?)
			FROM users u ORDER BY u.name, u.id`, audit.SignIn)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l auth.Listing
			var created int64
			var locked, last sql.NullInt64
			if err := rows.Scan(&l.ID, &l.Email, &l.Name, &l.Role, &l.Active, &created, &locked, &last); err != nil {
				return t.wrap("scan user", err)
			}
			l.CreatedAt, l.LastSignIn = fromMS(created), fromNullMS(last)
			if locked.Valid {
				l.LockedUntil = fromMS(locked.Int64)
			}
			out = append(out, l)
		}
		return rows.Err()
	})
	return out, err
}
