package pamphlet_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func MustSite(tb testing.TB) (*site.Site, *locale.Registry) {
	tb.Helper()
	s, err := site.Load(os.DirFS("testdata"), "site.toml")
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		tb.Fatal(err)
	}
	return s, reg
}

func MustLocale(tb testing.TB, reg *locale.Registry, id string) *locale.Locale {
	tb.Helper()
	l, ok := reg.Get(id)
	if !ok {
		tb.Fatalf("no locale %s", id)
	}
	return l
}

// TestGolden renders testdata/golden/*.md and compares with *.golden.html; run
// "go test ./internal/pamphlet -update" to rewrite them after a deliberate change.
func TestGolden(t *testing.T) {
	s, reg := MustSite(t)
	localeOf := map[string]string{"french.md": "fr", "arabic.md": "ar"}
	files, _ := filepath.Glob("testdata/golden/*.md")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			id := localeOf[filepath.Base(file)]
			if id == "" {
				id = "en"
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := pamphlet.NewRenderer(s, MustLocale(t, reg, id).Quotes).Render(src, 1)
			golden := strings.TrimSuffix(file, ".md") + ".golden.html"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Fatalf("render %s (-want +got):\n%s", file, diff)
			}
		})
	}
}

func TestRenderNeverPassesRawHTML(t *testing.T) {
	s, reg := MustSite(t)
	src := []byte("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> [x](javascript:alert(1))\n")
	html, problems := pamphlet.NewRenderer(s, MustLocale(t, reg, "en").Quotes).Render(src, 10)
	for _, bad := range []string{"<script", "<img", "onerror", "javascript:"} {
		if bytes.Contains(html, []byte(bad)) {
			t.Fatalf("rendered HTML contains %q:\n%s", bad, html)
		}
	}
	if len(problems) != 2 || problems[0].Line != 10 || problems[1].Line != 12 {
		t.Fatalf("problems=%v, want raw HTML reported at lines 10 and 12", problems)
	}
}

const source = `+++
title = "Calling {{phone.emergency}}"
summary = "When to call."
topic = "services"
order = 10
status = "reviewed"
revision = 2
+++

## Call {{phone.emergency}}

Now.
`

func translation(rev string) string {
	return strings.NewReplacer(`revision = 2`, `source_revision = `+rev, `status = "reviewed"`, `status = "machine"`).Replace(source)
}

func TestLoad(t *testing.T) {
	s, reg := MustSite(t)
	fsys := fstest.MapFS{
		"calling/en.md":  {Data: []byte(source)},
		"calling/fr.md":  {Data: []byte(translation("2"))},
		"calling/ar.md":  {Data: []byte(translation("1"))},
		"safety/en.md":   {Data: []byte(strings.Replace(strings.Replace(source, "services", "safety", 1), "order = 10", "order = 5", 1))},
		"earlier/en.md":  {Data: []byte(strings.Replace(source, "order = 10", "order = 1", 1))},
		"not-content.md": {Data: []byte("ignored: not in a pamphlet folder")},
	}
	cat, err := pamphlet.Load(fsys, s, reg)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, p := range cat.All() {
		slugs = append(slugs, p.Slug)
	}
	if diff := cmp.Diff([]string{"earlier", "calling", "safety"}, slugs); diff != "" {
		t.Fatalf("order by topic then order (-want +got):\n%s", diff)
	}
	p, _ := cat.Get("calling")
	if p.Source.Title != "Calling 911" {
		t.Fatalf("Title=%q, want placeholders filled", p.Source.Title)
	}
	if fr := p.Translations["fr"]; fr.Stale || fr.Status != pamphlet.StatusMachine {
		t.Fatalf("fr Stale=%v Status=%v, want fresh machine translation", fr.Stale, fr.Status)
	}
	if ar := p.Translations["ar"]; !ar.Stale {
		t.Fatalf("ar Stale=%v, want stale (made from revision 1 of 2)", ar.Stale)
	}
	chains := map[string]string{"fr": "fr", "ta": "en", "ar": "ar"}
	for id, want := range chains {
		got, ok := p.Resolve(MustLocale(t, reg, id).Chain)
		if !ok || got.Locale.ID != want {
			t.Fatalf("Resolve(%s chain)=%v, want %s", id, got.Locale.ID, want)
		}
	}
	cov := cat.Coverage(reg.All())
	if diff := cmp.Diff(pamphlet.Coverage{Locale: "ar", Missing: []string{"earlier", "safety"}, Stale: []string{"calling"}, Machine: []string{"calling"}}, cov[2]); diff != "" {
		t.Fatalf("Coverage ar (-want +got):\n%s", diff)
	}
}

