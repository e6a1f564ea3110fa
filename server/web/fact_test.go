package web

import (
	"strings"
	"testing"
)

// TestLayoutNamesTheServiceInTheReadersScript: the shared layout names the service in
// the page's language ("多倫多警察局" on a Traditional Chinese page), not in English.
func TestLayoutNamesTheServiceInTheReadersScript(t *testing.T) {
	d := defaultDeps(t)
	s, reg := d.Site, d.Locales
	b, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"zh-Hant", "ar", "en"} {
		l, _ := reg.Get(id)
		want, _ := s.FactIn(l.Chain, "site", "name")
		body, err := b.errViews.Render(id, "error", ErrorPage{Page: Page{Locale: l, Site: s, Title: "x"}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(body), want) || (id != "en" && strings.Contains(string(body), "Toronto Police Service")) {
			t.Fatalf("%s page does not name the service as %q", id, want)
		}
	}
}
