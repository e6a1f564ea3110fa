// Package config owns the typed configuration of every command: flags, with
// OUTREACH_* environment variables as defaults, validated with specific messages. There
// are no globals: a Config is built once in main and passed down.
//
// It imports only the standard library.
package config
