package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/schedule"
)

// Policy reads the policy stored for exactly a language (or "default").
func (t *Tx) Policy(ctx context.Context, language string) (*dispatch.Policy, error) {
	var steps string
	if err := t.queryRow(ctx, "SELECT steps FROM policies WHERE language = ?", language).Scan(&steps); err != nil {
		return nil, t.notFound(err, "policy")
	}
	p := &dispatch.Policy{Language: language}
	if err := json.Unmarshal([]byte(steps), &p.Steps); err != nil {
		return nil, fmt.Errorf("%s: decode policy %s: %w", t.db.Dialect.Name, language, err)
	}
	return p, nil
}

// Policies reads every stored policy, by language.
func (t *Tx) Policies(ctx context.Context) (map[string]*dispatch.Policy, error) {
	rows, err := t.query(ctx, "list policies", "SELECT language, steps FROM policies")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*dispatch.Policy{}
	for rows.Next() {
		var lang, steps string
		if err := rows.Scan(&lang, &steps); err != nil {
			return nil, t.wrap("scan policy", err)
		}
		p := &dispatch.Policy{Language: lang}
		if err := json.Unmarshal([]byte(steps), &p.Steps); err != nil {
			return nil, fmt.Errorf("%s: decode policy %s: %w", t.db.Dialect.Name, lang, err)
		}
		out[lang] = p
	}
	return out, rows.Err()
}

// PutPolicy replaces a language's policy.
func (t *Tx) PutPolicy(ctx context.Context, p *dispatch.Policy) error {
	steps, err := json.Marshal(p.Steps)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, "put policy", `INSERT INTO policies (language, steps, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (language) DO UPDATE SET steps = excluded.steps, updated_at = excluded.updated_at`,
		p.Language, string(steps), ms(time.Now()))
	return err
}

// Rotations reads every weekly rotation.
func (t *Tx) Rotations(ctx context.Context) ([]schedule.Rotation, error) {
	rows, err := t.query(ctx, "list rotations", "SELECT language, level, slots FROM rotations ORDER BY language, level")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schedule.Rotation
	for rows.Next() {
		var lang, level, slots string
		if err := rows.Scan(&lang, &level, &slots); err != nil {
			return nil, t.wrap("scan rotation", err)
		}
		doc, _ := json.Marshal(map[string]any{"language": lang, "level": level, "slots": json.RawMessage(slots)})
		r, err := schedule.DecodeRotation(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: stored rotation %s/%s: %w", t.db.Dialect.Name, lang, level, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PutRotation replaces the rotation of one language and level.
func (t *Tx) PutRotation(ctx context.Context, r schedule.Rotation) error {
	slots, err := json.Marshal(r.Slots)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, "put rotation", `INSERT INTO rotations (language, level, slots) VALUES (?, ?, ?)
		ON CONFLICT (language, level) DO UPDATE SET slots = excluded.slots`, r.Language, string(r.Level), string(slots))
	return err
}

// Shifts reads one-off shifts overlapping [from, to).
func (t *Tx) Shifts(ctx context.Context, from, to time.Time) ([]schedule.Shift, error) {
	rows, err := t.query(ctx, "list shifts", `SELECT id, interpreter_id, language, level, starts_at, ends_at FROM shifts
		WHERE starts_at < ? AND ends_at > ? ORDER BY starts_at, id`, ms(to), ms(from))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schedule.Shift
	for rows.Next() {
		var s schedule.Shift
		var start, end int64
		if err := rows.Scan(&s.ID, &s.InterpreterID, &s.Language, &s.Level, &start, &end); err != nil {
			return nil, t.wrap("scan shift", err)
		}
		s.StartsAt, s.EndsAt = fromMS(start), fromMS(end)
		out = append(out, s)
	}
	return out, rows.Err()
}

// InsertShift stores a one-off shift; sets its ID.
func (t *Tx) InsertShift(ctx context.Context, s *schedule.Shift) error {
	id, err := t.insert(ctx, "insert shift", "INSERT INTO shifts (interpreter_id, language, level, starts_at, ends_at) VALUES (?, ?, ?, ?, ?)",
		s.InterpreterID, s.Language, string(s.Level), ms(s.StartsAt), ms(s.EndsAt))
	s.ID = id
	return err
}

// ScheduleDeadline inserts the step's deadline job in this transaction.
func (t *Tx) ScheduleDeadline(ctx context.Context, requestID int64, step int, at time.Time) error {
	return t.db.jobs.InsertDeadline(ctx, t.tx, &t.change, requestID, step, at)
}

// Notify records a notification and its first delivery job in this transaction.
func (t *Tx) Notify(ctx context.Context, n dispatch.Notification) error {
	var offer any
	if n.OfferID != 0 {
		offer = n.OfferID
	}
	now := time.Now()
	id, err := t.insert(ctx, "insert notification", "INSERT INTO notifications (user_id, kind, request_id, offer_id, created_at) VALUES (?, ?, ?, ?, ?)",
		n.UserID, n.Kind, n.RequestID, offer, ms(now))
	if err != nil {
		return err
	}
	if err := t.db.jobs.InsertDelivery(ctx, t.tx, &t.change, id, 0, now); err != nil {
		return err
	}
	t.change.Users = append(t.change.Users, n.UserID)
	return nil
}

var _ dispatch.Tx = (*Tx)(nil)
