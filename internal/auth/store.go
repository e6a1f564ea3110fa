package auth

import (
	"context"
	"time"

	"github.com/outreach-project/outreach/internal/audit"
)

// Store runs account transactions. Everything a Tx does, the audit event included,
// commits or rolls back together. InReadTx reads one consistent snapshot without
// taking the writer: on SQLite, a page's session check never queues behind a write.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
	InReadTx(ctx context.Context, fn func(ctx context.Context, tx ReadTx) error) error
}

// ReadTx is the reading part of Tx. In a read transaction UserByID's forUpdate must be
// false: there is nothing to lock.
type ReadTx interface {
	UserByID(ctx context.Context, id int64, forUpdate bool) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	GetToken(ctx context.Context, id int64) (*Token, error)
	TokenUser(ctx context.Context, hash []byte) (*Token, *User, error)
	ListTokens(ctx context.Context, userID int64) ([]*Token, error)
}

// Tx is one account transaction. Methods return apperr NotFound for a missing row and
// apperr Conflict for a unique violation.
type Tx interface {
	// InsertUser stores a new user and sets its ID; a taken email is Conflict on "email".
	InsertUser(ctx context.Context, u *User) error
	// UserByID reads a user; forUpdate locks the row until the transaction ends.
	UserByID(ctx context.Context, id int64, forUpdate bool) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	// UpdateUser writes a user's role, active flag, password hash, session epoch and
	// lockout.
	UpdateUser(ctx context.Context, u *User) error

	InsertToken(ctx context.Context, t *Token) error
	GetToken(ctx context.Context, id int64) (*Token, error)
	// TokenUser returns the token with hash and its user, whatever their state.
	TokenUser(ctx context.Context, hash []byte) (*Token, *User, error)
	TouchToken(ctx context.Context, id int64, at time.Time) error
	ListTokens(ctx context.Context, userID int64) ([]*Token, error)
	// RevokeToken marks one token revoked; false if it already was.
	RevokeToken(ctx context.Context, id int64, at time.Time) (bool, error)
	// RevokeTokensOf revokes every live token of a user and says how many.
	RevokeTokensOf(ctx context.Context, userID int64, at time.Time) (int, error)

	InsertLink(ctx context.Context, l *Link) error
	LinkByHash(ctx context.Context, hash []byte) (*Link, error)
	// UseLink marks a link used; false if it already was.
	UseLink(ctx context.Context, id int64, at time.Time) (bool, error)
	// CloseLinksOf marks every unused link of a user used, so none of them works.
	CloseLinksOf(ctx context.Context, userID int64, at time.Time) error

	// SignInFailures counts failed sign-ins since a time: from address, from address on
	// this account, and on this account from anywhere (userID 0: unknown account).
	SignInFailures(ctx context.Context, address string, userID int64, since time.Time) (Failures, error)
	RecordSignInFailure(ctx context.Context, address string, userID int64, at time.Time) error
	// ClearSignInFailures forgets an address's failures on an account, and every
	// failure older than before.
	ClearSignInFailures(ctx context.Context, address string, userID int64, before time.Time) error

	// StopCalendarFeed makes the calendar feed URL of the user's interpreter profile (if
	// any) stop working.
	StopCalendarFeed(ctx context.Context, userID int64) error
	// Audit appends to the audit log in this transaction.
	Audit(ctx context.Context, e audit.Event) error
}

// Failures are counts of failed sign-ins in the current window.
type Failures struct {
	Address int // from this address, on any account
	Pair    int // from this address, on this account
	Account int // on this account, from any address
}
