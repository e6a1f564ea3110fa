package server

import (
	"html/template"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

// page is what the layout needs; every page's data embeds it.
type page struct {
	Locale      *locale.Locale
	Site        *site.Site
	Title       string
	Description string
	CSS         string
	Canonical   string
	Alternates  []alternate
	Languages   []languageLink
	// UIMachine: the interface strings are machine-made; said in the footer unless the
	// page already carries a machine notice.
	UIMachine bool
}

type alternate struct{ Hreflang, Href string }

// languageLink is one entry of the language switcher.
type languageLink struct {
	ID, Dir, Autonym, Href string
	Current                bool
}

type indexPage struct {
	page
	Topics []topicGroup
}

type topicGroup struct {
	ID, Name, Count string
	Items           []indexItem
}

type indexItem struct {
	Href, Title, Summary string
	Locale               *locale.Locale
	Fallback             bool
	Note                 string // in the reader's language: which language the text is in
}

type pamphletPage struct {
	page
	Doc            *pamphlet.Translation
	Body           template.HTML
	Fallback       bool
	FallbackNotice string
	Machine, Stale bool
	Original       *originalLink
}

// originalLink points from a machine or stale translation to the source text.
type originalLink struct{ ID, Name, Href string }

type errorPage struct {
	page
	Heading, Message string
}
