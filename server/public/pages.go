package public

import (
	"html/template"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/server/web"
)

type indexPage struct {
	web.Page
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
	web.Page
	Doc            *pamphlet.Translation
	Body           template.HTML
	Fallback       bool
	FallbackNotice string
	Machine, Stale bool
	Original       *originalLink
	// Checked is when the pamphlet's facts (or this translation) were last reviewed,
	// "2006-01-02"; empty when never.
	Checked string
	// QuickExit is where "Leave this page quickly" goes, on victim-support pages only;
	// QuickExitJS makes it also replace the history entry and answer the Escape key.
	QuickExit, QuickExitJS string
}

// originalLink points from a machine or stale translation to the source text.
type originalLink struct{ ID, Name, Href string }
