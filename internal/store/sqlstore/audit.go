package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/outreach-project/outreach/internal/audit"
)

// Audit appends an event to the chain in this transaction. Appends are serialised: SQLite
// has one writer; PostgreSQL takes a transaction-scoped advisory lock first, so two
// instances never link two events to the same predecessor.
func (t *Tx) Audit(ctx context.Context, e audit.Event) error {
	if t.db.Dialect.AuditLock != "" {
		if _, err := t.exec(ctx, "lock audit chain", t.db.Dialect.AuditLock); err != nil {
			return err
		}
	}
	var prev *audit.Event
	last, err := t.lastAudit(ctx)
	if err != nil {
		return err
	}
	if last.Seq > 0 {
		prev = &last
	}
	audit.Seal(&e, prev)
	_, err = t.exec(ctx, "append audit", `INSERT INTO audit_events (seq, at, actor_id, action, subject, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, ms(e.At), e.ActorID, e.Action, e.Subject, e.Detail, e.PrevHash, e.Hash)
	return err
}

// auditRowsPerInsert bounds the rows of one multi-row INSERT (8 parameters each).
const auditRowsPerInsert = 500

// AuditAll appends events to the chain in this transaction: one lock, one read of the
// head and one INSERT per auditRowsPerInsert events, each event linked to the one before.
func (t *Tx) AuditAll(ctx context.Context, events []audit.Event) error {
	if len(events) == 0 {
		return nil
	}
	if t.db.Dialect.AuditLock != "" {
		if _, err := t.exec(ctx, "lock audit chain", t.db.Dialect.AuditLock); err != nil {
			return err
		}
	}
	last, err := t.lastAudit(ctx)
	if err != nil {
		return err
	}
	var prev *audit.Event
	if last.Seq > 0 {
		prev = &last
	}
	sealed := make([]audit.Event, len(events))
	for i, e := range events {
		audit.Seal(&e, prev)
		sealed[i] = e
		prev = &sealed[i]
	}
	for len(sealed) > 0 {
		n := min(len(sealed), auditRowsPerInsert)
		values := make([]string, n)
		args := make([]any, 0, 8*n)
		for i, e := range sealed[:n] {
			values[i] = "(" + placeholders(8) + ")"
			args = append(args, e.Seq, ms(e.At), e.ActorID, e.Action, e.Subject, e.Detail, e.PrevHash, e.Hash)
		}
		if _, err := t.exec(ctx, "append audit", `INSERT INTO audit_events (seq, at, actor_id, action, subject, detail, prev_hash, hash)
			VALUES `+strings.Join(values, ", "), args...); err != nil {
			return err
		}
		sealed = sealed[n:]
	}
	return nil
}

func (t *Tx) lastAudit(ctx context.Context) (audit.Event, error) {
	var e audit.Event
	var at int64
	err := t.queryRow(ctx, "SELECT seq, at, hash FROM audit_events ORDER BY seq DESC LIMIT 1").Scan(&e.Seq, &at, &e.Hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, t.wrap("last audit event", err)
	}
	e.At = fromMS(at)
	return e, nil
}

// Audits reads and appends the audit log outside other transactions.
type Audits struct{ DB *DB }

// Append adds one event in its own transaction.
func (a Audits) Append(ctx context.Context, e audit.Event) error {
	return a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error { return t.Audit(ctx, e) })
}

// Each calls fn for every event in order, a page at a time.
func (a Audits) Each(ctx context.Context, fn func(*audit.Event) error) error {
	var after int64
	for {
		var page []*audit.Event
		err := a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
			rows, err := t.query(ctx, "read audit", `SELECT seq, at, actor_id, action, subject, detail, prev_hash, hash
				FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 1000`, after)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				e := &audit.Event{}
				var at int64
				if err := rows.Scan(&e.Seq, &at, &e.ActorID, &e.Action, &e.Subject, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
					return t.wrap("scan audit", err)
				}
				e.At = fromMS(at)
				page = append(page, e)
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
			after = e.Seq
		}
		if len(page) == 0 {
			return nil
		}
	}
}

// ListAudit reads events newest first, with their actors' emails.
func (t *Tx) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	var where []string
	var args []any
	add := func(cond string, vals ...any) { where, args = append(where, cond), append(args, vals...) }
	if f.Action != "" {
		add("a.action = ?", f.Action)
	}
	switch {
	case f.ActorID != 0 && f.ActorEmail != "":
		add("(a.actor_id = ? OR u.email = ?)", f.ActorID, f.ActorEmail)
	case f.ActorID != 0:
		add("a.actor_id = ?", f.ActorID)
	case f.ActorEmail != "":
		add("u.email = ?", f.ActorEmail)
	}
	if f.Subject != "" {
		add("a.subject = ?", f.Subject)
	}
	if !f.From.IsZero() {
		add("a.at >= ?", ms(f.From))
	}
	if !f.To.IsZero() {
		add("a.at < ?", ms(f.To))
	}
	if f.Before > 0 {
		add("a.seq < ?", f.Before)
	}
	q := `SELECT a.seq, a.at, a.actor_id, a.action, a.subject, a.detail, a.prev_hash, a.hash, COALESCE(u.email, '')
		FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY a.seq DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := t.query(ctx, "list audit", q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.ActorID, &e.Action, &e.Subject, &e.Detail, &e.PrevHash, &e.Hash, &e.ActorEmail); err != nil {
			return nil, t.wrap("scan audit", err)
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Head returns the newest event's sequence number and hash (zero for an empty log).
func (a Audits) Head(ctx context.Context) (audit.Head, error) {
	var h audit.Head
	err := a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		last, err := t.lastAudit(ctx)
		h = audit.Head{Seq: last.Seq, Hash: last.Hash}
		return err
	})
	return h, err
}
