// Package search owns the readers' full-text search over the pamphlets: it normalises
// text so that case and diacritics do not matter ("securite" finds "sécurité"), folds
// the spelling variants of Arabic-script text (harakat, tatweel, alef, yeh, kaf, teh
// marbuta), cuts Chinese, Japanese and other unspaced scripts into character bigrams,
// ranks matches and picks the passage to show.
//
// The index is built once from the loaded pamphlet catalog and read concurrently.
// It is a domain package: it imports the standard library, golang.org/x/text,
// golang.org/x/net/html (a parser, no networking) and this module's pamphlet package;
// never Echo, net/http, database/sql or a driver.
package search
