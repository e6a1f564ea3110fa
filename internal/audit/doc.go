// Package audit owns the append-only audit log: each event carries the hash of the one
// before it, so that changing, removing or reordering any event breaks the chain and
// Verify finds where. Events name actors and subjects by id and never carry a
// confidential request's details.
//
// It imports only the standard library.
package audit
