package auth

import (
	"context"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
)

// Token is an API token as stored: its hash, never the token.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Hash       []byte     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// CreateToken makes an API token acting as a user and returns it once; only its hash is
// kept. The operator may make one for anyone, a user for themself.
func (s *Service) CreateToken(ctx context.Context, actor *User, userID int64, name string) (string, *Token, error) {
	if err := allow(actor, Roles...); err != nil {
		return "", nil, err
	}
	if !actor.IsOperator() && actor.ID != userID {
		return "", nil, forbidden("tokens are made by their owner or on the command line")
	}
	name = strings.TrimSpace(name)
	if len(name) > 100 || strings.ContainsRune(name, 0) {
		return "", nil, apperr.InvalidField("name", keyInvalidField, "at most 100 bytes")
	}
	token, hash := NewToken()
	t := &Token{UserID: userID, Name: name, Hash: hash, CreatedAt: s.clock()}
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		u, err := target(ctx, tx, userID)
		if err != nil {
			return err
		}
		if !u.Active {
			return apperr.New(apperr.Conflict, "ErrUserDeactivated", "account deactivated")
		}
		if err := tx.InsertToken(ctx, t); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, audit.TokenCreated, u.ID, "token "+itoa(int(t.ID)))
	})
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// TokenUseResolution is how precisely a token's last use is recorded: a call records it
// only when the recorded one is older than this, so that API calls read without
// writing (and, on SQLite, without waiting for the writer) all but once a minute.
const TokenUseResolution = time.Minute

// Authenticate returns the user of an API token: NotFound for an unknown or revoked
// token, or a deactivated account. It records the token's use (see TokenUseResolution).
func (s *Service) Authenticate(ctx context.Context, token string) (*User, error) {
	var t *Token
	var u *User
	err := s.store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		t, u, err = tx.TokenUser(ctx, HashToken(token))
		return err
	})
	if err != nil {
		return nil, err
	}
	if t.RevokedAt != nil || !u.Active {
		return nil, apperr.New(apperr.NotFound, keyNotFound, "token revoked")
	}
	now := s.clock()
	if t.LastUsedAt != nil && now.Sub(*t.LastUsedAt) < TokenUseResolution {
		return u, nil
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		// Read again under the writer: the token may have been revoked, or its owner
		// deactivated, since the read.
		t, owner, err := tx.TokenUser(ctx, HashToken(token))
		if err != nil {
			return err
		}
		if t.RevokedAt != nil || !owner.Active {
			return apperr.New(apperr.NotFound, keyNotFound, "token revoked")
		}
		u = owner
		return tx.TouchToken(ctx, t.ID, now)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// Tokens lists a user's tokens (never the tokens themselves): their owner, admins and
// the operator.
func (s *Service) Tokens(ctx context.Context, actor *User, userID int64) ([]*Token, error) {
	if err := allow(actor, Roles...); err != nil {
		return nil, err
	}
	if actor.ID != userID && !actor.Is(Admin) {
		return nil, userNotFound()
	}
	var out []*Token
	err := s.store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		out, err = tx.ListTokens(ctx, userID)
		return err
	})
	return out, err
}

// RevokeToken stops a token at once: its owner, admins or the operator may. Anyone else
// is told it does not exist.
func (s *Service) RevokeToken(ctx context.Context, actor *User, tokenID int64) (*Token, error) {
	if err := allow(actor, Roles...); err != nil {
		return nil, err
	}
	var t *Token
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if t, err = tx.GetToken(ctx, tokenID); err != nil {
			return err
		}
		if t.UserID != actor.ID && !actor.Is(Admin) {
			return apperr.New(apperr.NotFound, keyNotFound, "token not found")
		}
		now := s.clock()
		ok, err := tx.RevokeToken(ctx, t.ID, now)
		if err != nil || !ok {
			return err // revoking twice changes nothing
		}
		t.RevokedAt = &now
		return s.audit(ctx, tx, actor, audit.TokenRevoked, t.UserID, "token "+itoa(int(t.ID)))
	})
	return t, err
}

// RevokeAllTokens revokes every live token of a user: admins or the operator.
func (s *Service) RevokeAllTokens(ctx context.Context, actor *User, userID int64) (int, error) {
	if err := allow(actor, Admin); err != nil {
		return 0, err
	}
	var n int
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		u, err := target(ctx, tx, userID)
		if err != nil {
			return err
		}
		if n, err = tx.RevokeTokensOf(ctx, u.ID, s.clock()); err != nil || n == 0 {
			return err
		}
		return s.audit(ctx, tx, actor, audit.TokenRevoked, u.ID, "all "+itoa(n)+" token(s)")
	})
	return n, err
}
