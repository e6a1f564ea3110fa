package sqlstore

import (
	"context"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
)

// Legacy account methods the HTTP server still calls; they go once it calls the account
// service.

// CreateUser stores a new user.
func (a Accounts) CreateUser(ctx context.Context, u *auth.User) error {
	return a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error { return t.InsertUser(ctx, u) })
}

// UserByEmail finds a user by normalised email.
func (a Accounts) UserByEmail(ctx context.Context, email string) (*auth.User, error) {
	var u *auth.User
	err := a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		var err error
		u, err = t.UserByEmail(ctx, email)
		return err
	})
	return u, err
}

// CreateToken stores an API token's hash for a user.
func (a Accounts) CreateToken(ctx context.Context, userID int64, name string, hash []byte, at time.Time) error {
	return a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		return t.InsertToken(ctx, &auth.Token{UserID: userID, Name: name, Hash: hash, CreatedAt: at})
	})
}

// UserByToken finds the active user owning a live token hash and records its use.
func (a Accounts) UserByToken(ctx context.Context, hash []byte, at time.Time) (*auth.User, error) {
	var u *auth.User
	err := a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		k, owner, err := t.TokenUser(ctx, hash)
		if err != nil {
			return err
		}
		if k.RevokedAt != nil || !owner.Active {
			return apperr.New(apperr.NotFound, "ErrNotFound", "token revoked")
		}
		u = owner
		return t.TouchToken(ctx, k.ID, at)
	})
	return u, err
}

// UserByID reads a user.
func (a Accounts) UserByID(ctx context.Context, id int64) (*auth.User, error) {
	var u *auth.User
	err := a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		var err error
		u, err = t.UserByID(ctx, id, false)
		return err
	})
	return u, err
}

// RecordSignIn is kept for the old sign-in handler; limits now live in the account
// service.
func (a Accounts) RecordSignIn(ctx context.Context, userID int64, ok bool, at time.Time) error {
	return nil
}

// SetPassword replaces a user's password hash.
func (a Accounts) SetPassword(ctx context.Context, userID int64, hash string) error {
	return a.DB.inTx(ctx, func(ctx context.Context, t *Tx) error {
		_, err := t.exec(ctx, "set password", "UPDATE users SET password_hash = ?, locked_until = NULL WHERE id = ?", hash, userID)
		return err
	})
}
