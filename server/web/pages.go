package web

import (
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// Page is what a layout needs; every page's data embeds it.
type Page struct {
	Locale      *locale.Locale
	Site        *site.Site
	Title       string
	Description string
	CSS         string
	Canonical   string
	Alternates  []Alternate
	Languages   []LanguageLink
	// UIMachine: the interface strings are machine-made; said in the footer unless the
	// page already carries a machine notice.
	UIMachine bool
	// MainLang, when set, is the lang of the page's main content where it differs from
	// the page's: "ar-x-mtfrom-en" for a machine translation from English.
	MainLang string
}

// Alternate is a translation of a page, for hreflang links.
type Alternate struct{ Hreflang, Href string }

// LanguageLink is one entry of the language switcher.
type LanguageLink struct {
	ID, Dir, Autonym, Href string
	Current                bool
}

// ErrorPage is the data of the error page.
type ErrorPage struct {
	Page
	Heading, Message string
}
