package sqlstore

import (
	"context"

	"github.com/outreach-project/outreach/internal/dispatch"
)

// InsertBreakGlass records a coordinator's access to a request's details.
func (t *Tx) InsertBreakGlass(ctx context.Context, b *dispatch.BreakGlass) error {
	_, err := t.insert(ctx, "insert break-glass", "INSERT INTO break_glass (request_id, user_id, reason, at, expires_at) VALUES (?, ?, ?, ?, ?)",
		b.RequestID, b.UserID, b.Reason, ms(b.At), ms(b.ExpiresAt))
	return err
}

// BreakGlassOf lists a request's break-glass accesses, oldest first.
func (t *Tx) BreakGlassOf(ctx context.Context, requestID int64) ([]*dispatch.BreakGlass, error) {
	rows, err := t.query(ctx, "list break-glass", "SELECT request_id, user_id, reason, at, expires_at FROM break_glass WHERE request_id = ? ORDER BY id", requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dispatch.BreakGlass
	for rows.Next() {
		var b dispatch.BreakGlass
		var at, exp int64
		if err := rows.Scan(&b.RequestID, &b.UserID, &b.Reason, &at, &exp); err != nil {
			return nil, t.wrap("scan break-glass", err)
		}
		b.At, b.ExpiresAt = fromMS(at), fromMS(exp)
		out = append(out, &b)
	}
	return out, rows.Err()
}
