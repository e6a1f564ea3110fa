// Package apperr defines the application's one error type: a code that decides the
// HTTP status and a message key from locales/ that the user sees translated. Exactly one
// place (the server's error handler) maps codes to statuses.
//
// It imports only the standard library.
package apperr
