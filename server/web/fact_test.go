package web

import (
	"strings"
	"testing"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// TestLayoutNamesTheServiceInTheReadersScript: the shared layout names the service in
// the page's language ("多倫多警察局" on a Traditional Chinese page), not in English.
func TestLayoutNamesTheServiceInTheReadersScript(t *testing.T) {
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := locale.NewRegistry(s.Locales, s.DefaultLocale)
	ui, _ := i18n.Load(outreach.Locales(), reg)
	b, err := New(Deps{Site: s, Locales: reg, UI: ui})
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
