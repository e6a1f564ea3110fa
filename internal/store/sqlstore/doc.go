// Package sqlstore implements the dispatch store and the account store on database/sql,
// for SQLite and PostgreSQL alike: the few differences (placeholders, row locks, constraint
// errors) are the Dialect's. Business rules are not here but in the domain packages, so
// the two engines cannot drift. Times are stored as UTC Unix milliseconds.
package sqlstore
