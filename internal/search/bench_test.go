package search_test

import (
	"testing"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/search"
	"github.com/outreach-project/outreach/internal/site"
)

func defaultCatalog(b testing.TB) (*pamphlet.Catalog, *locale.Registry) {
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		b.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		b.Fatal(err)
	}
	cat, err := pamphlet.Load(outreach.Content(), s, reg)
	if err != nil {
		b.Fatal(err)
	}
	return cat, reg
}

// BenchmarkSearch is one reader's query against the default content, in several
// languages and scripts; the target is well under 10 ms a query.
func BenchmarkSearch(b *testing.B) {
	cat, reg := defaultCatalog(b)
	ix := search.New(cat)
	queries := []struct{ locale, q string }{
		{"en", "report a crime interpreter"},
		{"fr", "securite"},
		{"ar", "الشرطه"},
		{"fa", "پليس"},
		{"zh-Hant", "報案"},
		{"en", "p"},
	}
	for _, q := range queries {
		l, ok := reg.Get(q.locale)
		if !ok {
			b.Fatalf("no locale %s", q.locale)
		}
		b.Run(q.locale+"/"+q.q, func(b *testing.B) {
			if len(ix.Search(q.q, l.Chain, 20)) == 0 && q.q != "p" {
				b.Fatalf("Search(%q) found nothing in the default content", q.q)
			}
			b.ReportAllocs()
			for b.Loop() {
				ix.Search(q.q, l.Chain, 20)
			}
		})
	}
}

// BenchmarkNew is the cost of indexing the default content at start-up.
func BenchmarkNew(b *testing.B) {
	cat, _ := defaultCatalog(b)
	b.ReportAllocs()
	for b.Loop() {
		search.New(cat)
	}
}
