package public

import (
	"html/template"
	"strings"

	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

// kioskPage is what the kiosk layout needs; every kiosk page's data embeds it. Every
// link is already in the bundle's link mode.
type kioskPage struct {
	Locale *locale.Locale
	Site   *site.Site
	Kiosk  *kiosk.Kiosk
	Title  string
	Class  string // the page's kind, for the style sheet and the script
	CSS    string
	JS     string
	SW     string
	// Scripts are the page's own scripts, after JS.
	Scripts []string
	Home    string // the attract screen
	// TopicsHref and LanguagesHref lead to this locale's topics and language grid;
	// empty on the pages that are themselves those.
	TopicsHref, LanguagesHref string
	IdleSeconds               int
	CountdownSeconds          int
	UIMachine                 bool
}

// kioskTile is one language on the attract screen or the language grid.
type kioskTile struct {
	ID, Dir, Href, Autonym, Greeting string
	Current                          bool
}

type kioskAttractPage struct {
	kioskPage
	Tiles []kioskTile
}

type kioskTopicsPage struct {
	kioskPage
	SearchAction string // the search screen
	Topics       []topicGroup
}

type kioskPamphletPage struct {
	kioskPage
	Doc            *pamphlet.Translation
	Body           template.HTML
	Fallback       bool
	FallbackNotice string
	Machine, Stale bool
	Original       *originalLink
	QR             string // the QR code's image
	PublicURL      string // what the QR code opens: the public page, no kiosk, no tracking
}

// kioskRender renders the pages of one kiosk for one base URL in one link mode.
type kioskRender struct {
	s    *Server
	ks   *kiosk.Kiosk
	base string
	mode linkMode
}

func (r *kioskRender) attractPath() string { return kioskHome(r.ks.Key) }
func (r *kioskRender) swPath() string      { return kioskHome(r.ks.Key) + "sw.js" }
func (r *kioskRender) topicsPath(l *locale.Locale) string {
	return kioskHome(r.ks.Key) + l.ID + "/"
}
func (r *kioskRender) gridPath(l *locale.Locale) string {
	return kioskHome(r.ks.Key) + "languages/" + l.ID
}
func (r *kioskRender) pamphletPath(l *locale.Locale, slug string) string {
	return kioskHome(r.ks.Key) + l.ID + "/" + slug
}
func (r *kioskRender) qrPath(l *locale.Locale, slug string) string {
	return r.pamphletPath(l, slug) + ".svg"
}

// publicURL is the public page a QR code opens: /{locale}/{slug} on the public site.
func (r *kioskRender) publicURL(l *locale.Locale, slug string) string {
	return strings.TrimSuffix(r.base, "/") + "/" + l.ID + "/" + slug
}

// page fills the layout's data for the page at URL path self.
func (r *kioskRender) page(l *locale.Locale, self, title, class string) kioskPage {
	href := func(to string) string { return r.mode.href(self, to) }
	return kioskPage{
		Locale: l, Site: r.s.Site, Kiosk: r.ks, Title: title, Class: class,
		CSS: href(r.s.AssetPath("kiosk.css")), JS: href(r.s.AssetPath("kiosk.js")), SW: href(r.swPath()),
		Home: href(r.attractPath()), TopicsHref: href(r.topicsPath(l)), LanguagesHref: href(r.gridPath(l)),
		IdleSeconds: int(r.ks.Idle.Seconds()), CountdownSeconds: int(r.ks.Countdown.Seconds()),
		UIMachine: r.s.UI.For(l.ID).Machine,
	}
}

// attract greets in every language, each greeting in its own language and a way in.
func (r *kioskRender) attract() kioskAttractPage {
	l := r.s.Locales.Default()
	self := r.attractPath()
	data := kioskAttractPage{kioskPage: r.page(l, self, r.s.UI.For(l.ID).T("KioskChooseLanguage"), "attract")}
	data.TopicsHref, data.LanguagesHref = "", ""
	for _, other := range r.ks.Languages {
		data.Tiles = append(data.Tiles, kioskTile{
			ID: other.ID, Dir: other.Dir, Autonym: other.Autonym, Href: r.mode.href(self, r.topicsPath(other)),
			Greeting: r.s.UI.For(other.ID).T("KioskGreeting"),
		})
	}
	return data
}

// grid lists every language by its autonym, in the kiosk's order.
func (r *kioskRender) grid(l *locale.Locale) kioskAttractPage {
	self := r.gridPath(l)
	data := kioskAttractPage{kioskPage: r.page(l, self, r.s.UI.For(l.ID).T("KioskChooseLanguage"), "languages")}
	data.LanguagesHref = ""
	for _, other := range r.ks.Languages {
		data.Tiles = append(data.Tiles, kioskTile{
			ID: other.ID, Dir: other.Dir, Autonym: other.Autonym, Href: r.mode.href(self, r.topicsPath(other)),
			Current: other == l,
		})
	}
	return data
}

// topics lists the pamphlets by topic as the public index does, linked inside the kiosk.
func (r *kioskRender) topics(l *locale.Locale) kioskTopicsPage {
	self := r.topicsPath(l)
	data := kioskTopicsPage{kioskPage: r.page(l, self, r.s.UI.For(l.ID).T("HomeTitle"), "topics")}
	data.TopicsHref = ""
	data.SearchAction = r.mode.href(self, r.searchPath(l))
	data.Topics = r.s.topicGroups(l)
	for gi := range data.Topics {
		items := append([]indexItem(nil), data.Topics[gi].Items...)
		for i := range items {
			// The public index links to /{locale}/{slug}; the kiosk's page has that tail.
			items[i].Href = r.mode.href(self, kioskHome(r.ks.Key)+strings.TrimPrefix(items[i].Href, "/"))
		}
		data.Topics[gi].Items = items
	}
	return data
}

// pamphlet shows translation t of p to a reader of l, with the notices of the public
// page, its links made text, and the QR code of its public page.
func (r *kioskRender) pamphlet(l *locale.Locale, p *pamphlet.Pamphlet, t *pamphlet.Translation) kioskPamphletPage {
	ui := r.s.UI.For(l.ID)
	self := r.pamphletPath(l, p.Slug)
	data := kioskPamphletPage{
		kioskPage: r.page(l, self, t.Title, "pamphlet"),
		Doc:       t, Body: template.HTML(neutraliseLinks(t.HTML)),
		Fallback: t.Locale != l, Machine: t.Status == pamphlet.StatusMachine, Stale: t.Stale,
		QR: r.mode.href(self, r.qrPath(l, p.Slug)), PublicURL: r.publicURL(l, p.Slug),
	}
	data.UIMachine = data.UIMachine && !data.Machine
	if data.Fallback {
		data.FallbackNotice = ui.T("FallbackNotice", "Wanted", l.Name(l), "Shown", l.Name(t.Locale))
	}
	if src := p.Source; src != nil && src != t {
		data.Original = &originalLink{ID: src.Locale.ID, Name: l.Name(src.Locale), Href: r.mode.href(self, r.pamphletPath(src.Locale, p.Slug))}
	}
	return data
}
