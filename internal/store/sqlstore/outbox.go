package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/notify"
)

// Outbox is the notification store: it implements notify.Store.
type Outbox struct{ DB *DB }

var _ notify.Store = Outbox{}

// LoadNotification reads a notification, its recipient and the request's facts.
func (o Outbox) LoadNotification(ctx context.Context, id int64) (*notify.Envelope, error) {
	var env *notify.Envelope
	err := o.DB.readTx(ctx, func(ctx context.Context, t *Tx) error {
		e := &notify.Envelope{ID: id}
		var offer sql.NullInt64
		var created int64
		err := t.queryRow(ctx, `SELECT n.kind, n.request_id, n.offer_id, n.created_at, u.id, u.name, u.email, u.phone, u.preferred_locale, u.role
			FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id = ?`, id).
			Scan(&e.Kind, &e.RequestID, &offer, &created, &e.To.UserID, &e.To.Name, &e.To.Email, &e.To.Phone, &e.To.Locale, &e.Role)
		if err != nil {
			return t.notFound(err, "notification")
		}
		e.OfferID, e.CreatedAt = offer.Int64, fromMS(created)
		if e.Kind == dispatch.NotifyCoverAsked || e.Kind == dispatch.NotifyCoverTaken {
			c, err := t.GetCover(ctx, e.RequestID, false)
			if err != nil {
				return err
			}
			e.Request = notify.RequestFacts{Language: c.Language, StartsAt: c.StartsAt, DurationMinutes: int(c.EndsAt.Sub(c.StartsAt).Minutes())}
			env = e
			return nil
		}
		r, err := t.GetRequest(ctx, e.RequestID, false)
		if err != nil {
			return err
		}
		e.Request = notify.RequestFacts{Language: r.Language, Modality: r.Modality, Urgency: r.Urgency,
			StartsAt: r.StartsAt, DurationMinutes: r.DurationMinutes, Confidential: r.Confidential}
		if r.AssignedInterpreterID != nil {
			i := &notify.Recipient{}
			err := t.queryRow(ctx, `SELECT u.id, u.name, u.email, u.phone FROM interpreters i JOIN users u ON u.id = i.user_id WHERE i.id = ?`,
				*r.AssignedInterpreterID).Scan(&i.UserID, &i.Name, &i.Email, &i.Phone)
			if err != nil {
				return t.notFound(err, "interpreter")
			}
			e.Interpreter = i
		}
		env = e
		return nil
	})
	return env, err
}

// ClaimDelivery records an attempt on a channel, in one transaction with the
// recipient's rate limit: it counts the messages sent to them in the minute before at,
// and the tries of other messages still sending, so that concurrent deliveries cannot
// together pass the limit. The recipient's row is locked for the count (SQLite has one
// writer anyway).
func (o Outbox) ClaimDelivery(ctx context.Context, id int64, channel string, userID int64, at time.Time, perMinute int) (notify.Claim, error) {
	claim := notify.Claimed
	err := o.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		var status string
		err := t.queryRow(ctx, "SELECT status FROM deliveries WHERE notification_id = ? AND channel = ?", id, channel).Scan(&status)
		switch {
		case err != nil && err != sql.ErrNoRows:
			return t.wrap("claim delivery", err)
		case status == "sent":
			claim = notify.AlreadySent
			return nil
		}
		if perMinute > 0 {
			limited, err := t.rateLimited(ctx, id, channel, userID, at, perMinute)
			if err != nil || limited {
				claim = notify.RateLimited
				return err
			}
		}
		if status == "" {
			_, err = t.exec(ctx, "claim delivery", `INSERT INTO deliveries (notification_id, channel, status, attempts, user_id, started_at)
				VALUES (?, ?, 'sending', 1, ?, ?)`, id, channel, userID, ms(at))
			return err
		}
		_, err = t.exec(ctx, "claim delivery", "UPDATE deliveries SET attempts = attempts + 1, status = 'sending', started_at = ? WHERE notification_id = ? AND channel = ?", ms(at), id, channel)
		return err
	})
	return claim, err
}

// rateLimited reports whether the user has had perMinute messages, sent or sending, in
// the minute before at, not counting this one.
func (t *Tx) rateLimited(ctx context.Context, id int64, channel string, userID int64, at time.Time, perMinute int) (bool, error) {
	if t.db.Dialect.ForUpdate != "" {
		var locked int64
		if err := t.queryRow(ctx, "SELECT id FROM users WHERE id = ?"+t.db.Dialect.ForUpdate, userID).Scan(&locked); err != nil {
			return false, t.notFound(err, "user")
		}
	}
	// Two counts, each on the (user_id, sent_at) index: messages sent since, and the
	// others still sending (not yet sent: sent_at is null).
	since := ms(at.Add(-time.Minute))
	var n int
	err := t.queryRow(ctx, `SELECT (SELECT count(*) FROM deliveries WHERE user_id = ? AND sent_at >= ?)
		+ (SELECT count(*) FROM deliveries WHERE user_id = ? AND sent_at IS NULL AND status = 'sending' AND started_at >= ?
			AND NOT (notification_id = ? AND channel = ?))`, userID, since, userID, since, id, channel).Scan(&n)
	if err != nil {
		return false, t.wrap("count recent deliveries", err)
	}
	return n >= perMinute, nil
}

// MarkSent records a delivery.
func (o Outbox) MarkSent(ctx context.Context, id int64, channel string, at time.Time) error {
	return o.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		_, err := t.exec(ctx, "mark sent", "UPDATE deliveries SET status = 'sent', sent_at = ? WHERE notification_id = ? AND channel = ?", ms(at), id, channel)
		return err
	})
}

// MarkFailed records that a channel gave up on a notification.
func (o Outbox) MarkFailed(ctx context.Context, id int64, channel string) error {
	return o.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		_, err := t.exec(ctx, "mark failed", "UPDATE deliveries SET status = 'failed' WHERE notification_id = ? AND channel = ?", id, channel)
		return err
	})
}

// ScheduleDelivery inserts a delivery job for a notification's channel.
func (o Outbox) ScheduleDelivery(ctx context.Context, id int64, channel int, at time.Time) error {
	return o.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		return o.DB.jobs.InsertDelivery(ctx, t.tx, &t.change, id, channel, at)
	})
}

// Events returns a user's notifications after id, oldest first, for live updates.
func (o Outbox) Events(ctx context.Context, userID, after int64, limit int) ([]notify.Event, error) {
	var out []notify.Event
	err := o.DB.readTx(ctx, func(ctx context.Context, t *Tx) error {
		rows, err := t.query(ctx, "events", `SELECT id, kind, request_id, offer_id, created_at FROM notifications
			WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?`, userID, after, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e notify.Event
			var offer sql.NullInt64
			var at int64
			if err := rows.Scan(&e.ID, &e.Kind, &e.RequestID, &offer, &at); err != nil {
				return t.wrap("scan event", err)
			}
			e.OfferID, e.At = offer.Int64, fromMS(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// LatestEvent returns the id of a user's newest notification (0 for none).
func (o Outbox) LatestEvent(ctx context.Context, userID int64) (int64, error) {
	var id sql.NullInt64
	err := o.DB.readTx(ctx, func(ctx context.Context, t *Tx) error {
		return t.queryRow(ctx, "SELECT max(id) FROM notifications WHERE user_id = ?", userID).Scan(&id)
	})
	return id.Int64, err
}
