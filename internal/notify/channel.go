package notify

import (
	"context"
	"errors"
)

// Recipient is who a message goes to.
type Recipient struct {
	UserID int64
	Name   string
	Email  string
	Phone  string // E.164, for the gateway webhook
	Locale string
}

// Message is one composed notification. Everything in it may be read on a lock screen
// or in a shared inbox: for a confidential request it names only the language, the
// modality, the urgency and a link.
type Message struct {
	// Key identifies the message for idempotency: the same notification on the same
	// channel always has the same key, so a receiver can drop a repeat.
	Key       string
	Kind      string
	Subject   string
	Text      string
	HTML      string
	Link      string
	RequestID int64
	OfferID   int64
	Locale    string
}

// Channel delivers messages one way.
type Channel interface {
	// Name is the channel's stable name ("email", "webhook").
	Name() string
	// Reaches reports whether the channel can reach the recipient at all.
	Reaches(r Recipient) bool
	// Send delivers m. A Permanent error means retrying will not help.
	Send(ctx context.Context, m *Message, r Recipient) error
}

// permanentError marks a failure that retrying cannot fix (a rejected address, a
// gateway that refuses the request).
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as a hard failure.
func Permanent(err error) error { return permanentError{err} }

// IsPermanent reports whether err is a hard failure.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
