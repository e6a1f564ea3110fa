// Package kiosk owns the library kiosks' settings and their take-it-with-you QR codes:
// it parses the kiosk configuration file (content/kiosks.toml: each kiosk's key, branch
// name, language order and idle time), validating it against the configured locales
// with errors that name the file and line, and it turns a public page's URL into a QR
// code drawn as SVG from the module matrix of github.com/boombuler/barcode.
//
// It is a domain package: it imports the standard library, a TOML decoder, the QR
// encoder and this module's locale package only — never Echo, net/http, database/sql
// or a driver. The kiosk's pages and service worker live in server/.
package kiosk
