package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
)

const requestColumns = `id, advocate_id, language, modality, urgency, starts_at, duration_minutes, case_type,
	confidential, location, gender_preference, notes, status, step, deadline_at, assigned_interpreter_id, created_at, updated_at,
	sealed, data_key, key_id`

// sensitive are the fields sealed at rest.
type sensitive struct {
	Location         string `json:"l,omitempty"`
	GenderPreference string `json:"g,omitempty"`
	Notes            string `json:"n,omitempty"`
}

func requestAAD(id int64) []byte { return []byte("request:" + strconv.FormatInt(id, 10)) }

func (t *Tx) scanRequest(row interface{ Scan(...any) error }) (*dispatch.Request, error) {
	var r dispatch.Request
	var starts, created, updated int64
	var deadline, assigned sql.NullInt64
	var sealed, dataKey []byte
	var keyID string
	if err := row.Scan(&r.ID, &r.AdvocateID, &r.Language, &r.Modality, &r.Urgency, &starts, &r.DurationMinutes, &r.CaseType,
		&r.Confidential, &r.Location, &r.GenderPreference, &r.Notes, &r.Status, &r.Step, &deadline, &assigned, &created, &updated,
		&sealed, &dataKey, &keyID); err != nil {
		return nil, err
	}
	if len(sealed) > 0 && len(dataKey) > 0 { // no data key: destroyed by retention
		plain, err := t.db.sealer.Open(sealed, dataKey, keyID, requestAAD(r.ID))
		if err != nil {
			return nil, fmt.Errorf("%s: open request %d: %w", t.db.Dialect.Name, r.ID, err)
		}
		var s sensitive
		if err := json.Unmarshal(plain, &s); err != nil {
			return nil, fmt.Errorf("%s: open request %d: %w", t.db.Dialect.Name, r.ID, err)
		}
		r.Location, r.GenderPreference, r.Notes = s.Location, s.GenderPreference, s.Notes
	}
	r.StartsAt, r.CreatedAt, r.UpdatedAt = fromMS(starts), fromMS(created), fromMS(updated)
	r.DeadlineAt = fromNullMS(deadline)
	if assigned.Valid {
		r.AssignedInterpreterID = &assigned.Int64
	}
	return &r, nil
}

// InsertRequest stores a new request with its exclusions; sets its ID.
func (t *Tx) InsertRequest(ctx context.Context, r *dispatch.Request) error {
	var clear sensitive // the sensitive fields are sealed below, once the row has its id
	id, err := t.insert(ctx, "insert request", `INSERT INTO requests (advocate_id, language, modality, urgency, starts_at,
		duration_minutes, case_type, confidential, location, gender_preference, notes, status, step, deadline_at,
		assigned_interpreter_id, created_at, updated_at) VALUES (`+placeholders(17)+`)`,
		r.AdvocateID, r.Language, string(r.Modality), string(r.Urgency), ms(r.StartsAt), r.DurationMinutes, string(r.CaseType),
		r.Confidential, clear.Location, clear.GenderPreference, clear.Notes, string(r.Status), r.Step, msPtr(r.DeadlineAt),
		nullInt(r.AssignedInterpreterID), ms(r.CreatedAt), ms(r.UpdatedAt))
	if err != nil {
		return err
	}
	r.ID = id
	plain, _ := json.Marshal(sensitive{Location: r.Location, GenderPreference: r.GenderPreference, Notes: r.Notes})
	sealed, wrapped, keyID, err := t.db.sealer.Seal(plain, requestAAD(id))
	if err != nil {
		return err
	}
	if _, err := t.exec(ctx, "seal request", "UPDATE requests SET sealed = ?, data_key = ?, key_id = ? WHERE id = ?", sealed, wrapped, keyID, id); err != nil {
		return err
	}
	for _, x := range r.Exclusions {
		if err := t.AddExclusion(ctx, id, x); err != nil {
			return err
		}
	}
	return nil
}

