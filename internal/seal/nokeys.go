package seal

import "errors"

// ErrNoKeys is returned by NoKeys for every sealing and opening.
var ErrNoKeys = errors.New("seal: this command has no master keys: it cannot seal or open confidential fields")

// NoKeys is the sealer of commands that never touch sealed fields (accounts, the audit
// log, migrations): they need no key file, and a request's fields can still never be
// written in the clear through them, since sealing and opening fail.
var NoKeys noKeys

type noKeys struct{}

// Seal fails with ErrNoKeys.
func (noKeys) Seal([]byte, []byte) ([]byte, []byte, string, error) { return nil, nil, "", ErrNoKeys }

// Open fails with ErrNoKeys.
func (noKeys) Open([]byte, []byte, string, []byte) ([]byte, error) { return nil, ErrNoKeys }

// Rewrap fails with ErrNoKeys.
func (noKeys) Rewrap([]byte, string) ([]byte, string, error) { return nil, "", ErrNoKeys }

// Current is no key.
func (noKeys) Current() string { return "" }
