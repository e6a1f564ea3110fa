// Package pamphlet owns the pamphlets: it loads content/<slug>/<locale>.md files,
// validates their front matter and placeholders, renders their Markdown once with
// goldmark (raw HTML is never passed through), and answers which translation a reader
// gets, whether it is machine-made or stale, and which are missing.
//
// It is a domain package: it reads from an fs.FS and imports the standard library,
// goldmark, a TOML decoder and this module's site and locale packages only — never
// Echo, database/sql or a driver.
package pamphlet
