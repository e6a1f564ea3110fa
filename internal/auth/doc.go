// Package auth owns identities: users and their roles, password hashing (argon2id), API
// tokens (stored only as hashes) and the role checks every endpoint makes.
//
// It imports the standard library and golang.org/x/crypto only; never Echo,
// database/sql or a driver.
package auth
