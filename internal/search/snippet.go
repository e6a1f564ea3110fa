package search

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// snippet is the passage of document d that matches most of the query's terms (the
// summary when only the title matched), cut to a window around its first match, with
// the matching words marked.
func (ix *Index) snippet(d int, terms []string) []Fragment {
	doc := ix.docs[d]
	bestPassage, bestCount := -1, 0
	for i, ps := range doc.passages {
		if ps.field == fieldTitle {
			continue
		}
		if n := ix.distinctMatches(ps, terms); n > bestCount {
			bestPassage, bestCount = i, n
		}
	}
	if bestPassage < 0 {
		return []Fragment{{Text: crop(doc.passages[fieldSummary].text, 0)}}
	}
	return ix.fragments(doc.passages[bestPassage], terms)
}

func (ix *Index) distinctMatches(ps passage, terms []string) int {
	var seen uint64 // by position in terms (at most maxQueryTerms)
	for _, tok := range ps.tokens {
		for i, term := range terms {
			if matches(ix.terms[tok.term], term) {
				seen |= 1 << i
			}
		}
	}
	return bits.OnesCount64(seen)
}

// matches says whether an indexed word is what a query term looks for: itself, itself
// without an Arabic article either side, or its beginning (see prefixable).
func matches(word, term string) bool {
	prefix := prefixable(term)
	if word == term || (prefix && strings.HasPrefix(word, term)) {
		return true
	}
	if v, ok := variant(word); ok && (v == term || (prefix && strings.HasPrefix(v, term))) {
		return true
	}
	v, ok := variant(term)
	return ok && v == word
}

// fragments marks the matching words of a passage; overlapping bigrams merge into one
// marked run. A long passage is cut to a window that starts near its first match.
func (ix *Index) fragments(ps passage, terms []string) []Fragment {
	type span struct{ start, end int }
	var spans []span
	for _, tok := range ps.tokens {
		matched := false
		for _, term := range terms {
			if matches(ix.terms[tok.term], term) {
				matched = true
				break
			}
		}
		if !matched {
			continue
		}
		start, end := int(tok.start), int(tok.end)
		if n := len(spans); n > 0 && start <= spans[n-1].end {
			spans[n-1].end = max(spans[n-1].end, end)
			continue
		}
		spans = append(spans, span{start, end})
	}
	from := windowStart(ps.text, spans[0].start)
	to := windowEnd(ps.text, from)
	var out []Fragment
	pos := from
	for _, sp := range spans {
		if sp.start < from || sp.end > to {
			continue
		}
		if sp.start > pos {
			out = append(out, Fragment{Text: ps.text[pos:sp.start]})
		}
		out = append(out, Fragment{Text: ps.text[sp.start:sp.end], Match: true})
		pos = sp.end
	}
	if pos < to {
		out = append(out, Fragment{Text: ps.text[pos:to]})
	}
	if from > 0 {
		out = append([]Fragment{{Text: "… "}}, out...)
	}
	if to < len(ps.text) {
		out = append(out, Fragment{Text: " …"})
	}
	return out
}

// windowStart is where a snippet of a long text begins: a few words before the first
// match, at a word boundary.
func windowStart(text string, firstMatch int) int {
	if utf8.RuneCountInString(text) <= snippetRunes {
		return 0
	}
	from := firstMatch
	for n := 0; from > 0 && n < snippetRunes/4; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
	}
	if from == 0 {
		return 0
	}
	if sp := strings.IndexByte(text[from:firstMatch], ' '); sp >= 0 {
		return from + sp + 1
	}
	return from
}

// windowEnd is where a snippet that begins at from ends: after snippetRunes runes, at
// a word boundary when there is one.
func windowEnd(text string, from int) int {
	to := from
	for n := 0; to < len(text) && n < snippetRunes; n++ {
		_, size := utf8.DecodeRuneInString(text[to:])
		to += size
	}
	if to == len(text) {
		return to
	}
	if sp := strings.LastIndexByte(text[from:to], ' '); sp > snippetRunes/2 {
		return from + sp
	}
	return to
}

func crop(text string, from int) string {
	to := windowEnd(text, from)
	if to < len(text) {
		return text[from:to] + " …"
	}
	return text[from:to]
}
