package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
)

const tokenColumns = "k.id, k.user_id, k.name, k.token_hash, k.created_at, k.last_used_at, k.revoked_at"

func scanToken(row interface{ Scan(...any) error }, extra ...any) (*auth.Token, error) {
	var k auth.Token
	var created int64
	var used, revoked sql.NullInt64
	if err := row.Scan(append([]any{&k.ID, &k.UserID, &k.Name, &k.Hash, &created, &used, &revoked}, extra...)...); err != nil {
		return nil, err
	}
	k.CreatedAt, k.LastUsedAt, k.RevokedAt = fromMS(created), fromNullMS(used), fromNullMS(revoked)
	return &k, nil
}

// InsertToken stores an API token's hash and sets its ID.
func (t *Tx) InsertToken(ctx context.Context, k *auth.Token) error {
	id, err := t.insert(ctx, "insert token", "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
		k.UserID, k.Name, k.Hash, ms(k.CreatedAt))
	k.ID = id
	return err
}

// GetToken reads one token.
func (t *Tx) GetToken(ctx context.Context, id int64) (*auth.Token, error) {
	k, err := scanToken(t.queryRow(ctx, "SELECT "+tokenColumns+" FROM api_tokens k WHERE k.id = ?", id))
	if err != nil {
		return nil, t.notFound(err, "token")
	}
	return k, nil
}

// TokenUser reads the token with a hash and its user.
func (t *Tx) TokenUser(ctx context.Context, hash []byte) (*auth.Token, *auth.User, error) {
	row := t.queryRow(ctx, "SELECT "+tokenColumns+", k.user_id FROM api_tokens k WHERE k.token_hash = ?", hash)
	var userID int64
	k, err := scanToken(row, &userID)
	if err != nil {
		return nil, nil, t.notFound(err, "token")
	}
	u, err := t.UserByID(ctx, userID, false)
	if err != nil {
		return nil, nil, err
	}
	return k, u, nil
}

// TouchToken records a token's use.
func (t *Tx) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := t.exec(ctx, "touch token", "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", ms(at), id)
	return err
}

// ListTokens lists a user's tokens, oldest first.
func (t *Tx) ListTokens(ctx context.Context, userID int64) ([]*auth.Token, error) {
	rows, err := t.query(ctx, "list tokens", "SELECT "+tokenColumns+" FROM api_tokens k WHERE k.user_id = ? ORDER BY k.id", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*auth.Token
	for rows.Next() {
		k, err := scanToken(rows)
		if err != nil {
			return nil, t.wrap("scan token", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeToken marks a token revoked; false if it already was.
func (t *Tx) RevokeToken(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := t.exec(ctx, "revoke token", "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", ms(at), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RevokeTokensOf revokes every live token of a user.
func (t *Tx) RevokeTokensOf(ctx context.Context, userID int64, at time.Time) (int, error) {
	res, err := t.exec(ctx, "revoke tokens", "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", ms(at), userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// InsertLink stores a sign-in link's hash and sets its ID.
func (t *Tx) InsertLink(ctx context.Context, l *auth.Link) error {
	id, err := t.insert(ctx, "insert sign-in link", "INSERT INTO sign_in_links (user_id, purpose, token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
		l.UserID, string(l.Purpose), l.TokenHash, l.CreatedBy, ms(l.CreatedAt), ms(l.ExpiresAt))
	l.ID = id
	return err
}

// LinkByHash reads a sign-in link.
func (t *Tx) LinkByHash(ctx context.Context, hash []byte) (*auth.Link, error) {
	var l auth.Link
	var created, expires int64
	var used sql.NullInt64
	err := t.queryRow(ctx, "SELECT id, user_id, purpose, token_hash, created_by, created_at, expires_at, used_at FROM sign_in_links WHERE token_hash = ?", hash).
		Scan(&l.ID, &l.UserID, &l.Purpose, &l.TokenHash, &l.CreatedBy, &created, &expires, &used)
	if err != nil {
		return nil, t.notFound(err, "sign-in link")
	}
	l.CreatedAt, l.ExpiresAt, l.UsedAt = fromMS(created), fromMS(expires), fromNullMS(used)
	return &l, nil
}

// UseLink marks a link used; false if it already was.
func (t *Tx) UseLink(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := t.exec(ctx, "use sign-in link", "UPDATE sign_in_links SET used_at = ? WHERE id = ? AND used_at IS NULL", ms(at), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CloseLinksOf marks every unused link of a user used.
func (t *Tx) CloseLinksOf(ctx context.Context, userID int64, at time.Time) error {
	_, err := t.exec(ctx, "close sign-in links", "UPDATE sign_in_links SET used_at = ? WHERE user_id = ? AND used_at IS NULL", ms(at), userID)
	return err
}
