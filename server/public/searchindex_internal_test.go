package public

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/search"
	"github.com/outreach-project/outreach/internal/site"
	"github.com/outreach-project/outreach/server/web"
)

// Pages are served while the search index is still being built; a search asked for
// then waits for it and answers from it, and so does a kiosk's search-index.js (a
// kiosk's files are made together, so its pages wait too).
func TestPagesDoNotWaitForTheSearchIndex(t *testing.T) {
	t.Parallel()
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		t.Fatal(err)
	}
	ui, err := i18n.Load(outreach.Locales(), reg)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := pamphlet.Load(outreach.Content(), s, reg)
	if err != nil {
		t.Fatal(err)
	}
	base, err := web.New(web.Deps{Site: s, Locales: reg, UI: ui, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	gate := make(chan struct{})
	srv, err := newServer(base, cat, nil, func(c *pamphlet.Catalog) *search.Index {
		<-gate
		return search.New(c)
	})
	if err != nil {
		t.Fatal(err)
	}
	get := func(target string) (int, string) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		body, _ := io.ReadAll(rec.Result().Body)
		if rec.Code == http.StatusFound {
			return rec.Code, rec.Header().Get("Location")
		}
		return rec.Code, string(body)
	}
	code, kioskHome := get("/kiosk")
	if code != http.StatusFound {
		t.Fatalf("GET /kiosk: Status=%d, want 302", code)
	}
	type answer struct {
		code int
		body string
	}
	searched, indexed := make(chan answer, 1), make(chan answer, 1)
	go func() { code, body := get("/en/search?q=victim"); searched <- answer{code, body} }()
	go func() { code, body := get(kioskHome + "en/search-index.js"); indexed <- answer{code, body} }()

	for _, path := range []string{"/en/", "/en/victim-services", "/ar/victim-services", "/en/search"} {
		if code, _ := get(path); code != http.StatusOK {
			t.Fatalf("GET %s while the index is built: Status=%d, want 200", path, code)
		}
	}
	select {
	case <-srv.SearchReady():
		t.Fatal("SearchReady closed before the index was built")
	case a := <-searched:
		t.Fatalf("a search answered before the index was built: %d", a.code)
	case a := <-indexed:
		t.Fatalf("search-index.js answered before the index was built: %d", a.code)
	default:
	}

	close(gate)
	<-srv.SearchReady()
	if a := <-searched; a.code != http.StatusOK || !strings.Contains(a.body, `href="/en/victim-services"`) {
		t.Fatalf("search after the index was built: Status=%d, victim-services found: %v", a.code, strings.Contains(a.body, `href="/en/victim-services"`))
	}
	if a := <-indexed; a.code != http.StatusOK || !strings.Contains(a.body, "kioskSearchIndex") {
		t.Fatalf("search-index.js after the index was built: Status=%d", a.code)
	}
}
