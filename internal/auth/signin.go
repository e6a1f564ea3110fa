package auth

import (
	"context"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
)

// Sign-in limits. Failures count within FailureWindow. One address gets
// MaxFailuresPerPair tries at one account, then that address (only) is refused for that
// account until its failures age out: the owner signing in from elsewhere is not
// affected, so one address cannot lock a person out. An address with
// MaxFailuresPerAddress failures on any accounts is refused everywhere (password
// spraying). An account with MaxFailuresPerAccount failures from all addresses together is
// locked for LockoutFor (a guessing attack from many addresses).
const (
	FailureWindow         = 15 * time.Minute
	MaxFailuresPerPair    = 5
	MaxFailuresPerAddress = 30
	MaxFailuresPerAccount = 50
	LockoutFor            = 15 * time.Minute
)

// signInFailed is the one answer to every failed sign-in: unknown email, wrong
// password, locked account, refused address, deactivated account.
func signInFailed() error {
	return apperr.New(apperr.Unauthorized, KeySignInFailed, "sign-in failed")
}

// SignIn checks an email and password from a client address and returns the user. Every
// failure gets the same error after the same work — one argon2id check, against a dummy
// hash when there is no real one to check — so that neither the answer nor its timing
// tells whether the email exists. The check runs outside any transaction: a database
// write lock is never held for the length of a hash.
func (s *Service) SignIn(ctx context.Context, email, password, address string) (*User, error) {
	now := s.clock()
	addr, _ := NormalizeEmail(email)
	var u *User
	var f Failures
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if u, err = tx.UserByEmail(ctx, addr); err != nil {
			if apperr.CodeOf(err) != apperr.NotFound {
				return err
			}
			u = nil
		}
		f, err = tx.SignInFailures(ctx, address, idOf(u), now.Add(-FailureWindow))
		return err
	})
	if err != nil {
		return nil, err
	}
	reason := refusal(u, f, now)
	hash := s.dummyHash
	if reason == "" {
		hash = u.PasswordHash
	}
	match, err := VerifyPassword(hash, password)
	if err != nil {
		match, reason = false, "unreadable password hash"
	}
	// Only a password actually tried counts as a failure: attempts refused by a limit do
	// not, so one address adds at most MaxFailuresPerPair to an account's count.
	counts := reason == wrongPassword || (reason == "" && !match)
	if reason == "" && !match {
		reason = wrongPassword
	}
	if err := s.recordSignIn(ctx, u, address, reason, counts, now); err != nil {
		return nil, err
	}
	if reason != "" {
		return nil, signInFailed()
	}
	return u, nil
}

const wrongPassword = "wrong email or password"

func idOf(u *User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// refusal says why a sign-in is refused before its password is checked ("" if it is
// not).
func refusal(u *User, f Failures, now time.Time) string {
	switch {
	case f.Address >= MaxFailuresPerAddress:
		return "too many failures from this address"
	case u == nil:
		return wrongPassword
	case !u.Active:
		return "account deactivated"
	case u.PasswordHash == "":
		return "no password set yet"
	case u.Locked(now):
		return "account locked after failures from many addresses"
	case f.Pair >= MaxFailuresPerPair:
		return "too many failures from this address on this account"
	}
	return ""
}

// recordSignIn writes the outcome: a failure is counted (and may lock the account); a
// success forgets this address's failures; either is audited.
func (s *Service) recordSignIn(ctx context.Context, u *User, address, reason string, counts bool, now time.Time) error {
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		e := audit.Event{At: now, Action: audit.SignIn, Subject: "staff"}
		if u != nil {
			e.ActorID, e.Subject = u.ID, subject(u.ID)
		}
		if reason == "" {
			if err := tx.ClearSignInFailures(ctx, address, u.ID, now.Add(-2*FailureWindow)); err != nil {
				return err
			}
			return tx.Audit(ctx, e)
		}
		e.Action, e.Detail = audit.SignInFailed, reason
		if !counts {
			return tx.Audit(ctx, e)
		}
		if err := tx.RecordSignInFailure(ctx, address, idOf(u), now); err != nil {
			return err
		}
		if u != nil {
			f, err := tx.SignInFailures(ctx, address, u.ID, now.Add(-FailureWindow))
			if err != nil {
				return err
			}
			if f.Account >= MaxFailuresPerAccount {
				locked, err := tx.UserByID(ctx, u.ID, true)
				if err != nil {
					return err
				}
				locked.LockedUntil = now.Add(LockoutFor)
				if err := tx.UpdateUser(ctx, locked); err != nil {
					return err
				}
				e.Detail += "; account locked"
			}
		}
		return tx.Audit(ctx, e)
	})
}

// SignOut records the end of a session; the caller destroys the session itself.
func (s *Service) SignOut(ctx context.Context, actor *User) error {
	if err := allow(actor, Roles...); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		return s.audit(ctx, tx, actor, audit.SignOut, actor.ID, "")
	})
}

// SessionUser returns the user of a browser session that began in epoch: NotFound when
// the account is gone, deactivated, or its sessions were ended since (a reset, a
// password change, a deactivation).
func (s *Service) SessionUser(ctx context.Context, userID, epoch int64) (*User, error) {
	var u *User
	err := s.store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		u, err = tx.UserByID(ctx, userID, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !u.Active || u.SessionEpoch != epoch {
		return nil, apperr.New(apperr.NotFound, keyNotFound, "session ended")
	}
	return u, nil
}
