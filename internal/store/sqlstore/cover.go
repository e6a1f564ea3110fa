package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/schedule"
)

const coverColumns = "id, interpreter_id, language, level, starts_at, ends_at, status, taken_by, created_at"

// InsertCover stores a new cover request; sets its ID.
func (t *Tx) InsertCover(ctx context.Context, c *dispatch.Cover) error {
	id, err := t.insert(ctx, "insert cover request", `INSERT INTO cover_requests (interpreter_id, language, level, starts_at, ends_at, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.InterpreterID, c.Language, string(c.Level), ms(c.StartsAt), ms(c.EndsAt), string(c.Status), ms(c.CreatedAt))
	c.ID = id
	return err
}

// GetCover reads a cover request; forUpdate locks the row.
func (t *Tx) GetCover(ctx context.Context, id int64, forUpdate bool) (*dispatch.Cover, error) {
	q := "SELECT " + coverColumns + " FROM cover_requests WHERE id = ?"
	if forUpdate {
		q += t.db.Dialect.ForUpdate
	}
	c, err := scanCover(t.queryRow(ctx, q, id))
	if err != nil {
		return nil, t.notFound(err, "cover request")
	}
	return c, nil
}

// ListCovers lists the cover requests in status whose shift ends after at.
func (t *Tx) ListCovers(ctx context.Context, status dispatch.CoverStatus, at time.Time) ([]*dispatch.Cover, error) {
	rows, err := t.query(ctx, "list cover requests", "SELECT "+coverColumns+" FROM cover_requests WHERE status = ? AND ends_at > ? ORDER BY starts_at, id",
		string(status), ms(at))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dispatch.Cover
	for rows.Next() {
		c, err := scanCover(rows)
		if err != nil {
			return nil, t.wrap("scan cover request", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TakeCover moves an open cover request to taken; false if it was no longer open.
func (t *Tx) TakeCover(ctx context.Context, id, interpreterID int64) (bool, error) {
	res, err := t.exec(ctx, "take cover request", "UPDATE cover_requests SET status = ?, taken_by = ? WHERE id = ? AND status = ?",
		string(dispatch.CoverTaken), interpreterID, id, string(dispatch.CoverOpen))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetCoverStatus sets a cover request's status.
func (t *Tx) SetCoverStatus(ctx context.Context, id int64, status dispatch.CoverStatus) error {
	_, err := t.exec(ctx, "set cover request status", "UPDATE cover_requests SET status = ? WHERE id = ?", string(status), id)
	return err
}

// DeleteShifts removes the one-off shifts with exactly s's interpreter, language, level
// and times.
func (t *Tx) DeleteShifts(ctx context.Context, s schedule.Shift) error {
	_, err := t.exec(ctx, "delete shifts", "DELETE FROM shifts WHERE interpreter_id = ? AND language = ? AND level = ? AND starts_at = ? AND ends_at = ?",
		s.InterpreterID, s.Language, string(s.Level), ms(s.StartsAt), ms(s.EndsAt))
	return err
}

type scanner interface{ Scan(dest ...any) error }

func scanCover(row scanner) (*dispatch.Cover, error) {
	var c dispatch.Cover
	var level, status string
	var start, end, created int64
	var taken sql.NullInt64
	if err := row.Scan(&c.ID, &c.InterpreterID, &c.Language, &level, &start, &end, &status, &taken, &created); err != nil {
		return nil, err
	}
	c.Level, c.Status = schedule.Level(level), dispatch.CoverStatus(status)
	c.StartsAt, c.EndsAt, c.CreatedAt = fromMS(start), fromMS(end), fromMS(created)
	if taken.Valid {
		c.TakenBy = &taken.Int64
	}
	return &c, nil
}
