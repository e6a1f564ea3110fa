package search_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/search"
)

// MustIndex indexes the pamphlets in testdata/content.
func MustIndex(tb testing.TB) (*search.Index, *locale.Registry) {
	tb.Helper()
	return mustIndexFS(tb, os.DirFS("testdata/content"))
}

func mustIndexFS(tb testing.TB, fsys fs.FS) (*search.Index, *locale.Registry) {
	tb.Helper()
	cat, reg := search.MustCatalog(tb, fsys)
	return search.New(cat), reg
}

func TestSearch(t *testing.T) {
	ix, reg := MustIndex(t)
	tests := []struct {
		name, locale, query string
		want                []string // slugs, best first
		wantLocale          string   // of the first result's text
		wantMark            string   // a marked fragment of the first result's snippet
	}{
		{"en word in title and body", "en", "street", []string{"safety", "fraud"}, "en", "street"},
		{"en case", "en", "SCAM", []string{"fraud"}, "en", "scam"},
		{"en prefix", "en", "recei", []string{"fraud"}, "en", "receipt"},
		{"en two words", "en", "report fraud", []string{"fraud"}, "en", "fraud"},
		{"en other language not searched", "en", "arnaque", nil, "", ""},
		{"fr without accents", "fr", "securite", []string{"safety"}, "fr", "sécurité"},
		{"fr cedilla", "fr", "RECU", []string{"fraud"}, "fr", "reçu"},
		{"fr circumflex", "fr", "impot", []string{"fraud"}, "fr", "impôt"},
		{"fr apostrophe", "fr", "quelqu'un", []string{"safety"}, "fr", "quelqu"},
		{"ar without harakat", "ar", "شوارع", []string{"safety"}, "ar", "شوارعَ"},
		{"ar alef madda and tanween", "ar", "امنا", []string{"safety"}, "ar", "آمناً"},
		{"ar alef maksura and hamza", "ar", "الى", []string{"safety"}, "ar", "إلى"},
		{"ar teh marbuta as heh, article", "ar", "الشرطه", []string{"fraud", "safety"}, "ar", "الشرطة"},
		{"ar without article", "ar", "احتيال", []string{"fraud"}, "ar", "الاحتيال"},
		{"ar tatweel", "ar", "الـشـارع", []string{"safety"}, "ar", "الشارع"},
		{"fa arabic yeh", "fa", "خيابان", []string{"safety"}, "fa", "خیابان"},
		{"fa arabic kaf", "fa", "يك", []string{"safety"}, "fa", "یک"},
		{"fa without zwnj", "fa", "میروید", []string{"safety"}, "fa", "می\u200cروید"},
		{"fa falls back to english", "fa", "fraud", []string{"fraud"}, "en", "fraud"},
		{"zh-Hant bigram", "zh-Hant", "安全", []string{"safety"}, "zh-Hant", "安全"},
		{"zh-Hant phrase in other words", "zh-Hant", "街道行走", []string{"safety"}, "zh-Hant", "街道"},
		{"zh-Hant finds simplified fallback", "zh-Hant", "诈骗", []string{"fraud"}, "zh-Hans", "诈骗"},
		{"zh-Hant single character", "zh-Hant", "街", []string{"safety"}, "zh-Hant", "街"},
		{"ta falls back to english", "ta", "scam", []string{"fraud"}, "en", "scam"},
		{"digits", "ar", "٩١١", []string{"safety"}, "ar", "911"},
		{"nothing", "fr", "xylophone", nil, "", ""},
		{"only punctuation", "en", "?!", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ok := reg.Get(tt.locale)
			if !ok {
				t.Fatalf("no locale %s", tt.locale)
			}
			results := ix.Search(tt.query, l.Chain, 10)
			var slugs []string
			for _, r := range results {
				slugs = append(slugs, r.Slug)
			}
			if diff := cmp.Diff(tt.want, slugs); diff != "" {
				t.Fatalf("Search(%q) slugs (-want +got):\n%s", tt.query, diff)
			}
			if len(results) == 0 {
				return
			}
			if got := results[0].Locale.ID; got != tt.wantLocale {
				t.Fatalf("Locale=%v, want %v", got, tt.wantLocale)
			}
			if marks := marked(results[0].Snippet); !contains(marks, tt.wantMark) {
				t.Fatalf("marked=%q, want %q among them (snippet %q)", marks, tt.wantMark, plain(results[0].Snippet))
			}
		})
	}
}

func marked(fs []search.Fragment) []string {
	var out []string
	for _, f := range fs {
		if f.Match {
			out = append(out, f.Text)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

func plain(fs []search.Fragment) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Text)
	}
	return b.String()
}

// TestSnippetIsThePassage: fragments put together are the passage's own text, so that
// nothing is lost or doubled around marks.
func TestSnippetIsThePassage(t *testing.T) {
	ix, reg := MustIndex(t)
	en, _ := reg.Get("en")
	r := ix.Search("message receipt", en.Chain, 1)
	if len(r) != 1 {
		t.Fatalf("results=%d, want 1", len(r))
	}
	want := "Call the police. Keep every message and receipt. A scammer may also stop you on the street."
	if got := plain(r[0].Snippet); got != want {
		t.Fatalf("snippet=%q, want %q", got, want)
	}
	if diff := cmp.Diff([]string{"message", "receipt"}, marked(r[0].Snippet)); diff != "" {
		t.Fatalf("marks (-want +got):\n%s", diff)
	}
}

func TestSearchLimit(t *testing.T) {
	ix, reg := MustIndex(t)
	en, _ := reg.Get("en")
	if got := len(ix.Search("street", en.Chain, 1)); got != 1 {
		t.Fatalf("results=%d, want 1", got)
	}
}

func FuzzSearch(f *testing.F) {
	ix, reg := MustIndex(f)
	ar, _ := reg.Get("ar")
	for _, s := range []string{"securite", "الشرطه", "街道行走", "\u0640\u064b", "a\u0301\u0301", strings.Repeat("ab ", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, r := range ix.Search(q, ar.Chain, 5) {
			if r.Slug == "" || len(r.Snippet) == 0 {
				t.Fatalf("Search(%q) gave an empty result %+v", q, r)
			}
		}
	})
}
