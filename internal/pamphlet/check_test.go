package pamphlet_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/pamphlet"
)

func TestCheckLinks(t *testing.T) {
	s, reg := MustSite(t)
	tests := []struct {
		name, body string
		want       string // "" for no problem, else "line: reason prefix"
	}{
		{"same-language pamphlet", "See [calling](calling).", ""},
		{"pamphlet in a locale", "See [appeler](/fr/calling).", ""},
		{"alias locale", "See [index](/FR/).", ""},
		{"poster slug", "See [calling](/calling).", ""},
		{"locale index", "See [all](../).", ""},
		{"external", "See <https://example.org/x> and [mail](mailto:a@example.org) and [call](tel:911).", ""},
		{"anchor", "See [below](#more).", ""},
		{"unknown pamphlet", "Intro.\n\nSee [x](/fr/nowhere).", `12: link "/fr/nowhere" leads to /fr/nowhere`},
		{"unknown locale", "See [x](/xx/calling).", `10: link "/xx/calling" leads to /xx/calling`},
		{"relative unknown", "- item\n- see [x](nowhere)", `11: link "nowhere" leads to /en/nowhere`},
		{"markdown file", "See [x](../calling/fr.md).", `10: link "../calling/fr.md" points at a Markdown file: link to its page instead, "/fr/calling"`},
		{"javascript", "See [x](javascript:alert(1)).", `10: link "javascript:alert(1)": only http`},
		{"empty", "See [x]().", "10: empty link"},
		{"image", "Intro.\n\n![map](map.png)", `12: image "map.png": pamphlets cannot show images`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"calling/en.md": {Data: []byte(source)},
				"links/en.md":   {Data: []byte(strings.Replace(source, "## Call {{phone.emergency}}\n\nNow.\n", tt.body+"\n", 1))},
			}
			cat, err := pamphlet.Load(fsys, s, reg)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			problems, err := pamphlet.CheckLinks(fsys, s, reg)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(problems, cat.CheckLinks(s, reg)); diff != "" {
				t.Fatalf("reading the files again and the catalog's recorded links differ (-files +catalog):\n%s", diff)
			}
			if tt.want == "" {
				if len(problems) > 0 {
					t.Fatalf("problems=%v, want none", problems)
				}
				return
			}
			if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), "links/en.md:"+tt.want) {
				t.Fatalf("problems=%v, want one starting links/en.md:%s", problems, tt.want)
			}
		})
	}
}

func TestCheckReservedSlug(t *testing.T) {
	s, reg := MustSite(t)
	fsys := fstest.MapFS{"search/en.md": {Data: []byte(source)}, "search/fr.md": {Data: []byte(translation("2"))}}
	problems, err := pamphlet.CheckLinks(fsys, s, reg)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := pamphlet.Load(fsys, s, reg)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if diff := cmp.Diff(problems, cat.CheckLinks(s, reg)); diff != "" {
		t.Fatalf("reading the files again and the catalog's recorded links differ (-files +catalog):\n%s", diff)
	}
	if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), `search/en.md: folder name "search" is a page of the site itself`) {
		t.Fatalf("problems=%v, want the reserved folder name once", problems)
	}
}

func TestCheckPlurals(t *testing.T) {
	_, reg := MustSite(t)
	en := "status = \"reviewed\"\n\n[Plain]\nother = \"x\"\n\n[PamphletCount]\none = \"{{.Count}} pamphlet\"\nother = \"{{.Count}} pamphlets\"\n"
	fsys := fstest.MapFS{
		"en.toml":       {Data: []byte(en)},
		"fr.toml":       {Data: []byte(en)},
		"ta.toml":       {Data: []byte(en)},
		"ar.toml":       {Data: []byte("status = \"machine\"\n\n[Plain]\nother = \"x\"\n\n[PamphletCount]\nzero = \"a\"\none = \"b\"\ntwo = \"\"\nother = \"c\"\n")},
		"kiosk/en.toml": {Data: []byte("[Screens]\none = \"{{.Count}} screen\"\nother = \"{{.Count}} screens\"\n")},
		"kiosk/fr.toml": {Data: []byte("[Screens]\nother = \"{{.Count}} écrans\"\n")},
		"kiosk/ar.toml": {Data: []byte("[Screens]\nzero = \"a\"\none = \"b\"\ntwo = \"c\"\nfew = \"d\"\nmany = \"e\"\nother = \"f\"\n")},
		"kiosk/ta.toml": {Data: []byte("")},
	}
	problems, err := pamphlet.CheckPlurals(fsys, reg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		"ar.toml:6: PamphletCount has no two, few, many form: this language needs zero, one, two, few, many, other",
		"kiosk/fr.toml:1: Screens has no one form: this language needs one, other",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("problems (-want +got):\n%s", diff)
	}
}

