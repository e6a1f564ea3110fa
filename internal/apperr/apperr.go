package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for the user.
type Code string

// Error codes.
const (
	Invalid      Code = "invalid"      // the input is wrong; nothing changed
	NotFound     Code = "not_found"    // no such thing, or the caller may not know it exists
	Conflict     Code = "conflict"     // the state has moved on (already accepted, duplicate)
	Unauthorized Code = "unauthorized" // not signed in
	Forbidden    Code = "forbidden"    // signed in, not allowed
	Internal     Code = "internal"     // our fault; the user sees a generic message
)

// Error is an error the user can be told about: Key is a message id in locales/, Detail
// is English for logs and developers and must never carry confidential data.
type Error struct {
	Code   Code
	Key    string
	Field  string // the input field at fault, for invalid input; filled into the message
	Detail string
	Err    error
}

func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Detail != "":
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Detail, e.Err)
	case e.Err != nil:
		return fmt.Sprintf("%s: %v", e.Code, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Detail)
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code, a message key and an English detail.
func New(code Code, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Detail: fmt.Sprintf(format, args...)}
}

// InvalidField returns an invalid-input error about field: key is the message shown (it may
// use {{.Field}}), detail says in English what is wrong for logs and developers.
func InvalidField(field, key, format string, args ...any) *Error {
	return &Error{Code: Invalid, Key: key, Field: field, Detail: field + ": " + fmt.Sprintf(format, args...)}
}

// FieldOf returns err's field, or "".
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// CodeOf returns err's code: Internal for any error that is not an *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// KeyOf returns err's message key, or "" when it has none.
func KeyOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}
