package search

import (
	"strings"
	"testing"
)

// TestQueryAsLongAsTheBoxAllows: every word of a 200-character query counts, in any
// script; only what lies beyond the limit in bytes is left out.
func TestQueryAsLongAsTheBoxAllows(t *testing.T) {
	for _, tt := range []struct{ name, filler, last string }{
		{"Arabic", "ب", "احتيال"},
		{"Chinese", "字", "诈"},
		{"Tigrinya", "ሀ", "ፖሊስ"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := strings.Repeat(tt.filler, 200-len([]rune(tt.last))-1) + " " + tt.last
			terms := parseQuery(q)
			if len(terms) == 0 || terms[len(terms)-1] != normalizeWord(tt.last) {
				t.Fatalf("parseQuery(%d characters, %d bytes) ends with %q, want the last word %q", len([]rune(q)), len(q), terms[len(terms)-1:], normalizeWord(tt.last))
			}
		})
	}
	if terms := parseQuery(strings.Repeat("a", maxQueryBytes) + " police"); len(terms) != 1 {
		t.Fatalf("a query past %d bytes: terms %q, want the words before the limit only", maxQueryBytes, terms)
	}
}
