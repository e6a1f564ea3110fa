// Package schedule owns who is on call: weekly rotations per language and level, one-off
// shifts that override them, their validation and JSON decoding, expansion of a weekly
// pattern into concrete shifts in the deployment's time zone (correct across daylight
// saving changes), the answer to "who is on call for this language now", and the
// iCalendar feed of shifts.
//
// Instants are time.Time in UTC; weekly patterns are wall-clock times in a
// *time.Location passed in by the caller. Whether a shift's language serves a wanted
// one is decided by locale.Speaks, so a shift for "ar" serves a request in "ar-SD".
//
// It is a domain package: it imports the standard library and this module's locale
// package only — never Echo, database/sql, net/http or a driver.
package schedule
