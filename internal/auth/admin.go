package auth

import (
	"context"
	"strconv"
	"strings"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
)

func itoa(n int) string { return strconv.Itoa(n) }

// UserInput describes a new account.
type UserInput struct {
	Email           string
	Name            string
	Role            Role
	Phone           string
	PreferredLocale string
}

func (in UserInput) normalize() (*User, error) {
	email, err := NormalizeEmail(in.Email)
	if err != nil {
		return nil, apperr.InvalidField("email", keyInvalidField, "not an email address")
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return nil, apperr.InvalidField("name", keyRequiredField, "required")
	}
	if len(name) > 100 || strings.ContainsRune(name, 0) {
		return nil, apperr.InvalidField("name", keyInvalidField, "at most 100 bytes, no NUL")
	}
	if _, err := ParseRole(string(in.Role)); err != nil {
		return nil, apperr.InvalidField("role", keyInvalidField, "want advocate, interpreter, coordinator or admin")
	}
	return &User{Email: email, Name: name, Role: in.Role, Phone: in.Phone, PreferredLocale: in.PreferredLocale, Active: true}, nil
}

// mayCreate says whether actor may create an account with role: admins (and the
// operator) any, coordinators advocates and interpreters.
func mayCreate(actor *User, role Role) bool {
	return actor.IsOperator() || actor.Role == Admin || (actor.Role == Coordinator && (role == Advocate || role == Interpreter))
}

// AddUser creates an account without a password and issues its invitation link, in one
// transaction with the audit event. The link goes to the new account's own email, and
// to the operator when the operator adds the user on the command line.
func (s *Service) AddUser(ctx context.Context, actor *User, in UserInput) (*User, *Issued, error) {
	if err := allow(actor, Coordinator, Admin); err != nil {
		return nil, nil, err
	}
	u, err := in.normalize()
	if err != nil {
		return nil, nil, err
	}
	if !mayCreate(actor, u.Role) {
		return nil, nil, forbidden("may not create a %s", u.Role)
	}
	u.CreatedAt, u.CreatedBy = s.clock(), actor.ID
	var token string
	var l *Link
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertUser(ctx, u); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, audit.UserAdded, u.ID, "role "+string(u.Role)); err != nil {
			return err
		}
		token, l, err = s.issueLink(ctx, tx, actor, u, Invitation)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return u, s.deliver(ctx, actor, u, token, l), nil
}

// DemoOnlyAddUserWithKnownPassword creates a made-up account with a password the
// operator chose, for "outreach demo" and nothing else: real accounts get an invitation
// link (AddUser), so that nobody ever knows another person's password. Audited as demo
// data.
func (s *Service) DemoOnlyAddUserWithKnownPassword(ctx context.Context, actor *User, in UserInput, password string) (*User, error) {
	if !actor.IsOperator() {
		return nil, forbidden("demo accounts are made on the command line only")
	}
	u, err := in.normalize()
	if err != nil {
		return nil, err
	}
	if err := CheckPassword(password); err != nil {
		return nil, err
	}
	if u.PasswordHash, err = hashWith(s.cost, password); err != nil {
		return nil, err
	}
	u.CreatedAt = s.clock()
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, audit.UserAdded, u.ID, "role "+string(u.Role)+", demo data with a printed password")
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// adminAction loads target for an admin (or the operator) acting on someone else.
func (s *Service) adminAction(ctx context.Context, tx Tx, actor *User, userID int64) (*User, error) {
	if actor.ID == userID && !actor.IsOperator() {
		return nil, apperr.New(apperr.Forbidden, KeyNotYourself, "not on one's own account")
	}
	return target(ctx, tx, userID)
}

// Deactivate turns an account off at once: its sessions end, its API tokens and unused
// sign-in links stop working, and an interpreter's calendar feed URL stops answering.
// Reactivating does not revive any of them. Admins (and the operator), never on their own
// account.
func (s *Service) Deactivate(ctx context.Context, actor *User, userID int64) (*User, error) {
	if err := allow(actor, Admin); err != nil {
		return nil, err
	}
	var u *User
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if u, err = s.adminAction(ctx, tx, actor, userID); err != nil {
			return err
		}
		now := s.clock()
		u.Active = false
		u.SessionEpoch++
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		n, err := tx.RevokeTokensOf(ctx, u.ID, now)
		if err != nil {
			return err
		}
		if err := tx.CloseLinksOf(ctx, u.ID, now); err != nil {
			return err
		}
		if err := tx.StopCalendarFeed(ctx, u.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, audit.UserDeactivated, u.ID, "sessions ended, "+itoa(n)+" token(s) revoked")
	})
	return u, err
}

// Reactivate turns an account back on. Nothing from before comes back: the owner signs
// in again, and needs new tokens and a new calendar URL.
func (s *Service) Reactivate(ctx context.Context, actor *User, userID int64) (*User, error) {
	if err := allow(actor, Admin); err != nil {
		return nil, err
	}
	var u *User
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if u, err = s.adminAction(ctx, tx, actor, userID); err != nil {
			return err
		}
		u.Active = true
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, audit.UserReactivated, u.ID, "")
	})
	return u, err
}

// ChangeRole gives an account another role, effective on its next request. Admins (and
// the operator), never on their own account.
func (s *Service) ChangeRole(ctx context.Context, actor *User, userID int64, role Role) (*User, error) {
	if err := allow(actor, Admin); err != nil {
		return nil, err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return nil, apperr.InvalidField("role", keyInvalidField, "want advocate, interpreter, coordinator or admin")
	}
	var u *User
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if u, err = s.adminAction(ctx, tx, actor, userID); err != nil {
			return err
		}
		from := u.Role
		if from == role {
			return nil
		}
		u.Role = role
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, audit.RoleChanged, u.ID, string(from)+" to "+string(role))
	})
	return u, err
}
