package auth

import (
	"context"
	"crypto/sha256"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
)

// LinkPurpose says why a sign-in link was issued.
type LinkPurpose string

// Link purposes.
const (
	Invitation LinkPurpose = "invitation" // a new account's first password
	Reset      LinkPurpose = "reset"      // a forgotten or compromised password
)

// Link is a single-use, expiring sign-in link. Only its token's hash is stored; opening
// it leads to choosing a new password, and nothing else.
type Link struct {
	ID        int64
	UserID    int64
	Purpose   LinkPurpose
	TokenHash []byte
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// linkPrefix marks sign-in link tokens.
const linkPrefix = "osl_"

// LooksLikeLinkToken reports whether s has the shape of a sign-in link token, so that
// handlers can turn anything else away without a lookup.
func LooksLikeLinkToken(s string) bool {
	if !strings.HasPrefix(s, linkPrefix) || len(s) != len(linkPrefix)+40 {
		return false
	}
	for _, r := range s[len(linkPrefix):] {
		if !strings.ContainsRune(passwordAlphabet, r) {
			return false
		}
	}
	return true
}

func newLinkToken() (string, []byte) {
	token := linkPrefix + randomString(40, passwordAlphabet)
	sum := sha256.Sum256([]byte(token))
	return token, sum[:]
}

func hashLinkToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// Password rules: long enough to resist guessing, short enough to hash quickly.
const (
	MinPasswordLength = 12  // characters
	MaxPasswordLength = 256 // bytes
)

// CheckPassword applies the password rules.
func CheckPassword(p string) error {
	switch {
	case utf8.RuneCountInString(p) < MinPasswordLength:
		return apperr.InvalidField("password", KeyPasswordTooShort, "at least %d characters", MinPasswordLength)
	case len(p) > MaxPasswordLength:
		return apperr.InvalidField("password", KeyPasswordTooLong, "at most %d bytes", MaxPasswordLength)
	}
	return nil
}

// Issued says what became of a sign-in link: emailed to the account's own address,
// and/or shown to the operator on the command line. Token is empty unless the operator
// asked.
type Issued struct {
	UserID    int64
	Purpose   LinkPurpose
	ExpiresAt time.Time
	Emailed   bool
	Token     string
}

// canManage says whether actor may issue links for target: admins (and the operator)
// for anyone but themselves, coordinators for advocates and interpreters.
func canManage(actor, target *User) bool {
	if actor.IsOperator() {
		return true
	}
	return CanResetPassword(actor, target)
}

// issueLink stores a new link for u in tx and audits it.
func (s *Service) issueLink(ctx context.Context, tx Tx, actor, u *User, purpose LinkPurpose) (string, *Link, error) {
	token, hash := newLinkToken()
	now := s.clock()
	if err := tx.CloseLinksOf(ctx, u.ID, now); err != nil {
		return "", nil, err
	}
	l := &Link{UserID: u.ID, Purpose: purpose, TokenHash: hash, CreatedBy: actor.ID, CreatedAt: now, ExpiresAt: now.Add(s.linkTTL)}
	if err := tx.InsertLink(ctx, l); err != nil {
		return "", nil, err
	}
	return token, l, s.audit(ctx, tx, actor, audit.LinkIssued, u.ID, string(purpose))
}

// deliver emails a link after its transaction committed, and hands the token to the
// operator only.
func (s *Service) deliver(ctx context.Context, actor, u *User, token string, l *Link) *Issued {
	out := &Issued{UserID: u.ID, Purpose: l.Purpose, ExpiresAt: l.ExpiresAt}
	if s.mailer != nil {
		if err := s.mailer.SendLink(ctx, u, l.Purpose, token, l.ExpiresAt); err != nil {
			s.logger.Warn("sign-in link not emailed", "user_id", u.ID, "error", err.Error())
		} else {
			out.Emailed = true
		}
	}
	if actor.IsOperator() {
		out.Token = token
	}
	return out
}

// Invite issues an invitation link for an account that has no password yet (an
// interpreter added by a coordinator, say).
func (s *Service) Invite(ctx context.Context, actor *User, userID int64) (*Issued, error) {
	if err := allow(actor, Coordinator, Admin); err != nil {
		return nil, err
	}
	var u *User
	var token string
	var l *Link
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if u, err = target(ctx, tx, userID); err != nil {
			return err
		}
		if !canManage(actor, u) {
			return forbidden("may not invite this user")
		}
		if !u.Active {
			return apperr.New(apperr.Conflict, "ErrUserDeactivated", "account deactivated")
		}
		if u.PasswordHash != "" {
			return apperr.New(apperr.Conflict, "ErrAlreadyExists", "account has a password: reset it instead")
		}
		token, l, err = s.issueLink(ctx, tx, actor, u, Invitation)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.deliver(ctx, actor, u, token, l), nil
}

// ResetPassword takes an account's password away and issues a reset link to the
// account's own email (to the operator, on the command line). In the same transaction
// every session ends and every API token is revoked; the owner is told. Nobody but the
// owner learns the new password: the API never returns the link.
func (s *Service) ResetPassword(ctx context.Context, actor *User, userID int64) (*Issued, error) {
	if err := allow(actor, Coordinator, Admin); err != nil {
		return nil, err
	}
	var u *User
	var token string
	var l *Link
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if u, err = target(ctx, tx, userID); err != nil {
			return err
		}
		if !canManage(actor, u) {
			return forbidden("may not reset this user's password")
		}
		if !u.Active {
			return apperr.New(apperr.Conflict, "ErrUserDeactivated", "account deactivated")
		}
		u.PasswordHash, u.LockedUntil = "", time.Time{}
		u.SessionEpoch++
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		n, err := tx.RevokeTokensOf(ctx, u.ID, s.clock())
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, audit.PasswordReset, u.ID, "sessions ended, "+itoa(n)+" token(s) revoked"); err != nil {
			return err
		}
		token, l, err = s.issueLink(ctx, tx, actor, u, Reset)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := s.deliver(ctx, actor, u, token, l)
	if actor.IsOperator() && s.mailer != nil {
		// The link went to the operator; the owner still hears that it happened.
		if err := s.mailer.SendResetNotice(ctx, u); err != nil {
			s.logger.Warn("reset notice not emailed", "user_id", u.ID, "error", err.Error())
		}
	}
	return out, nil
}

