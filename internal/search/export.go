package search

import (
	"encoding/json"
	"math"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Export is the translations of one locale, already tokenised and normalised, for a
// browser that searches without the server (the library kiosk offline). A reader's
// search covers the exports of the locales of their fallback chain. A client that
// normalises and tokenises only the query as this package does, and scores as Search
// does with these terms, rarities and parameters, finds what Search finds. Exports
// hold nothing of the reader's chain, so one serves every reader whose chain has it.
type Export struct {
	Params Params `json:"params"`
	Locale string `json:"locale"`
	// IDF is a term's rarity in the whole index (every locale) by the number of
	// documents that hold it: log(1 + documents/(n + 1)).
	IDF []float64 `json:"idf"`
	// Terms are every term of Docs, in the index's (byte-wise) order.
	Terms []ExportTerm `json:"terms"`
	// Caps are the prefixes of Terms that begin more than Params.MaxExpansions terms of
	// the whole index: such a prefix, as a query term, stands only for the terms whose
	// Order is at most Last, as in Search. Sorted by prefix.
	Caps []PrefixCap `json:"caps"`
	// Docs are the translations written in Locale, in the index's order.
	Docs []ExportDoc `json:"docs"`
}

// Params are the constants of ranking and snippets.
type Params struct {
	FieldWeight   [numFields]float64 `json:"fieldWeight"` // title, summary, body
	Saturation    float64            `json:"saturation"`  // tf/(tf+Saturation)
	Variant       float64            `json:"variant"`     // weight of a query word without its Arabic article
	Prefix        float64            `json:"prefix"`      // weight of a word a query term begins
	Fallback      float64            `json:"fallback"`    // penalty per step down the fallback chain
	MaxExpansions int                `json:"maxExpansions"`
	MaxQueryBytes int                `json:"maxQueryBytes"` // in UTF-8
	MaxQueryTerms int                `json:"maxQueryTerms"`
	SnippetRunes  int                `json:"snippetRunes"`
}

// ExportTerm is one normalised term; it is written as the JSON array
// [text, docs, order, variant].
type ExportTerm struct {
	Text    string
	Docs    int // documents of the whole index that hold it: its rarity is IDF[Docs]
	Order   int // its position among every term of the whole index, sorted
	Variant int // the index in Terms of the same word without its Arabic article, or -1
}

// MarshalJSON writes the term as an array, to keep the export small.
func (t ExportTerm) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{t.Text, t.Docs, t.Order, t.Variant})
}

// PrefixCap is a prefix that stands for only the terms up to Order Last.
type PrefixCap struct {
	Prefix string `json:"p"`
	Last   int    `json:"last"`
}

// ExportDoc is one translation: its passages, title first, then summary, then body.
// N, its position in the whole index, breaks ties between two translations of a
// pamphlet.
type ExportDoc struct {
	Slug     string          `json:"slug"`
	N        int             `json:"n"`
	Passages []ExportPassage `json:"passages"`
}

// ExportPassage is a passage's text and its tokens, in order. Tokens is flat, three
// numbers a token: [term, skip, length, …], where term indexes Export.Terms, the token
// starts skip after the previous token's start (the first, after the passage's), and
// skip and length count UTF-16 code units, as JavaScript strings do.
type ExportPassage struct {
	Field  int    `json:"f"` // 0 title, 1 summary, 2 body
	Text   string `json:"t"`
	Tokens []int  `json:"k"`
}

// Export is the translations written in locale id. It is the same for the same
// content.
func (ix *Index) Export(id string) Export {
	out := Export{Locale: id, Params: Params{
		FieldWeight: fieldWeight, Saturation: 1.2, Variant: 0.8, Prefix: 0.6, Fallback: 0.1,
		MaxExpansions: maxExpansions, MaxQueryBytes: maxQueryBytes, MaxQueryTerms: maxQueryTerms, SnippetRunes: snippetRunes,
	}}
	used := make([]bool, len(ix.terms)) // by position in ix.terms
	var docs []int
	for n, d := range ix.docs {
		if d.t.Locale.ID != id {
			continue
		}
		docs = append(docs, n)
		for _, ps := range d.passages {
			for _, tok := range ps.tokens {
				used[tok.term] = true
				if v, ok := variant(ix.terms[tok.term]); ok {
					if vid := ix.termID(v); vid >= 0 { // always: New counts variants
						used[vid] = true
					}
				}
			}
		}
	}
	out.Terms, out.IDF, out.Caps = ix.exportTerms(used)
	index := make([]int, len(ix.terms)) // position in ix.terms -> in out.Terms
	for i, t := range out.Terms {
		index[t.Order] = i
	}
	for _, n := range docs {
		ed := ExportDoc{Slug: ix.docs[n].slug, N: n}
		for _, ps := range ix.docs[n].passages {
			ed.Passages = append(ed.Passages, exportPassage(ps, index))
		}
		out.Docs = append(out.Docs, ed)
	}
	return out
}

// exportTerms lists the used terms in the index's order, the rarity of each number of
// documents up to the largest, and the prefixes of the terms that Search cuts short.
func (ix *Index) exportTerms(used []bool) ([]ExportTerm, []float64, []PrefixCap) {
	var terms []ExportTerm
	maxDocs := 0
	for order, text := range ix.terms {
		if used[order] {
			n := len(ix.postings[order])
			terms = append(terms, ExportTerm{Text: text, Docs: n, Order: order, Variant: -1})
			maxDocs = max(maxDocs, n)
		}
	}
	idf := make([]float64, maxDocs+1)
	for n := range idf {
		idf[n] = math.Log(1 + float64(len(ix.docs))/float64(n+1))
	}
	index := make(map[string]int, len(terms))
	for i, t := range terms {
		index[t.Text] = i
	}
	var caps []PrefixCap
	seen := make(map[string]bool)
	for i := range terms {
		if vs := variants(terms[i].Text); len(vs) > 0 {
			if v, ok := index[vs[0]]; ok {
				terms[i].Variant = v
			}
		}
		for _, p := range prefixes(terms[i].Text) {
			if seen[p] {
				continue
			}
			seen[p] = true
			first := sort.SearchStrings(ix.terms, p)
			if end := first + maxExpansions; end < len(ix.terms) && strings.HasPrefix(ix.terms[end], p) {
				caps = append(caps, PrefixCap{Prefix: p, Last: end - 1})
			}
		}
	}
	sort.Slice(caps, func(i, j int) bool { return caps[i].Prefix < caps[j].Prefix })
	return terms, idf, caps
}

// prefixes are the beginnings of term (itself included) that a query term can be and
// still match the words it begins (see prefixable).
func prefixes(term string) []string {
	var out []string
	for i := range term {
		if i > 0 && prefixable(term[:i]) {
			out = append(out, term[:i])
		}
	}
	if prefixable(term) {
		out = append(out, term)
	}
	return out
}

func exportPassage(ps passage, index []int) ExportPassage {
	ep := ExportPassage{Field: ps.field, Text: ps.text, Tokens: make([]int, 0, 3*len(ps.tokens))}
	units, at := 0, 0 // UTF-16 units before byte offset at
	toUnits := func(b int) int {
		for at < b {
			r, size := utf8.DecodeRuneInString(ps.text[at:])
			units += utf16.RuneLen(r)
			at += size
		}
		return units
	}
	prev := 0
	for _, tok := range ps.tokens { // in order of start; a bigram's end passes the next start
		start := toUnits(int(tok.start))
		ep.Tokens = append(ep.Tokens, index[tok.term], start-prev, utf16Len(ps.text[tok.start:tok.end]))
		prev = start
	}
	return ep
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
