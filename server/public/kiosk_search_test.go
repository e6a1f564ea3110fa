package public_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// firstResult is the link of a search page's first result, or "".
var firstResult = regexp.MustCompile(`<ol id="klist" class="cards results">\s*<li><a href="([^"]*)"`)

// TestKioskSearchPage: the kiosk's search screen answers on the server, in the reader's
// language, with links to the kiosk's own pamphlet pages only; nothing found says so
// with a way back; a query that is not text or too long is refused in the reader's
// language, with the form to try again.
func TestKioskSearchPage(t *testing.T) {
	f := MustServer(t, nil)
	tests := []struct {
		name, locale, query string
		status              int
		want                []string
	}{
		{"english", "en", "interpreter", 200, []string{"<mark>interpreter</mark>"}},
		{"french without accents", "fr", "securite", 200, []string{"<mark>sécurité</mark>"}},
		{"arabic", "ar", "الشرطه", 200, []string{"<mark>الشرطة</mark>", `dir="rtl"`}},
		{"nothing found", "es", "xylophonezzz", 200, []string{
			`<p id="kstatus" role="status">` + esc(f.UI.For("es").T("SearchNone", "Query", "xylophonezzz")) + `</p>`,
			`<p id="kback"><a class="kbtn" href="/kiosk/central/es/">` + esc(f.UI.For("es").T("AllPamphlets")) + `</a></p>`}},
		{"too long", "ar", strings.Repeat("ب", 201), 400, []string{
			`<p id="kstatus" role="status">` + esc(f.UI.For("ar").T("SearchBadQuery", "Max", 200)) + `</p>`, `value=""`}},
		{"not text", "zh-Hant", "\xff\xfe", 400, []string{esc(f.UI.For("zh-Hant").T("SearchBadQuery", "Max", 200))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/kiosk/central/" + tt.locale + "/search"
			res, body := f.get(t, path+"?q="+url.QueryEscape(tt.query))
			if res.StatusCode != tt.status {
				t.Fatalf("Status=%v, want %v", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Cache-Control"); got != "no-store" {
				t.Fatalf("Cache-Control=%v, want no-store: the page holds what the reader typed", got)
			}
			checkKioskPage(t, path, body, "/kiosk/central/")
			checkKioskLang(t, f, path, body)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Fatalf("no %s in\n%s", w, body)
				}
			}
			if tt.status != http.StatusOK {
				return
			}
			m := firstResult.FindStringSubmatch(body)
			wantResults := !strings.Contains(tt.name, "nothing")
			if (m != nil) != wantResults {
				t.Fatalf("first result %v, want results=%v", m, wantResults)
			}
			if m != nil && !strings.HasPrefix(m[1], "/kiosk/central/"+tt.locale+"/") {
				t.Fatalf("first result links to %s, want a kiosk page", m[1])
			}
		})
	}
}

// TestKioskSearchSameAsPublic: the kiosk finds what the public search finds, in the
// same order.
func TestKioskSearchSameAsPublic(t *testing.T) {
	f := MustServer(t, nil)
	href := regexp.MustCompile(`<li><a href="/(?:kiosk/central/)?[^/"]+/([a-z0-9-]+)"`)
	for _, q := range []struct{ locale, query string }{{"en", "report"}, {"fr", "securite"}, {"fa", "پليس"}, {"zh-Hant", "報案"}, {"ar", "احتيال"}} {
		_, public := f.get(t, "/"+q.locale+"/search?q="+url.QueryEscape(q.query))
		_, kiosk := f.get(t, "/kiosk/central/"+q.locale+"/search?q="+url.QueryEscape(q.query))
		var a, b []string
		for _, m := range href.FindAllStringSubmatch(public, -1) {
			a = append(a, m[1])
		}
		for _, m := range href.FindAllStringSubmatch(kiosk[strings.Index(kiosk, `id="klist"`):strings.Index(kiosk, `id="ksuggest"`)], -1) {
			b = append(b, m[1])
		}
		if len(a) == 0 || strings.Join(a, " ") != strings.Join(b, " ") {
			t.Fatalf("%s %q: kiosk found %v, want the public site's %v", q.locale, q.query, b, a)
		}
	}
}

