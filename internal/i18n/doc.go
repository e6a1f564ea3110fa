// Package i18n owns the user-interface strings: it loads locales/<locale>.toml with
// go-i18n (CLDR plural rules) and gives each locale a Localizer whose plain messages are
// resolved once at start-up.
//
// It imports go-i18n, a TOML decoder and this module's locale package; never Echo,
// database/sql or a driver.
package i18n