// GetRequest reads a request and its exclusions; forUpdate locks the row.
func (t *Tx) GetRequest(ctx context.Context, id int64, forUpdate bool) (*dispatch.Request, error) {
	q := "SELECT " + requestColumns + " FROM requests WHERE id = ?"
	if forUpdate {
		q += t.db.Dialect.ForUpdate
	}
	r, err := t.scanRequest(t.queryRow(ctx, q, id))
	if err != nil {
		return nil, t.notFound(err, "request")
	}
	err = t.eachPair(ctx, "SELECT interpreter_id, '' FROM request_exclusions WHERE request_id = ? ORDER BY interpreter_id", func(x int64, _ string) {
		r.Exclusions = append(r.Exclusions, x)
	}, id)
	return r, err
}

// GetRequests reads the requests with these ids and their exclusions: two queries for
// up to maxInList ids.
func (t *Tx) GetRequests(ctx context.Context, ids []int64) (map[int64]*dispatch.Request, error) {
	out := make(map[int64]*dispatch.Request, len(ids))
	err := inChunks(ids, func(marks string, args []any) error {
		rows, err := t.query(ctx, "get requests", "SELECT "+requestColumns+" FROM requests WHERE id IN ("+marks+")", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := t.scanRequest(rows)
			if err != nil {
				return t.wrap("scan request", err)
			}
			out[r.ID] = r
		}
		if err := rows.Err(); err != nil {
			return t.wrap("get requests", err)
		}
		rows, err = t.query(ctx, "get exclusions", "SELECT request_id, interpreter_id FROM request_exclusions WHERE request_id IN ("+marks+") ORDER BY request_id, interpreter_id", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, x int64
			if err := rows.Scan(&id, &x); err != nil {
				return t.wrap("scan exclusion", err)
			}
			if r := out[id]; r != nil {
				r.Exclusions = append(r.Exclusions, x)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListRequests reads requests newest first.
func (t *Tx) ListRequests(ctx context.Context, f dispatch.RequestFilter) ([]*dispatch.Request, error) {
	var where []string
	var args []any
	if f.AdvocateID != 0 {
		where, args = append(where, "advocate_id = ?"), append(args, f.AdvocateID)
	}
	if f.InterpreterID != 0 {
		where = append(where, "(assigned_interpreter_id = ? OR id IN (SELECT request_id FROM offers WHERE interpreter_id = ?))")
		args = append(args, f.InterpreterID, f.InterpreterID)
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if !f.OpenOrChangedSince.IsZero() {
		where = append(where, "(status IN (?, ?) OR updated_at >= ?)")
		args = append(args, string(dispatch.StatusOpen), string(dispatch.StatusOffered), ms(f.OpenOrChangedSince))
	}
	q := "SELECT " + requestColumns + " FROM requests"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := t.query(ctx, "list requests", q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dispatch.Request
	for rows.Next() {
		r, err := t.scanRequest(rows)
		if err != nil {
			return nil, t.wrap("scan request", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UpdateRequest writes a request's state.
func (t *Tx) UpdateRequest(ctx context.Context, r *dispatch.Request) error {
	_, err := t.exec(ctx, "update request",
		"UPDATE requests SET status = ?, step = ?, deadline_at = ?, assigned_interpreter_id = ?, updated_at = ? WHERE id = ?",
		string(r.Status), r.Step, msPtr(r.DeadlineAt), nullInt(r.AssignedInterpreterID), ms(r.UpdatedAt), r.ID)
	return err
}

// AcceptRequest assigns an offered request; false if it is no longer offered.
func (t *Tx) AcceptRequest(ctx context.Context, requestID, interpreterID int64, at time.Time) (bool, error) {
	res, err := t.exec(ctx, "accept request",
		"UPDATE requests SET status = ?, assigned_interpreter_id = ?, deadline_at = NULL, updated_at = ? WHERE id = ? AND status = ?",
		string(dispatch.StatusAccepted), interpreterID, ms(at), requestID, string(dispatch.StatusOffered))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// AddExclusion keeps an interpreter away from a request.
func (t *Tx) AddExclusion(ctx context.Context, requestID, interpreterID int64) error {
	_, err := t.exec(ctx, "add exclusion",
		"INSERT INTO request_exclusions (request_id, interpreter_id) VALUES (?, ?) ON CONFLICT DO NOTHING", requestID, interpreterID)
	return err
}

// InsertEvent records a transition.
func (t *Tx) InsertEvent(ctx context.Context, e *dispatch.Event) error {
	_, err := t.insert(ctx, "insert event",
		"INSERT INTO request_events (request_id, at, actor_id, from_status, to_status, step, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
		e.RequestID, ms(e.At), nullInt(e.ActorID), string(e.From), string(e.To), e.Step, e.Note)
	return err
}

// ListEvents reads a request's history, oldest first.
func (t *Tx) ListEvents(ctx context.Context, requestID int64) ([]*dispatch.Event, error) {
	rows, err := t.query(ctx, "list events",
		"SELECT request_id, at, actor_id, from_status, to_status, step, note FROM request_events WHERE request_id = ? ORDER BY id", requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*dispatch.Event
	for rows.Next() {
		var e dispatch.Event
		var at int64
		var actor sql.NullInt64
		if err := rows.Scan(&e.RequestID, &at, &actor, &e.From, &e.To, &e.Step, &e.Note); err != nil {
			return nil, t.wrap("scan event", err)
		}
		e.At = fromMS(at)
		if actor.Valid {
			e.ActorID = &actor.Int64
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// BusyInterpreters are those assigned to an accepted request overlapping [from, to).
func (t *Tx) BusyInterpreters(ctx context.Context, from, to time.Time) (map[int64]bool, error) {
	rows, err := t.query(ctx, "busy interpreters", `SELECT DISTINCT assigned_interpreter_id FROM requests
		WHERE status = ? AND assigned_interpreter_id IS NOT NULL AND starts_at < ? AND starts_at + duration_minutes * 60000 > ?`,
		string(dispatch.StatusAccepted), ms(to), ms(from))
	if err != nil {
		return nil, err
	}
	ids, err := scanIDs(rows)
	busy := make(map[int64]bool, len(ids))
	for _, id := range ids {
		busy[id] = true
	}
	return busy, err
}

// Keys is the key-management store: re-wrapping data keys after a master key rotation.
type Keys struct{ DB *DB }

// RewrapAll re-wraps every data key not under the current master key, in batches, and
// returns how many it re-wrapped. Serving instances keep reading throughout: both keys
// are in the key file until the old one is retired.
func (k Keys) RewrapAll(ctx context.Context) (int, error) {
	total := 0
	for {
		n := 0
		err := k.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
			rows, err := t.query(ctx, "keys to rewrap", "SELECT id, data_key, key_id FROM requests WHERE data_key IS NOT NULL AND key_id <> ? ORDER BY id LIMIT 200", k.DB.sealer.Current())
			if err != nil {
				return err
			}
			type row struct {
				id      int64
				wrapped []byte
				keyID   string
			}
			var batch []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.wrapped, &r.keyID); err != nil {
					rows.Close()
					return t.wrap("scan key", err)
				}
				batch = append(batch, r)
			}
			rows.Close()
			for _, r := range batch {
				wrapped, id, err := k.DB.sealer.Rewrap(r.wrapped, r.keyID)
				if err != nil {
					return fmt.Errorf("request %d: %w", r.id, err)
				}
				if _, err := t.exec(ctx, "rewrap", "UPDATE requests SET data_key = ?, key_id = ? WHERE id = ?", wrapped, id, r.id); err != nil {
					return err
				}
			}
			n = len(batch)
			return nil
		})
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// ShredClosedBefore destroys the sealed fields of requests closed before t.
func (t *Tx) ShredClosedBefore(ctx context.Context, before time.Time) (int, error) {
	res, err := t.exec(ctx, "shred", `UPDATE requests SET data_key = NULL, sealed = NULL, location = '', notes = '', gender_preference = ''
		WHERE (data_key IS NOT NULL OR location <> '' OR notes <> '' OR gender_preference <> '')
		AND status IN (?, ?, ?) AND updated_at < ?`,
		string(dispatch.StatusCompleted), string(dispatch.StatusCancelled), string(dispatch.StatusFallback), ms(before))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
