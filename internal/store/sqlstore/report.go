package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
)

// ReportRecords reads the requests created in [from, to) for aggregate reports: language,
// state, creation time and the first acceptance. It never selects an id, a case type or
// a sealed field.
func (t *Tx) ReportRecords(ctx context.Context, from, to time.Time) ([]dispatch.ReportRecord, error) {
	rows, err := t.query(ctx, "report records", `SELECT r.language, r.status, r.created_at,
		(SELECT MIN(o.responded_at) FROM offers o WHERE o.request_id = r.id AND o.status = ?)
		FROM requests r WHERE r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at`,
		string(dispatch.OfferAccepted), ms(from), ms(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dispatch.ReportRecord
	for rows.Next() {
		var r dispatch.ReportRecord
		var created int64
		var accepted sql.NullInt64
		if err := rows.Scan(&r.Language, &r.Status, &created, &accepted); err != nil {
			return nil, t.wrap("scan report record", err)
		}
		r.CreatedAt, r.AcceptedAt = fromMS(created), fromNullMS(accepted)
		out = append(out, r)
	}
	return out, rows.Err()
}
