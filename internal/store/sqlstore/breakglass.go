package sqlstore

import (
	"context"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
)

// InsertBreakGlass records a coordinator's access to a request's details.
func (t *Tx) InsertBreakGlass(ctx context.Context, b *dispatch.BreakGlass) error {
	_, err := t.insert(ctx, "insert break-glass", "INSERT INTO break_glass (request_id, user_id, reason, at, expires_at) VALUES (?, ?, ?, ?, ?)",
		b.RequestID, b.UserID, b.Reason, ms(b.At), ms(b.ExpiresAt))
	return err
}

// OpenBreakGlass reports which of requestIDs userID holds a grant on that expires after at.
func (t *Tx) OpenBreakGlass(ctx context.Context, userID int64, requestIDs []int64, at time.Time) (map[int64]bool, error) {
	out := map[int64]bool{}
	err := inChunks(requestIDs, func(marks string, args []any) error {
		rows, err := t.query(ctx, "open break-glass", "SELECT DISTINCT request_id FROM break_glass WHERE user_id = ? AND expires_at > ? AND request_id IN ("+marks+")",
			append([]any{userID, ms(at)}, args...)...)
		if err != nil {
			return err
		}
		ids, err := scanIDs(rows)
		for _, id := range ids {
			out[id] = true
		}
		return err
	})
	return out, err
}

// CountBreakGlassBy counts a person's grants since a time.
func (t *Tx) CountBreakGlassBy(ctx context.Context, userID int64, since time.Time) (int, error) {
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM break_glass WHERE user_id = ? AND at >= ?", userID, ms(since)).Scan(&n); err != nil {
		return 0, t.wrap("count break-glass", err)
	}
	return n, nil
}

// ListBreakGlass lists every grant since a time, newest first.
func (t *Tx) ListBreakGlass(ctx context.Context, since time.Time) ([]*dispatch.BreakGlass, error) {
	return t.breakGlass(ctx, "SELECT request_id, user_id, reason, at, expires_at FROM break_glass WHERE at >= ? ORDER BY id DESC", ms(since))
}

// BreakGlassOf lists a request's break-glass accesses, oldest first.
func (t *Tx) BreakGlassOf(ctx context.Context, requestID int64) ([]*dispatch.BreakGlass, error) {
	return t.breakGlass(ctx, "SELECT request_id, user_id, reason, at, expires_at FROM break_glass WHERE request_id = ? ORDER BY id", requestID)
}

func (t *Tx) breakGlass(ctx context.Context, q string, arg any) ([]*dispatch.BreakGlass, error) {
	rows, err := t.query(ctx, "list break-glass", q, arg)
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
