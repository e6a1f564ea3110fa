package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
)

// Message keys of the account service's errors; each is in every locale.
const (
	KeySignInFailed     = "SignInFailed"
	KeyLinkInvalid      = "ErrLinkInvalid"
	KeyPasswordTooShort = "ErrPasswordTooShort"
	KeyPasswordTooLong  = "ErrPasswordTooLong"
	KeyWrongPassword    = "ErrWrongPassword"
	KeyNotYourself      = "ErrNotYourself"
	keyForbidden        = "ErrForbidden"
	keyNotFound         = "ErrNotFound"
	keyUnauthorized     = "ErrUnauthorized"
	keyInvalidField     = "ErrInvalidField"
	keyRequiredField    = "ErrRequiredField"
)

// DefaultLinkTTL is how long a sign-in link works unless configured otherwise.
const DefaultLinkTTL = 24 * time.Hour

// Mailer writes to an account's own email address. Implementations compose the message
// in the owner's language; the token goes into a link to the set-password page.
type Mailer interface {
	// SendLink sends a sign-in link: an invitation or a password reset.
	SendLink(ctx context.Context, u *User, purpose LinkPurpose, token string, expires time.Time) error
	// SendResetNotice tells the owner that their password was reset on the server, so
	// that a reset they did not ask for does not go unnoticed.
	SendResetNotice(ctx context.Context, u *User) error
}

// Deps is what the account service needs.
type Deps struct {
	Store Store
	Now   func() time.Time
	// Mailer sends links to accounts' own addresses; nil when no email is configured
	// (links are then issued only to the operator on the command line).
	Mailer Mailer
	// LinkTTL is how long a sign-in link works; 0 means DefaultLinkTTL.
	LinkTTL time.Duration
	Logger  *slog.Logger
	// TestOnlyHashCost lowers the argon2id cost of new hashes (and of the dummy hash, so
	// that sign-in still does the same work either way) to keep tests quick under the race
	// detector. The program never sets it: nil means DefaultCost.
	TestOnlyHashCost *Cost
}

// Service owns accounts: sign-in with its limits, sign-out, passwords, sign-in links for
// invitations and resets, API tokens, deactivation and roles. Each change is one
// transaction that includes its audit event.
type Service struct {
	store   Store
	now     func() time.Time
	mailer  Mailer
	linkTTL time.Duration
	logger  *slog.Logger
	// dummyHash is verified when there is no real hash to check, so that sign-in does
	// the same work whether or not the email exists.
	dummyHash string
	cost      Cost
}

// NewService builds the account service.
func NewService(d Deps) (*Service, error) {
	if d.Store == nil || d.Now == nil {
		return nil, errors.New("auth: a store and a clock are required")
	}
	cost := DefaultCost
	if d.TestOnlyHashCost != nil {
		cost = *d.TestOnlyHashCost
	}
	dummy, err := dummyHashWith(cost)
	if err != nil {
		return nil, err
	}
	s := &Service{store: d.Store, now: d.Now, mailer: d.Mailer, linkTTL: d.LinkTTL, logger: d.Logger, dummyHash: dummy, cost: cost}
	if s.linkTTL <= 0 {
		s.linkTTL = DefaultLinkTTL
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// Mails reports whether the service can email links to account owners.
func (s *Service) Mails() bool { return s.mailer != nil }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// Operator is the person running a command on the server: they hold the database and
// the keys already, so they act as an admin, and links are shown to them. Its ID is 0:
// no account signs in as it.
func Operator() *User {
	return &User{ID: 0, Name: "operator (command line)", Role: Admin, Active: true}
}

// IsOperator reports whether u is the command-line operator.
func (u *User) IsOperator() bool { return u != nil && u.ID == 0 && u.Role == Admin && u.Active }

func forbidden(format string, args ...any) error {
	return apperr.New(apperr.Forbidden, keyForbidden, format, args...)
}

func userNotFound() error { return apperr.New(apperr.NotFound, keyNotFound, "user not found") }

// allow checks that actor is an active user (or the operator) with one of roles.
func allow(actor *User, roles ...Role) error {
	if actor == nil || !actor.Active {
		return apperr.New(apperr.Unauthorized, keyUnauthorized, "no user")
	}
	if !actor.Is(roles...) {
		return forbidden("role not allowed")
	}
	return nil
}

func subject(id int64) string { return fmt.Sprintf("user:%d", id) }

func (s *Service) audit(ctx context.Context, tx Tx, actor *User, action string, userID int64, detail string) error {
	var id int64
	if actor != nil {
		id = actor.ID
	}
	if actor.IsOperator() && detail == "" {
		detail = "command line"
	} else if actor.IsOperator() {
		detail += " (command line)"
	}
	return tx.Audit(ctx, audit.Event{At: s.clock(), ActorID: id, Action: action, Subject: subject(userID), Detail: detail})
}

// target loads the user an admin action is about, locked; NotFound if none.
func target(ctx context.Context, tx Tx, id int64) (*User, error) {
	u, err := tx.UserByID(ctx, id, true)
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil, userNotFound()
		}
		return nil, err
	}
	return u, nil
}

// User returns an account: the user themself, or an admin or coordinator.
func (s *Service) User(ctx context.Context, actor *User, id int64) (*User, error) {
	if err := allow(actor, Roles...); err != nil {
		return nil, err
	}
	if actor.ID != id && !actor.Is(Admin, Coordinator) {
		return nil, userNotFound()
	}
	var u *User
	err := s.store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		if u, err = tx.UserByID(ctx, id, false); apperr.CodeOf(err) == apperr.NotFound {
			return userNotFound()
		}
		return err
	})
	return u, err
}

// UserByEmail finds an account for the operator's commands.
func (s *Service) UserByEmail(ctx context.Context, actor *User, email string) (*User, error) {
	if !actor.IsOperator() {
		return nil, forbidden("operator only")
	}
	addr, err := NormalizeEmail(email)
	if err != nil {
		return nil, apperr.InvalidField("email", keyInvalidField, "not an email address")
	}
	var u *User
	err = s.store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		if u, err = tx.UserByEmail(ctx, addr); apperr.CodeOf(err) == apperr.NotFound {
			return userNotFound()
		}
		return err
	})
	return u, err
}
