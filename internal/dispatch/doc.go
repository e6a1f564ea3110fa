// Package dispatch owns interpreter requests: their validation, the state machine
// (open -> offered -> accepted -> completed, or cancelled, or fallback), routing a request
// to the interpreters who can take it, escalation along a language's policy, and offers
// (accept, decline, conflict). Business rules live here, not in the stores, so the SQLite
// and PostgreSQL stores stay thin and cannot drift.
//
// It is a domain package: it imports the standard library, golang.org/x/text and this
// module's domain packages only — never Echo, database/sql, net/http or a driver. Storage
// and durable deadlines come in through the Store interface.
package dispatch
