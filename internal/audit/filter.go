package audit

import "time"

// Actions of coordinators' changes to the roster.
const (
	InterpreterChanged     = "interpreter.change"
	InterpreterDeactivated = "interpreter.deactivate"
	InterpreterReactivated = "interpreter.reactivate"
	RotationChanged        = "rotation.change"
)

// Filter selects audit events for reading, newest first; zero fields match everything.
type Filter struct {
	Action     string    // exactly this action
	ActorID    int64     // by this user id
	ActorEmail string    // by the user with this email (with ActorID: either)
	Subject    string    // exactly this subject ("request:42")
	From, To   time.Time // at or after From, before To
	Before     int64     // with a sequence number below this (the next page's cursor)
	Limit      int       // at most this many; 0 means no limit
}

// Entry is an event as the log viewer shows it: with its actor's email ("" for the
// system or a user since removed).
type Entry struct {
	Event
	ActorEmail string `json:"actor_email,omitempty"`
}

// Page is one page of the log, newest first; Next is the Before of the following page,
// 0 when this is the last.
type Page struct {
	Entries []Entry `json:"entries"`
	Next    int64   `json:"next,omitempty"`
}