func TestLoadProblems(t *testing.T) {
	s, reg := MustSite(t)
	tests := []struct {
		name, file, data string
		want             string // "file:line: reason" prefix
	}{
		{"no front matter", "a/en.md", "## Hi\n", "a/en.md:1: missing front matter"},
		{"unclosed front matter", "a/en.md", "+++\ntitle = \"x\"\n", "a/en.md:1: front matter is not closed"},
		{"toml syntax", "a/en.md", strings.Replace(source, `order = 10`, `order = `, 1), "a/en.md:5: front matter:"},
		{"wrong type", "a/en.md", strings.Replace(source, `order = 10`, `order = "ten"`, 1), "a/en.md:5: front matter: order must be a whole number"},
		{"unknown field", "a/en.md", strings.Replace(source, `order = 10`, "order = 10\nauthor = \"x\"", 1), `a/en.md:6: front matter: unknown field "author"`},
		{"missing title", "a/en.md", strings.Replace(source, `title = "Calling {{phone.emergency}}"`, `title = ""`, 1), "a/en.md:2: front matter: title is required"},
		{"bad topic", "a/en.md", strings.Replace(source, `"services"`, `"gossip"`, 1), `a/en.md:4: front matter: topic "gossip"`},
		{"bad status", "a/en.md", strings.Replace(source, `"reviewed"`, `"draft"`, 1), `a/en.md:6: front matter: status "draft"`},
		{"source without revision", "a/en.md", strings.Replace(source, "revision = 2\n", "", 1), "a/en.md:1: front matter: revision is required"},
		{"unknown placeholder in body", "a/en.md", source + "Call {{phone.ghostbusters}}.\n", "a/en.md:13: unknown placeholder {{phone.ghostbusters}}"},
		{"unknown placeholder in title", "a/en.md", strings.Replace(source, "{{phone.emergency}}\"", "{{site.mayor}}\"", 1), "a/en.md:2: unknown placeholder {{site.mayor}}"},
		{"malformed placeholder", "a/en.md", source + "{{ emergency }}\n", "a/en.md:13: malformed placeholder"},
		{"unclosed placeholder", "a/en.md", source + "{{phone.emergency\n", "a/en.md:13: unclosed placeholder"},
		{"level-1 heading", "a/en.md", source + "\n# Big\n", "a/en.md:14: level-1 heading"},
		{"raw html", "a/en.md", source + "\n<div>x</div>\n", "a/en.md:14: raw HTML"},
		{"unknown locale", "a/xx.md", source, `a/xx.md: "xx" is not a configured locale id`},
		{"bad slug", "A B/en.md", source, `A B/en.md: folder name "A B"`},
		{"translation without source", "a/fr.md", translation("2"), "a/fr.md: translation without a source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pamphlet.Load(fstest.MapFS{tt.file: {Data: []byte(tt.data)}}, s, reg)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Load error=%v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestLoadTranslationProblems(t *testing.T) {
	s, reg := MustSite(t)
	tests := []struct{ name, fr, want string }{
		{"newer than source", translation("3"), "a/fr.md:7: source_revision 3 is newer"},
		{"revision in translation", source, "a/fr.md:7: front matter: revision belongs in the source"},
		{"topic differs", strings.Replace(translation("2"), `"services"`, `"safety"`, 1), `a/fr.md:4: topic "safety" differs`},
		{"order differs", strings.Replace(translation("2"), "order = 10", "order = 11", 1), "a/fr.md:5: order 11 differs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"a/en.md": {Data: []byte(source)}, "a/fr.md": {Data: []byte(tt.fr)}}
			_, err := pamphlet.Load(fsys, s, reg)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Load error=%v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	s, reg := MustSite(t)
	fsys := fstest.MapFS{
		"a/en.md": {Data: []byte("no front matter")},
		"b/en.md": {Data: []byte(source + "{{phone.nope}}\n")},
	}
	_, err := pamphlet.Load(fsys, s, reg)
	problems, ok := err.(pamphlet.Problems)
	if !ok || len(problems) != 2 {
		t.Fatalf("Load error=%v, want two problems", err)
	}
}

func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte(source))
	f.Add([]byte(translation("1")))
	f.Add([]byte("+++\n+++\n"))
	f.Add([]byte("+++\ntitle = \"\x00\"\n[[x]]\n+++\n# {{phone.}}"))
	s, reg := MustSite(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		cat, err := pamphlet.Load(fstest.MapFS{"a/en.md": {Data: data}}, s, reg)
		if err == nil {
			if p, ok := cat.Get("a"); !ok || p.Source == nil || p.Source.Title == "" {
				t.Fatalf("Load accepted %q without a usable source", data)
			}
			return
		}
		if _, ok := err.(pamphlet.Problems); !ok {
			t.Fatalf("Load error %T %v, want Problems", err, err)
		}
	})
}
