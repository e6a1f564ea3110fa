package auth

import (
	"context"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
)

// Listing is a user as the admins' list of accounts shows them: no password hash, no
// phone number.
type Listing struct {
	ID        int64
	Email     string
	Name      string
	Role      Role
	Active    bool
	CreatedAt time.Time
	// LockedUntil is zero unless repeated failed sign-ins locked the account.
	LockedUntil time.Time
	// LastSignIn is the last successful sign-in on the audit log; nil for never.
	LastSignIn *time.Time
}

// UserLister reads the list of accounts.
type UserLister interface {
	// ListUsers returns every user, active or not, by name.
	ListUsers(ctx context.Context) ([]Listing, error)
}

// Directory lists accounts for admins. It only reads: changes to accounts belong to the
// accounts service.
type Directory struct {
	Users UserLister
}

// List returns every account; admins only (apperr Unauthorized without an active user,
// Forbidden for other roles).
func (d Directory) List(ctx context.Context, actor *User) ([]Listing, error) {
	if actor == nil || !actor.Active {
		return nil, apperr.New(apperr.Unauthorized, "ErrUnauthorized", "no user")
	}
	if !actor.Is(Admin) {
		return nil, apperr.New(apperr.Forbidden, "ErrForbidden", "role not allowed")
	}
	return d.Users.ListUsers(ctx)
}
