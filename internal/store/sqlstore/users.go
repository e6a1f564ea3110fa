package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
)

const userColumns = "id, email, name, role, password_hash, active, preferred_locale, created_at, phone, locked_until"

func scanUser(row interface{ Scan(...any) error }) (*auth.User, error) {
	var u auth.User
	var created int64
	var locked sql.NullInt64
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Active, &u.PreferredLocale, &created, &u.Phone, &locked); err != nil {
		return nil, err
	}
	if locked.Valid {
		u.LockedUntil = fromMS(locked.Int64)
	}
	u.CreatedAt = fromMS(created)
	return &u, nil
}

// InsertUser stores a new user and sets its ID; a taken email is Conflict.
func (t *Tx) InsertUser(ctx context.Context, u *auth.User) error {
	id, err := t.insert(ctx, "insert user",
		"INSERT INTO users (email, name, role, password_hash, active, preferred_locale, created_at, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		u.Email, u.Name, string(u.Role), u.PasswordHash, u.Active, u.PreferredLocale, ms(u.CreatedAt), u.Phone)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Conflict {
			return &apperr.Error{Code: apperr.Conflict, Key: "ErrEmailTaken", Field: "email", Detail: "email already registered", Err: err}
		}
		return err
	}
	u.ID = id
	return nil
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

// Accounts is the account store: users and API tokens.
type Accounts struct{ DB *DB }

// CreateUser stores a new user.
func (a Accounts) CreateUser(ctx context.Context, u *auth.User) error {
	return a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error { return t.InsertUser(ctx, u) })
}

// UserByEmail finds a user by normalised email.
func (a Accounts) UserByEmail(ctx context.Context, email string) (*auth.User, error) {
	var u *auth.User
	err := a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		var err error
		u, err = scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", email))
		if err != nil {
			return t.notFound(err, "user")
		}
		return nil
	})
	return u, err
}

// CreateToken stores an API token's hash for a user.
func (a Accounts) CreateToken(ctx context.Context, userID int64, name string, hash []byte, at time.Time) error {
	return a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		_, err := t.insert(ctx, "insert token", "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)", userID, name, hash, ms(at))
		return err
	})
}

// UserByToken finds the active user owning a token hash and records its use.
func (a Accounts) UserByToken(ctx context.Context, hash []byte, at time.Time) (*auth.User, error) {
	var u *auth.User
	err := a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		var err error
		u, err = scanUser(t.queryRow(ctx, "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.active, u.preferred_locale, u.created_at, u.phone, u.locked_until FROM api_tokens k JOIN users u ON u.id = k.user_id WHERE k.token_hash = ? AND u.active = ?", hash, true))
		if err != nil {
			return t.notFound(err, "token")
		}
		_, err = t.exec(ctx, "touch token", "UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?", ms(at), hash)
		return err
	})
	return u, err
}

// UserByID reads a user.
func (a Accounts) UserByID(ctx context.Context, id int64) (*auth.User, error) {
	var u *auth.User
	err := a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		var err error
		u, err = scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
		if err != nil {
			return t.notFound(err, "user")
		}
		return nil
	})
	return u, err
}

// RecordSignIn counts a failed sign-in (locking the account after auth.MaxFailedSignIns
// in a row) or clears the count after a good one.
func (a Accounts) RecordSignIn(ctx context.Context, userID int64, ok bool, at time.Time) error {
	return a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		if ok {
			_, err := t.exec(ctx, "sign-in ok", "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?", userID)
			return err
		}
		if _, err := t.exec(ctx, "sign-in failed", "UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = ?", userID); err != nil {
			return err
		}
		_, err := t.exec(ctx, "lock account", "UPDATE users SET locked_until = ?, failed_sign_ins = 0 WHERE id = ? AND failed_sign_ins >= ?",
			ms(at.Add(auth.LockoutFor)), userID, auth.MaxFailedSignIns)
		return err
	})
}

// SetPassword replaces a user's password hash and lifts any lockout.
func (a Accounts) SetPassword(ctx context.Context, userID int64, hash string) error {
	return a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		_, err := t.exec(ctx, "set password", "UPDATE users SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL WHERE id = ?", hash, userID)
		return err
	})
}