func TestEntriesAndSummaries(t *testing.T) {
	s, reg := MustSite(t)
	fsys := fstest.MapFS{
		"calling/en.md": {Data: []byte(source)},
		"calling/fr.md": {Data: []byte(translation("2"))},
		"calling/ar.md": {Data: []byte(strings.Replace(translation("1"), `"machine"`, `"reviewed"`, 1))},
		"other/en.md":   {Data: []byte(strings.Replace(source, "order = 10", "order = 11", 1))},
		"other/fr.md":   {Data: []byte(strings.Replace(translation("2"), "order = 10", "order = 11", 1))},
	}
	cat, err := pamphlet.Load(fsys, s, reg)
	if err != nil {
		t.Fatal(err)
	}
	ar := MustLocale(t, reg, "ar")
	want := []pamphlet.Entry{
		{Slug: "calling", Title: "Calling 911", State: pamphlet.StateStale, Status: pamphlet.StatusReviewed, SourceRevision: 2, MadeFrom: 1, File: "calling/ar.md"},
		{Slug: "other", Title: "Calling 911", State: pamphlet.StateMissing, SourceRevision: 2},
	}
	if diff := cmp.Diff(want, cat.Entries(ar)); diff != "" {
		t.Fatalf("Entries(ar) (-want +got):\n%s", diff)
	}
	sums := cat.Summaries(reg.All())
	wantSums := []pamphlet.Summary{
		{Locale: "en", Total: 2, Translated: 2, Reviewed: 2},
		{Locale: "fr", Total: 2, Translated: 2, Machine: 2},
		{Locale: "ar", Total: 2, Translated: 1, Reviewed: 1, Stale: 1, Missing: 1},
		{Locale: "ta", Total: 2, Missing: 2},
	}
	if diff := cmp.Diff(wantSums, sums); diff != "" {
		t.Fatalf("Summaries (-want +got):\n%s", diff)
	}
	if got := sums[2].Percent(sums[2].Stale); got != 50 {
		t.Fatalf("Percent=%v, want 50", got)
	}
}

func TestStamp(t *testing.T) {
	day := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	stale := translation("1")
	tests := []struct {
		name     string
		in       string
		reviewed bool
		want     string
	}{
		{"revision only", stale, false, strings.Replace(stale, "source_revision = 1", "source_revision = 2", 1)},
		{"reviewed", stale, true, strings.Replace(strings.Replace(stale, "source_revision = 1", "source_revision = 2\nchecked = 2026-11-29", 1), `status = "machine"`, `status = "reviewed"`, 1)},
		{"reviewed again", strings.Replace(stale, "source_revision = 1", "source_revision = 1\nchecked = 2020-01-02", 1), true,
			strings.Replace(strings.Replace(stale, "source_revision = 1", "source_revision = 2\nchecked = 2026-11-29", 1), `status = "machine"`, `status = "reviewed"`, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pamphlet.Stamp([]byte(tt.in), 2, tt.reviewed, day)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Fatalf("Stamp (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := pamphlet.Stamp([]byte("no front matter"), 2, false, day); err == nil {
		t.Fatalf("Stamp of a file without front matter: err=nil, want an error")
	}
}
