package public_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestSearchPage(t *testing.T) {
	f := MustFixtureServer(t)
	tests := []struct {
		name, path string
		status     int
		want       []string
		notWant    []string
	}{
		{"own language", "/fr/search?q=CORPS", 200,
			[]string{`<h1>` + esc(f.UI.For("fr").T("SearchTitle")) + `</h1>`, `href="/fr/alpha"`, "<mark>corps</mark>", `value="CORPS"`, esc(f.UI.For("fr").N("SearchCount", 1))},
			[]string{`href="/fr/beta"`}},
		{"fallback is marked with its language", "/fr/search?q=BETA", 200,
			[]string{`href="/fr/beta" lang="en" dir="ltr"`, `<small class="tag">anglais</small>`}, nil},
		{"other languages are not searched", "/en/search?q=francais", 200,
			[]string{esc(f.UI.For("en").T("SearchNone", "Query", "francais"))}, []string{`href="/en/alpha"`}},
		{"empty query shows the form", "/ar/search", 200, []string{`<form class="search" role="search" method="get" action="/ar/search">`, `dir="rtl"`}, []string{"role=\"status\""}},
		{"query is escaped", "/en/search?q=%3Cscript%3E", 200, []string{"&lt;script&gt;"}, []string{"<script>"}},
		{"unknown locale", "/xx/search?q=a", 404, nil, nil},
		{"as long as the search box allows", "/fr/search?q=" + strings.Repeat("%C3%A9", 200), 200,
			[]string{esc(f.UI.For("fr").T("SearchNone", "Query", strings.Repeat("é", 200)))}, nil},
		{"longer than the search box allows", "/fr/search?q=" + strings.Repeat("%C3%A9", 201), 400,
			[]string{esc(f.UI.For("fr").T("SearchBadQuery", "Max", 200)), `<form class="search"`, `value=""`}, []string{"éé"}},
		{"not UTF-8", "/ar/search?q=%FF", 400, []string{esc(f.UI.For("ar").T("SearchBadQuery", "Max", 200))}, nil},
		{"NUL", "/en/search?q=a%00b", 400, []string{esc(f.UI.For("en").T("SearchBadQuery", "Max", 200))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := f.get(t, tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s: Status=%v, want %v", tt.path, res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Cache-Control"); tt.status != 404 && got != "no-store" {
				t.Fatalf("GET %s: Cache-Control=%q, want no-store: the page holds what the reader searched for", tt.path, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Fatalf("GET %s: no %q in:\n%s", tt.path, w, body)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Fatalf("GET %s: %q should not be in:\n%s", tt.path, w, body)
				}
			}
		})
	}
}

func TestSearchRedirectsToCanonicalLocale(t *testing.T) {
	f := MustFixtureServer(t)
	res, _ := f.get(t, "/FR/search?q=a%20b")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/fr/search?q=a+b" {
		t.Fatalf("Status=%v Location=%q, want 301 to /fr/search?q=a+b", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestSearchBoxes: the index pages and the not-found page carry a search form that
// works without script (a GET form to the reader's locale).
func TestSearchBoxes(t *testing.T) {
	f := MustFixtureServer(t)
	for _, path := range []string{"/fr/", "/fa/", "/fr/no-such-pamphlet", "/ar/a/b/c"} {
		res, body := f.get(t, path)
		locale := strings.Split(path, "/")[1]
		form := `<form class="search" role="search" method="get" action="/` + locale + `/search">`
		if !strings.Contains(body, form) || !strings.Contains(body, `name="q"`) {
			t.Fatalf("GET %s (%d): no search form for %s", path, res.StatusCode, locale)
		}
		if strings.Contains(body, "<script") {
			t.Fatalf("GET %s: has a script", path)
		}
	}
	res, body := f.get(t, "/fr/no-such-pamphlet")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, esc(f.UI.For("fr").T("NotFoundTitle"))) {
		t.Fatalf("404 page: Status=%v, want 404 with its French heading", res.StatusCode)
	}
}
