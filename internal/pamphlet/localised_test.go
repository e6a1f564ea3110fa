package pamphlet_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

const localisedSite = `name = { en = "Town Police", fr = "Police de Town", ar = "شرطة تاون" }
city = { en = "Town", ar = "تاون" }
time_zone = "America/Toronto"
source_locale = "en"
default_locale = "en"

[phones]
emergency = "911"
line = { en = "416-555-0100", fr = "416-555-0101" }

[[locales]]
id = "en"

[[locales]]
id = "fr"

[[locales]]
id = "ar"
`

const localisedSource = `+++
title = "About {{site.name}}"
summary = "Help in {{site.city}}."
topic = "services"
order = 10
status = "reviewed"
revision = 1
checked = 2026-11-29
+++

{{site.name}} serves {{site.city}}. Call {{phone.line}}.
`

func localisedTranslation(title string) string {
	return strings.Replace(strings.Replace(localisedSource, "revision = 1", "source_revision = 1", 1),
		`title = "About {{site.name}}"`, `title = "`+title+`"`, 1)
}

// TestPlaceholdersTakeTheReadersLocale checks that titles, summaries and bodies use the
// site value of the page's own locale, and the default locale's where it has none.
func TestPlaceholdersTakeTheReadersLocale(t *testing.T) {
	s, err := site.Parse("site.toml", []byte(localisedSite))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"about/en.md": {Data: []byte(localisedSource)},
		"about/fr.md": {Data: []byte(localisedTranslation("À propos de {{site.name}}"))},
		"about/ar.md": {Data: []byte(localisedTranslation("عن {{site.name}}"))},
	}
	cat, err := pamphlet.Load(fsys, s, reg)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := cat.Get("about")
	tests := []struct {
		id, title, summary string
		body               []string
	}{
		{"en", "About Town Police", "Help in Town.", []string{"Town Police serves Town.", `href="tel:4165550100"`}},
		{"fr", "À propos de Police de Town", "Help in Town.", []string{"Police de Town serves Town.", `href="tel:4165550101"`}},
		{"ar", "عن شرطة تاون", "Help in تاون.", []string{"شرطة تاون serves تاون.", `href="tel:4165550100"`}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			tr := p.Translations[tt.id]
			if tr.Title != tt.title || tr.Summary != tt.summary {
				t.Fatalf("Title=%q Summary=%q, want %q %q", tr.Title, tr.Summary, tt.title, tt.summary)
			}
			for _, want := range tt.body {
				if !strings.Contains(tr.HTML, want) {
					t.Fatalf("HTML=%s, want it to contain %q", tr.HTML, want)
				}
			}
		})
	}
	if got, want := p.Source.Checked, time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("Checked=%v, want %v", got, want)
	}
}

func TestCheckedFrontMatter(t *testing.T) {
	s, reg := MustSite(t)
	tests := []struct{ name, checked, want string }{
		{"quoted", `checked = "2026-11-29"`, "calling/en.md:8: front matter: must be a date such as 2026-11-29"},
		{"with a time", `checked = 2026-11-29T10:00:00`, "calling/en.md:8: front matter: must be a date such as 2026-11-29"},
		{"implausible", `checked = 1999-12-31`, "calling/en.md:8: front matter: checked 1999-12-31 is not a plausible review date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(source, "revision = 2\n", "revision = 2\n"+tt.checked+"\n", 1)
			_, err := pamphlet.Load(fstest.MapFS{"calling/en.md": {Data: []byte(data)}}, s, reg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load error=%v, want %q", err, tt.want)
			}
		})
	}
	cat, err := pamphlet.Load(fstest.MapFS{"calling/en.md": {Data: []byte(source)}}, s, reg)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := cat.Get("calling"); !p.Source.Checked.IsZero() {
		t.Fatalf("Checked=%v, want zero when the file does not say", p.Source.Checked)
	}
}
