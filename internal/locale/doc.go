// Package locale owns the supported locales: their tags, writing direction, autonyms
// and names from CLDR (golang.org/x/text, never typed by hand), fallback chains,
// typography, and negotiation of a reader's locale from a saved choice or an
// Accept-Language header.
//
// It is a domain package: it imports the standard library and golang.org/x/text only,
// never Echo, database/sql or a driver.
package locale
