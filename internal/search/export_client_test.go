package search_test

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/search"
)

// TestExport: the export of a locale holds its translations, each token's offsets (in
// UTF-16 units) cover text that normalises to its term, and the same index gives the
// same bytes.
func TestExport(t *testing.T) {
	ix, _ := MustIndex(t)
	for _, id := range []string{"en", "fr", "ar", "fa", "zh-Hant"} {
		t.Run(id, func(t *testing.T) {
			ex := ix.Export(id)
			if len(ex.Docs) == 0 || ex.Locale != id {
				t.Fatalf("Locale=%v Docs=%d, want the translations in %s", ex.Locale, len(ex.Docs), id)
			}
			for _, d := range ex.Docs {
				if len(d.Passages) < 2 || d.Passages[0].Field != 0 || d.Passages[1].Field != 1 {
					t.Fatalf("doc %s/%s does not start with its title and summary", d.Slug, id)
				}
				for _, p := range d.Passages {
					checkTokens(t, ex, p)
				}
			}
			for i, term := range ex.Terms {
				if i > 0 && (ex.Terms[i-1].Text >= term.Text || ex.Terms[i-1].Order >= term.Order) {
					t.Fatalf("terms %q and %q out of order", ex.Terms[i-1].Text, term.Text)
				}
				if term.Docs < 1 || term.Docs >= len(ex.IDF) || ex.IDF[term.Docs] <= 0 {
					t.Fatalf("term %q in %d documents, IDF has %d", term.Text, term.Docs, len(ex.IDF))
				}
			}
			a, err := json.Marshal(ex)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(ix.Export(id))
			if string(a) != string(b) {
				t.Fatalf("two exports differ")
			}
		})
	}
}

func checkTokens(t *testing.T, ex search.Export, p search.ExportPassage) {
	t.Helper()
	units := utf16.Encode([]rune(p.Text))
	if len(p.Tokens)%3 != 0 {
		t.Fatalf("passage %q: %d token numbers, want triples", p.Text, len(p.Tokens))
	}
	start := 0
	for i := 0; i < len(p.Tokens); i += 3 {
		term := p.Tokens[i]
		start += p.Tokens[i+1]
		end := start + p.Tokens[i+2]
		if p.Tokens[i+1] < 0 || end > len(units) || start >= end || term < 0 || term >= len(ex.Terms) {
			t.Fatalf("passage %q: token %v out of range", p.Text, p.Tokens[i:i+3])
		}
		got := search.Normalize(string(utf16.Decode(units[start:end])))
		if want := ex.Terms[term].Text; got != want {
			t.Fatalf("passage %q: text at [%d,%d) normalises to %q, want term %q", p.Text, start, end, got, want)
		}
	}
}

// TestExportCaps: a prefix that begins more words of the whole index than one query
// term may stand for is listed with the last word it stands for, and Search indeed
// stops there: "sec" does not reach the English "secure" past 70 French words "seca…",
// "secu" does.
func TestExportCaps(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{"site.toml", "fraud/en.md", "fraud/fr.md"} {
		data, err := os.ReadFile("testdata/content/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	var words []string
	for i := 0; i < 70; i++ {
		words = append(words, "seca"+string(rune('a'+i/26))+string(rune('a'+i%26)))
	}
	fsys["fraud/fr.md"].Data = append(fsys["fraud/fr.md"].Data, "\n"+strings.Join(words, " ")+"\n"...)
	fsys["fraud/en.md"].Data = append(fsys["fraud/en.md"].Data, "\nKeep your home secure.\n"...)
	ix, reg := mustIndexFS(t, fsys)
	en, _ := reg.Get("en")
	ex := ix.Export("en")
	var caps []search.PrefixCap
	for _, c := range ex.Caps {
		if strings.HasPrefix(c.Prefix, "sec") {
			caps = append(caps, c)
		}
	}
	// No English word begins "seca": that prefix is not the English export's concern.
	// "sec" stands for the first 64 French words, none of them English.
	var orders []int // of every word beginning "sec", in English and French
	for _, id := range []string{"en", "fr"} {
		for _, term := range ix.Export(id).Terms {
			if strings.HasPrefix(term.Text, "sec") {
				orders = append(orders, term.Order)
			}
		}
	}
	sort.Ints(orders)
	last := orders[ex.Params.MaxExpansions-1]
	if diff := cmp.Diff([]search.PrefixCap{{Prefix: "sec", Last: last}}, caps); diff != "" {
		t.Fatalf("caps (-want +got):\n%s", diff)
	}
	if got := len(ix.Search("sec", en.Chain, 10)); got != 0 {
		t.Fatalf("Search(sec)=%d results, want 0: the prefix stops after %d words", got, ex.Params.MaxExpansions)
	}
	if got := len(ix.Search("secu", en.Chain, 10)); got != 1 {
		t.Fatalf("Search(secu)=%d results, want 1", got)
	}
}
