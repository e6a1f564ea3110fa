// Package auth owns accounts: users and their roles, password hashing (argon2id),
// sign-in with its limits, single-use sign-in links for invitations and resets, API
// tokens (stored only as hashes), deactivation and role changes. Service holds every
// rule; each change is one transaction that includes its audit event.
//
// It imports the standard library, golang.org/x/crypto and this module's apperr and
// audit packages; never Echo, database/sql, net/http or a driver. Storage comes in
// through the Store interface.
package auth