// LinkInfo is what the set-password page shows before a new password is chosen.
type LinkInfo struct {
	Purpose   LinkPurpose
	Name      string
	ExpiresAt time.Time
}

// CheckLink says whether a sign-in link still works, changing nothing (so that a link
// preview or mail scanner that opens it uses nothing up). NotFound with KeyLinkInvalid
// when it does not.
func (s *Service) CheckLink(ctx context.Context, token string) (*LinkInfo, error) {
	var info *LinkInfo
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		l, u, err := s.liveLink(ctx, tx, token)
		if err != nil {
			return err
		}
		info = &LinkInfo{Purpose: l.Purpose, Name: u.Name, ExpiresAt: l.ExpiresAt}
		return nil
	})
	return info, err
}

func linkInvalid() error {
	return apperr.New(apperr.NotFound, KeyLinkInvalid, "sign-in link unknown, used or expired")
}

func (s *Service) liveLink(ctx context.Context, tx Tx, token string) (*Link, *User, error) {
	if !LooksLikeLinkToken(token) {
		return nil, nil, linkInvalid()
	}
	l, err := tx.LinkByHash(ctx, hashLinkToken(token))
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil, nil, linkInvalid()
		}
		return nil, nil, err
	}
	if l.UsedAt != nil || !s.clock().Before(l.ExpiresAt) {
		return nil, nil, linkInvalid()
	}
	u, err := tx.UserByID(ctx, l.UserID, true)
	if err != nil || !u.Active {
		return nil, nil, linkInvalid()
	}
	return l, u, nil
}

// SetPasswordWithLink uses a sign-in link once: the new password replaces any old one,
// every other session of the account ends, and the user is returned to be signed in.
func (s *Service) SetPasswordWithLink(ctx context.Context, token, password string) (*User, error) {
	if err := CheckPassword(password); err != nil {
		return nil, err
	}
	hash, err := hashWith(s.cost, password)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var l *Link
		var err error
		if l, u, err = s.liveLink(ctx, tx, token); err != nil {
			return err
		}
		now := s.clock()
		ok, err := tx.UseLink(ctx, l.ID, now)
		if err != nil {
			return err
		}
		if !ok {
			return linkInvalid()
		}
		if err := tx.CloseLinksOf(ctx, u.ID, now); err != nil {
			return err
		}
		u.PasswordHash, u.LockedUntil = hash, time.Time{}
		u.SessionEpoch++
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, u, audit.LinkUsed, u.ID, string(l.Purpose)+": new password chosen")
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// ChangePassword replaces the signed-in user's password after checking the current one.
// Every session of the account ends; the caller starts a new one with the user returned.
func (s *Service) ChangePassword(ctx context.Context, actor *User, current, password string) (*User, error) {
	if err := allow(actor, Roles...); err != nil || actor.IsOperator() {
		return nil, apperr.New(apperr.Unauthorized, keyUnauthorized, "no user")
	}
	if err := CheckPassword(password); err != nil {
		return nil, err
	}
	var u *User
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		u, err = target(ctx, tx, actor.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = s.dummyHash
	}
	if ok, _ := VerifyPassword(hash, current); !ok || u.PasswordHash == "" {
		return nil, apperr.InvalidField("current_password", KeyWrongPassword, "current password does not match")
	}
	newHash, err := hashWith(s.cost, password)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if u, err = target(ctx, tx, actor.ID); err != nil {
			return err
		}
		u.PasswordHash = newHash
		u.SessionEpoch++
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, u, audit.PasswordChanged, u.ID, "other sessions ended")
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