// TestKioskSearchScreen: without a query the screen is the form, in the reader's
// language and direction, ready for the system's touch keyboard, with every pamphlet
// of the locale to choose without typing; the topics screen leads to it.
func TestKioskSearchScreen(t *testing.T) {
	f := MustServer(t, nil)
	for _, id := range []string{"en", "fa"} {
		l, _ := f.Locales.Get(id)
		path := "/kiosk/central/" + id + "/search"
		res, body := f.get(t, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: Status=%v, want 200", path, res.StatusCode)
		}
		input := `<input id="q" type="search" name="q" value="" maxlength="200" autocomplete="off" autocapitalize="off" spellcheck="false" lang="` + id + `" dir="` + l.Dir + `" inputmode="search" enterkeyhint="search" autofocus>`
		for _, want := range []string{input, esc(f.UI.For(id).T("KioskSearchSuggestions")), `<script src="/kiosk/central/` + id + `/search-index.js" defer></script>`} {
			if !strings.Contains(body, want) {
				t.Fatalf("GET %s: no %s in\n%s", path, want, body)
			}
		}
		chips := strings.Count(body[strings.Index(body, `class="chips"`):], "<li>")
		if want := len(f.Pamphlets.All()); chips != want {
			t.Fatalf("GET %s: %d pamphlets to choose, want %d", path, chips, want)
		}
		_, topics := f.get(t, "/kiosk/central/"+id+"/")
		if !strings.Contains(topics, `<form class="ksearch" role="search" method="get" action="/kiosk/central/`+id+`/search">`) {
			t.Fatalf("topics screen in %s has no search form", id)
		}
	}
	// A locale named another way keeps the words of the search.
	if res, _ := f.get(t, "/kiosk/central/prs/search?q=a+b"); res.Header.Get("Location") != "/kiosk/central/fa-AF/search?q=a+b" {
		t.Fatalf("Location=%q, want the search in fa-AF", res.Header.Get("Location"))
	}
}

// kioskIndex is a locale's search index script, parsed.
type kioskIndex struct {
	Locale string
	Terms  [][]any
	Docs   []struct {
		Slug     string
		Passages []struct {
			T string
			K []int
		}
	}
}

// TestKioskSearchIndex: each locale's index is precached, holds that locale's
// translations, is loaded by the search screen of every locale that falls back to it,
// and is the same bytes every time it is made.
func TestKioskSearchIndex(t *testing.T) {
	f := MustServer(t, nil)
	again := MustServer(t, nil)
	urls := strings.Join(f.kioskFiles(t, "thorncliffe").URLs, " ") + " "
	for _, id := range []string{"en", "ar", "zh-Hant"} {
		path := "/kiosk/thorncliffe/" + id + "/search-index.js"
		if !strings.Contains(urls, path+" ") || !strings.Contains(urls, "/kiosk/thorncliffe/"+id+"/search ") {
			t.Fatalf("service worker does not precache %s and its search screen", path)
		}
		res, body := f.get(t, path)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
			t.Fatalf("GET %s: Status=%v Content-Type=%v", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		const prefix, suffix = "(self.kioskSearchIndex = self.kioskSearchIndex || []).push(", ");\n"
		if !strings.HasPrefix(body, prefix) || !strings.HasSuffix(body, suffix) {
			t.Fatalf("GET %s: not an index script: %.80s", path, body)
		}
		var ix kioskIndex
		if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(body, prefix), suffix)), &ix); err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, p := range f.Pamphlets.All() {
			if _, ok := p.Translations[id]; ok {
				want++
			}
		}
		if ix.Locale != id || len(ix.Docs) != want || len(ix.Terms) == 0 {
			t.Fatalf("%s: locale %s, %d docs, %d terms; want %s, %d docs and terms", id, ix.Locale, len(ix.Docs), len(ix.Terms), id, want)
		}
		l, _ := f.Locales.Get(id)
		_, page := f.get(t, "/kiosk/thorncliffe/"+id+"/search")
		for _, other := range l.Chain {
			if !strings.Contains(page, `<script src="/kiosk/thorncliffe/`+other+`/search-index.js" defer></script>`) {
				t.Fatalf("search screen in %s does not load the index of %s", id, other)
			}
		}
		if _, body2 := again.get(t, "/kiosk/central/"+id+"/search-index.js"); body2 != body {
			t.Fatalf("%s: the index differs when made again", id)
		}
	}
}
