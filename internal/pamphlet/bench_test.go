package pamphlet_test

import (
	"io/fs"
	"testing"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

func defaultContent(b *testing.B) (*site.Site, *locale.Registry) {
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		b.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		b.Fatal(err)
	}
	return s, reg
}

// BenchmarkRenderPamphlet renders one default pamphlet's Markdown to HTML.
func BenchmarkRenderPamphlet(b *testing.B) {
	s, reg := defaultContent(b)
	src, err := fs.ReadFile(outreach.Content(), "victim-services/en.md")
	if err != nil {
		b.Fatal(err)
	}
	r := pamphlet.NewRenderer(s, reg.Default().Quotes)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := r.Render(src, 1); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
}

// BenchmarkLoadAll is the start-up cost: read, validate and render every pamphlet in
// every locale.
func BenchmarkLoadAll(b *testing.B) {
	s, reg := defaultContent(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pamphlet.Load(outreach.Content(), s, reg); err != nil {
			b.Fatal(err)
		}
	}
}
