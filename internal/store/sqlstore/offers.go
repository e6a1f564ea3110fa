package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
)

const offerColumns = "id, request_id, interpreter_id, step, status, created_at, expires_at, responded_at"

func scanOffer(row interface{ Scan(...any) error }) (*dispatch.Offer, error) {
	var o dispatch.Offer
	var created, expires int64
	var responded sql.NullInt64
	if err := row.Scan(&o.ID, &o.RequestID, &o.InterpreterID, &o.Step, &o.Status, &created, &expires, &responded); err != nil {
		return nil, err
	}
	o.CreatedAt, o.ExpiresAt, o.RespondedAt = fromMS(created), fromMS(expires), fromNullMS(responded)
	return &o, nil
}

// InsertOffer stores an offer; sets its ID.
func (t *Tx) InsertOffer(ctx context.Context, o *dispatch.Offer) error {
	id, err := t.insert(ctx, "insert offer",
		"INSERT INTO offers (request_id, interpreter_id, step, status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
		o.RequestID, o.InterpreterID, o.Step, string(o.Status), ms(o.CreatedAt), ms(o.ExpiresAt))
	o.ID = id
	return err
}

// GetOffer reads one offer.
func (t *Tx) GetOffer(ctx context.Context, id int64) (*dispatch.Offer, error) {
	o, err := scanOffer(t.queryRow(ctx, "SELECT "+offerColumns+" FROM offers WHERE id = ?", id))
	if err != nil {
		return nil, t.notFound(err, "offer")
	}
	return o, nil
}

// ListOffers reads offers newest first.
func (t *Tx) ListOffers(ctx context.Context, f dispatch.OfferFilter) ([]*dispatch.Offer, error) {
	var where []string
	var args []any
	if f.InterpreterID != 0 {
		where, args = append(where, "interpreter_id = ?"), append(args, f.InterpreterID)
	}
	if f.RequestID != 0 {
		where, args = append(where, "request_id = ?"), append(args, f.RequestID)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	q := "SELECT " + offerColumns + " FROM offers"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return t.offers(ctx, q+" ORDER BY id DESC LIMIT 500", args...)
}

func (t *Tx) offers(ctx context.Context, q string, args ...any) ([]*dispatch.Offer, error) {
	rows, err := t.query(ctx, "list offers", q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dispatch.Offer
	for rows.Next() {
		o, err := scanOffer(rows)
		if err != nil {
			return nil, t.wrap("scan offer", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// PendingOffers reports which of requestIDs have an offer to interpreterID pending.
func (t *Tx) PendingOffers(ctx context.Context, interpreterID int64, requestIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	err := inChunks(requestIDs, func(marks string, args []any) error {
		rows, err := t.query(ctx, "pending offers", "SELECT DISTINCT request_id FROM offers WHERE interpreter_id = ? AND status = ? AND request_id IN ("+marks+")",
			append([]any{interpreterID, string(dispatch.OfferPending)}, args...)...)
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

// RespondOffer moves a pending offer to a final state; false if it was not pending.
func (t *Tx) RespondOffer(ctx context.Context, id int64, to dispatch.OfferStatus, at time.Time) (bool, error) {
	res, err := t.exec(ctx, "respond offer", "UPDATE offers SET status = ?, responded_at = ? WHERE id = ? AND status = ?",
		string(to), ms(at), id, string(dispatch.OfferPending))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CloseOffers moves a request's pending offers to a final state and returns them.
func (t *Tx) CloseOffers(ctx context.Context, requestID int64, to dispatch.OfferStatus, at time.Time) ([]*dispatch.Offer, error) {
	pending, err := t.offers(ctx, "SELECT "+offerColumns+" FROM offers WHERE request_id = ? AND status = ? ORDER BY id",
		requestID, string(dispatch.OfferPending))
	if err != nil || len(pending) == 0 {
		return nil, err
	}
	if _, err := t.exec(ctx, "close offers", "UPDATE offers SET status = ?, responded_at = ? WHERE request_id = ? AND status = ?",
		string(to), ms(at), requestID, string(dispatch.OfferPending)); err != nil {
		return nil, err
	}
	for _, o := range pending {
		o.Status, o.RespondedAt = to, &at
	}
	return pending, nil
}
