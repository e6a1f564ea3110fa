package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
)

const userColumns = "id, email, name, role, password_hash, active, preferred_locale, created_at, phone, locked_until, created_by, session_epoch"

func scanUser(row interface{ Scan(...any) error }) (*auth.User, error) {
	var u auth.User
	var created int64
	var locked, createdBy sql.NullInt64
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Active, &u.PreferredLocale, &created, &u.Phone, &locked, &createdBy, &u.SessionEpoch); err != nil {
		return nil, err
	}
	if locked.Valid {
		u.LockedUntil = fromMS(locked.Int64)
	}
	u.CreatedBy = createdBy.Int64
	u.CreatedAt = fromMS(created)
	return &u, nil
}

// InsertUser stores a new user and sets its ID; a taken email is Conflict.
func (t *Tx) InsertUser(ctx context.Context, u *auth.User) error {
	id, err := t.insert(ctx, "insert user",
		"INSERT INTO users (email, name, role, password_hash, active, preferred_locale, created_at, phone, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		u.Email, u.Name, string(u.Role), u.PasswordHash, u.Active, u.PreferredLocale, ms(u.CreatedAt), u.Phone, nullID(u.CreatedBy))
	if err != nil {
		if apperr.CodeOf(err) == apperr.Conflict {
			return &apperr.Error{Code: apperr.Conflict, Key: "ErrEmailTaken", Field: "email", Detail: "email already registered", Err: err}
		}
		return err
	}
	u.ID = id
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// UsersWithRole lists the ids of active users with a role.
func (t *Tx) UsersWithRole(ctx context.Context, role auth.Role) ([]int64, error) {
	rows, err := t.query(ctx, "users with role", "SELECT id FROM users WHERE role = ? AND active = ? ORDER BY id", string(role), true)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// UserByID reads a user; forUpdate locks the row.
func (t *Tx) UserByID(ctx context.Context, id int64, forUpdate bool) (*auth.User, error) {
	q := "SELECT " + userColumns + " FROM users WHERE id = ?"
	if forUpdate {
		q += t.db.Dialect.ForUpdate
	}
	u, err := scanUser(t.queryRow(ctx, q, id))
	if err != nil {
		return nil, t.notFound(err, "user")
	}
	return u, nil
}

// UserByEmail reads a user by normalised email.
func (t *Tx) UserByEmail(ctx context.Context, email string) (*auth.User, error) {
	u, err := scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", email))
	if err != nil {
		return nil, t.notFound(err, "user")
	}
	return u, nil
}

// UpdateUser writes a user's role, active flag, password hash, session epoch and lockout.
func (t *Tx) UpdateUser(ctx context.Context, u *auth.User) error {
	var locked any
	if !u.LockedUntil.IsZero() {
		locked = ms(u.LockedUntil)
	}
	_, err := t.exec(ctx, "update user", "UPDATE users SET role = ?, active = ?, password_hash = ?, session_epoch = ?, locked_until = ? WHERE id = ?",
		string(u.Role), u.Active, u.PasswordHash, u.SessionEpoch, locked, u.ID)
	return err
}

// StopCalendarFeed forgets the calendar feed token of the user's interpreter profile.
func (t *Tx) StopCalendarFeed(ctx context.Context, userID int64) error {
	_, err := t.exec(ctx, "stop calendar feed", "UPDATE interpreters SET calendar_token_hash = NULL WHERE user_id = ?", userID)
	return err
}

// Accounts runs account transactions (auth.Store).
type Accounts struct{ DB *DB }

// InTx runs fn in a transaction, committing when it returns nil.
func (a Accounts) InTx(ctx context.Context, fn func(ctx context.Context, tx auth.Tx) error) error {
	return a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error { return fn(ctx, t) })
}

// InReadTx runs fn in a read-only transaction on the read pool.
func (a Accounts) InReadTx(ctx context.Context, fn func(ctx context.Context, tx auth.ReadTx) error) error {
	return a.DB.readTx(ctx, func(ctx context.Context, t *Tx) error { return fn(ctx, t) })
}

// SignInFailures counts failed sign-ins since a time.
func (t *Tx) SignInFailures(ctx context.Context, address string, userID int64, since time.Time) (auth.Failures, error) {
	var f auth.Failures
	err := t.queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN address = ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN address = ? AND user_id = ? AND user_id <> 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN user_id = ? AND user_id <> 0 THEN 1 ELSE 0 END), 0)
		FROM sign_in_failures WHERE at >= ? AND (address = ? OR user_id = ?)`,
		address, address, userID, userID, ms(since), address, userID).Scan(&f.Address, &f.Pair, &f.Account)
	if err != nil {
		return f, t.wrap("count sign-in failures", err)
	}
	return f, nil
}

// RecordSignInFailure stores one failed sign-in (userID 0: an unknown email).
func (t *Tx) RecordSignInFailure(ctx context.Context, address string, userID int64, at time.Time) error {
	_, err := t.exec(ctx, "record sign-in failure", "INSERT INTO sign_in_failures (address, user_id, at) VALUES (?, ?, ?)", address, userID, ms(at))
	return err
}

// ClearSignInFailures forgets an address's failures on an account, and all old ones.
func (t *Tx) ClearSignInFailures(ctx context.Context, address string, userID int64, before time.Time) error {
	_, err := t.exec(ctx, "clear sign-in failures", "DELETE FROM sign_in_failures WHERE (address = ? AND user_id = ?) OR at < ?", address, userID, ms(before))
	return err
}
