package i18n_test

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/feature/plural"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

func MustCatalog(tb testing.TB) (*i18n.Catalog, *locale.Registry) {
	tb.Helper()
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		tb.Fatal(err)
	}
	cat, err := i18n.Load(outreach.Locales(), reg)
	if err != nil {
		tb.Fatal(err)
	}
	return cat, reg
}

// rawMessages decodes a locale's files (<id>.toml and <area>/<id>.toml) as plain TOML:
// message id -> form -> text.
func rawMessages(tb testing.TB, id string) map[string]map[string]string {
	tb.Helper()
	m := make(map[string]map[string]string)
	names := []string{id + ".toml"}
	entries, _ := fs.ReadDir(outreach.Locales(), ".")
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name()+"/"+id+".toml")
		}
	}
	for _, name := range names {
		for k, v := range rawFile(tb, name) {
			if _, dup := m[k]; dup {
				tb.Fatalf("%s: key %s defined twice for %s", name, k, id)
			}
			m[k] = v
		}
	}
	return m
}

func rawFile(tb testing.TB, name string) map[string]map[string]string {
	tb.Helper()
	data, err := fs.ReadFile(outreach.Locales(), name)
	if err != nil {
		tb.Fatal(err)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	m := make(map[string]map[string]string)
	for key, v := range raw {
		if key == "status" {
			continue
		}
		table, ok := v.(map[string]any)
		if !ok {
			tb.Fatalf("%s: %s is not a message table", name, key)
		}
		m[key] = make(map[string]string)
		for form, text := range table {
			m[key][form], _ = text.(string)
		}
	}
	return m
}

var templateVar = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func vars(s string) []string {
	var out []string
	for _, m := range templateVar.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return out
}

// pluralForms are the CLDR cardinal categories a locale needs for whole numbers.
func pluralForms(l *locale.Locale) []string {
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	seen := map[string]bool{"other": true}
	for n := 0; n <= 1000; n++ {
		seen[names[plural.Cardinal.MatchPlural(l.Tag, n, 0, 0, 0, 0)]] = true
	}
	var out []string
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// TestLocaleCompleteness: every locale has every reference key, no empty value, the same
// {{.Vars}} as the reference, and every plural form its language needs.
func TestLocaleCompleteness(t *testing.T) {
	_, reg := MustCatalog(t)
	ref := rawMessages(t, reg.Default().ID)
	for _, l := range reg.All() {
		t.Run(l.ID, func(t *testing.T) {
			msgs := rawMessages(t, l.ID)
			for key, refForms := range ref {
				forms, ok := msgs[key]
				if !ok {
					t.Fatalf("%s.toml: missing key %s", l.ID, key)
				}
				refVars := vars(refForms["other"])
				want := []string{"other"}
				if _, isPlural := refForms["one"]; isPlural {
					want = pluralForms(l)
				}
				for _, form := range want {
					text := strings.TrimSpace(forms[form])
					if text == "" {
						t.Fatalf("%s.toml: %s has no %q form", l.ID, key, form)
					}
					if diff := cmp.Diff(refVars, vars(text)); diff != "" && !(form == "one" && len(vars(text)) == 0) {
						t.Fatalf("%s.toml: %s.%s placeholders (-reference +got):\n%s", l.ID, key, form, diff)
					}
				}
			}
			for key := range msgs {
				if _, ok := ref[key]; !ok {
					t.Fatalf("%s.toml: key %s is not in the reference locale", l.ID, key)
				}
			}
		})
	}
}

// TestPluralsResolve asks go-i18n itself for every count a page can show (and a few
// large ones), in every locale: a missing form would show the message id.
func TestPluralsResolve(t *testing.T) {
	cat, reg := MustCatalog(t)
	for _, l := range reg.All() {
		loc := cat.For(l.ID)
		for _, n := range []int{0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 1000} {
			got := loc.N("PamphletCount", n)
			if got == "PamphletCount" || !strings.Contains(got, fmt.Sprint(n)) {
				t.Fatalf("%s: N(PamphletCount, %d)=%q, want the count in a sentence", l.ID, n, got)
			}
		}
	}
}

func TestReviewStatus(t *testing.T) {
	cat, _ := MustCatalog(t)
	if cat.For("en").Machine || !cat.For("fr").Machine {
		t.Fatalf("en Machine=%v fr Machine=%v, want reviewed English and machine French", cat.For("en").Machine, cat.For("fr").Machine)
	}
	for _, k := range cat.Keys() {
		if k == "status" {
			t.Fatalf("status listed as a message key")
		}
	}
}

func TestT(t *testing.T) {
	cat, _ := MustCatalog(t)
	fr := cat.For("fr")
	if got := fr.T("HomeIntro", "City", "Toronto"); !strings.Contains(got, "Toronto") {
		t.Fatalf("T(HomeIntro)=%q, want the city filled in", got)
	}
	if got := fr.T("NoSuchKey"); got != "NoSuchKey" {
		t.Fatalf("T(NoSuchKey)=%q, want the id back", got)
	}
	if got, en := fr.T("HomeTitle"), cat.For("en").T("HomeTitle"); got == en {
		t.Fatalf("fr HomeTitle=%q, the same as English", got)
	}
}
