package public

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/locale"
)

// maxQuery is the longest search the site and the kiosks take, in characters: the
// search boxes' maxlength. The server refuses a longer one rather than cut it silently.
const maxQuery = 200

// badQuery says why q is refused, in the reader's language, or is "" for a query the
// search takes: one longer than the search box allows, not UTF-8, or with a NUL.
func (s *Server) badQuery(l *locale.Locale, q string) string {
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxQuery || strings.ContainsRune(q, 0) {
		return s.UI.For(l.ID).T("SearchBadQuery", "Max", maxQuery)
	}
	return ""
}

// queryMarker stands for the reader's words in the "nothing found" message the script
// fills in.
const queryMarker = "{query}"

// slugMarker stands for a pamphlet's slug in the link pattern the script fills in.
const slugMarker = "{slug}"

// kioskSearchPage is the kiosk's search screen: the form, the results of Query when
// the server answers it, and the pamphlets to choose without typing. The data-*
// strings let static/kiosk-search.js answer from the locale's index in the browser.
type kioskSearchPage struct {
	kioskPage
	Action      string // the form's action: this page
	Query       string
	Error       string // why the query was refused, in the reader's language
	Count       string
	Results     []searchResult
	Suggestions []indexItem
	// For the script: the link to a pamphlet (slugMarker for its slug), the messages
	// for nothing found (queryMarker for the words) and a refused query, the result
	// count for every number of results, and the name and direction of each language
	// of the fallback chain, and the chain.
	PamphletHref, NoneMessage, BadMessage string
	Counts, Languages, Chain              string // JSON
}

// searchPath is the search screen of a locale; searchIndexPath is the index of its
// translations for the browser, which the search screens of every locale that falls
// back to it load too. It is a script so that it loads from file://, where fetch
// cannot.
func (r *kioskRender) searchPath(l *locale.Locale) string {
	return kioskHome(r.ks.Key) + l.ID + "/search"
}

func (r *kioskRender) searchIndexPath(l *locale.Locale) string {
	return kioskHome(r.ks.Key) + l.ID + "/search-index.js"
}

// search is the search screen of locale l for query q (empty: the form alone, as the
// bundle holds it); refused says why q was refused, or is empty.
func (r *kioskRender) search(l *locale.Locale, q, refused string) kioskSearchPage {
	ui := r.s.UI.For(l.ID)
	self := r.searchPath(l)
	href := func(to string) string { return r.mode.href(self, to) }
	data := kioskSearchPage{kioskPage: r.page(l, self, ui.T("SearchTitle"), "search"), Action: href(self), Query: q, Error: refused,
		PamphletHref: href(r.pamphletPath(l, slugMarker)), NoneMessage: ui.T("SearchNone", "Query", queryMarker),
		BadMessage: ui.T("SearchBadQuery", "Max", maxQuery)}
	for _, id := range l.Chain { // the index of each language the reader can read
		if other, ok := r.s.Locales.Get(id); ok {
			data.Scripts = append(data.Scripts, href(r.searchIndexPath(other)))
		}
	}
	data.Scripts = append(data.Scripts, href(r.s.AssetPath("kiosk-search.js")))
	for _, g := range r.s.topicGroups(l) {
		for _, it := range g.Items { // linked to the public page, /{locale}/{slug}
			it.Href = href(r.pamphletPath(l, it.Href[strings.LastIndex(it.Href, "/")+1:]))
			data.Suggestions = append(data.Suggestions, it)
		}
	}
	counts := make([]string, min(len(data.Suggestions), maxResults)+1) // every number of results there can be
	for n := range counts {
		counts[n] = ui.N("SearchCount", n)
	}
	langs := make(map[string][2]string)
	for _, id := range l.Chain {
		if other, ok := r.s.Locales.Get(id); ok {
			langs[id] = [2]string{l.Name(other), other.Dir}
		}
	}
	data.Counts, data.Languages, data.Chain = mustJSON(counts), mustJSON(langs), mustJSON(l.Chain)
	if q == "" || refused != "" {
		return data
	}
	for _, res := range r.s.searchIx.get().Search(q, l.Chain, maxResults) {
		sr := searchResult{Href: href(r.pamphletPath(l, res.Slug)), Title: res.Title, Locale: res.Locale, Snippet: res.Snippet}
		if res.Locale != l {
			sr.Fallback, sr.Note = true, l.Name(res.Locale)
		}
		data.Results = append(data.Results, sr)
	}
	data.Count = ui.N("SearchCount", len(data.Results))
	return data
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("public: kiosk search: %v", err)) // strings and maps of strings always marshal
	}
	return string(b)
}

// searchIndex is the script that adds the translations in locale l to the browser's
// search index. It is the same for every kiosk, so it is made once a locale.
func (k *kioskSite) searchIndex(l *locale.Locale) ([]byte, error) {
	k.mu.Lock()
	e, ok := k.indexes[l.ID]
	if !ok {
		e = &indexEntry{}
		k.indexes[l.ID] = e
	}
	k.mu.Unlock()
	e.once.Do(func() {
		js, err := json.Marshal(k.s.searchIx.get().Export(l.ID))
		if err != nil {
			e.err = fmt.Errorf("public: kiosk search index %s: %w", l.ID, err)
			return
		}
		e.body = append(append([]byte("(self.kioskSearchIndex = self.kioskSearchIndex || []).push("), js...), ");\n"...)
	})
	return e.body, e.err
}

type indexEntry struct {
	once sync.Once
	body []byte
	err  error
}

// serveSearch answers the search screen with a query, rendered on the server for a
// browser without the kiosk's script or service worker. A query that is not text or is
// longer than the search box allows is refused, in the reader's language, with the
// form to try again. The page is never stored: it holds what the reader typed.
func (k *kioskSite) serveSearch(c echo.Context, r *kioskRender, l *locale.Locale, q string) error {
	status, refused := http.StatusOK, k.s.badQuery(l, q)
	if refused != "" {
		status, q = http.StatusBadRequest, ""
	}
	body, err := k.views.Render(l.ID, "search", r.search(l, q, refused))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, body)
}
