// Package seal encrypts sensitive fields at rest: each record gets its own AES-256-GCM
// data key, stored wrapped (encrypted) by a master key the operator holds in a key file.
// Deleting a record's wrapped key destroys its sealed fields for good (crypto-shredding);
// rotating the master key re-wraps data keys without touching the records.
//
// It imports only the standard library.
package seal
