package public_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/search"
	"github.com/outreach-project/outreach/server/public"
	"github.com/outreach-project/outreach/server/web"
)

// Pages are served while the search index is still being built; a search asked for
// then waits for it and answers from it, and so does a kiosk's search-index.js (a
// kiosk's files are made together, so its pages wait too).
func TestPagesDoNotWaitForTheSearchIndex(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	f := mustServerWith(t, nil, "", nil, func(base *web.Base, cat *pamphlet.Catalog, kiosks *kiosk.Config) (*public.Server, error) {
		return public.NewWithIndex(base, cat, kiosks, func(c *pamphlet.Catalog) *search.Index {
			<-gate
			return search.New(c)
		})
	})
	res, _ := f.get(t, "/kiosk")
	if res.StatusCode != http.StatusFound {
		t.Fatalf("GET /kiosk: Status=%d, want 302", res.StatusCode)
	}
	kioskHome := res.Header.Get("Location")
	type answer struct {
		code int
		body string
	}
	searched, indexed := make(chan answer, 1), make(chan answer, 1)
	go func() { res, body := f.get(t, "/en/search?q=victim"); searched <- answer{res.StatusCode, body} }()
	go func() { res, body := f.get(t, kioskHome+"en/search-index.js"); indexed <- answer{res.StatusCode, body} }()

	for _, path := range []string{"/en/", "/en/victim-services", "/ar/victim-services", "/en/search", "/sitemap.xml"} {
		if res, _ := f.get(t, path); res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s while the index is built: Status=%d, want 200", path, res.StatusCode)
		}
	}
	select {
	case <-f.SearchReady():
		t.Fatal("SearchReady closed before the index was built")
	case a := <-searched:
		t.Fatalf("a search answered before the index was built: %d", a.code)
	case a := <-indexed:
		t.Fatalf("search-index.js answered before the index was built: %d", a.code)
	default:
	}

	close(gate)
	<-f.SearchReady()
	if a := <-searched; a.code != http.StatusOK || !strings.Contains(a.body, `href="/en/victim-services"`) {
		t.Fatalf("search after the index was built: Status=%d, victim-services found: %v", a.code, strings.Contains(a.body, `href="/en/victim-services"`))
	}
	if a := <-indexed; a.code != http.StatusOK || !strings.Contains(a.body, "kioskSearchIndex") {
		t.Fatalf("search-index.js after the index was built: Status=%d", a.code)
	}
}
