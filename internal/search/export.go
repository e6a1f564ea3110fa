package search

import (
	"encoding/json"
	"math"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Export is the part of the index that a reader of one locale searches, already
// tokenised and normalised, for a browser that searches without the server (the
// library kiosk offline). A client that normalises and tokenises only the query as
// this package does, and scores as Search does with these terms, rarities and
// parameters, finds what Search finds.
type Export struct {
	Params Params `json:"params"`
	// Chain is the reader's locale and its fallbacks: a match in Chain[i] counts
	// 1 - Params.Fallback*i.
	Chain []string `json:"chain"`
	// Terms are every term of Docs, in the index's (byte-wise) order.
	Terms []ExportTerm `json:"terms"`
	// Caps are the prefixes that begin more than Params.MaxExpansions terms of the
	// whole index (every locale): such a prefix stands only for the terms whose Order is
	// below First+MaxExpansions, as in Search. Sorted by prefix.
	Caps []PrefixCap `json:"caps"`
	// Docs are the translations written in a locale of Chain, in the index's order,
	// which breaks ties between two translations of a pamphlet.
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
// [text, idf, order, variant].
type ExportTerm struct {
	Text    string
	IDF     float64 // its rarity in the whole index: log(1 + docs/(docs with it + 1))
	Order   int     // its position among every term of the index, sorted
	Variant int     // the index in Terms of the same word without its Arabic article, or -1
}

// MarshalJSON writes the term as an array, to keep the export small.
func (t ExportTerm) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{t.Text, t.IDF, t.Order, t.Variant})
}

// PrefixCap is a prefix that stands for at most MaxExpansions terms, from First.
type PrefixCap struct {
	Prefix string `json:"p"`
	First  int    `json:"first"` // Order of the first term the prefix begins
}

// ExportDoc is one translation: its passages, title first, then summary, then body.
type ExportDoc struct {
	Slug     string          `json:"slug"`
	Locale   string          `json:"locale"`
	Passages []ExportPassage `json:"passages"`
}

// ExportPassage is a passage's text and its tokens, written flat as
// [term, start, end, term, start, end, …]: term indexes Export.Terms, and start and end
// count UTF-16 code units, as JavaScript strings do.
type ExportPassage struct {
	Field  int    `json:"f"` // 0 title, 1 summary, 2 body
	Text   string `json:"t"`
	Tokens []int  `json:"k"`
}

// Export is the index as a reader with fallback chain chain searches it. It is the
// same for the same content and chain.
func (ix *Index) Export(chain []string) Export {
	inChain := make(map[string]bool, len(chain))
	for _, id := range chain {
		inChain[id] = true
	}
	out := Export{Chain: append([]string(nil), chain...), Params: Params{
		FieldWeight: fieldWeight, Saturation: 1.2, Variant: 0.8, Prefix: 0.6, Fallback: 0.1,
		MaxExpansions: maxExpansions, MaxQueryBytes: maxQueryBytes, MaxQueryTerms: maxQueryTerms, SnippetRunes: snippetRunes,
	}}
	used := make(map[string]bool)
	var docs []*doc
	for _, d := range ix.docs {
		if !inChain[d.t.Locale.ID] {
			continue
		}
		docs = append(docs, d)
		for _, ps := range d.passages {
			for _, tok := range ps.tokens {
				used[tok.text] = true
				for _, v := range tok.variants {
					used[v] = true
				}
			}
		}
	}
	out.Terms, out.Caps = ix.exportTerms(used)
	index := make(map[string]int, len(out.Terms))
	for i, t := range out.Terms {
		index[t.Text] = i
	}
	for _, d := range docs {
		ed := ExportDoc{Slug: d.slug, Locale: d.t.Locale.ID}
		for _, ps := range d.passages {
			ed.Passages = append(ed.Passages, exportPassage(ps, index))
		}
		out.Docs = append(out.Docs, ed)
	}
	return out
}

// exportTerms lists the used terms in the index's order with their rarity, and the
// prefixes of them that Search would cut short.
func (ix *Index) exportTerms(used map[string]bool) ([]ExportTerm, []PrefixCap) {
	n := float64(len(ix.docs))
	var terms []ExportTerm
	for order, text := range ix.terms {
		if used[text] {
			idf := math.Log(1 + n/float64(len(ix.postings[text])+1))
			terms = append(terms, ExportTerm{Text: text, IDF: idf, Order: order, Variant: -1})
		}
	}
	index := make(map[string]int, len(terms))
	for i, t := range terms {
		index[t.Text] = i
	}
	caps := make(map[string]int)
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
			if last := first + maxExpansions; last < len(ix.terms) && strings.HasPrefix(ix.terms[last], p) {
				caps[p] = first
			}
		}
	}
	out := make([]PrefixCap, 0, len(caps))
	for p, first := range caps {
		out = append(out, PrefixCap{Prefix: p, First: first})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Prefix < out[j].Prefix })
	return terms, out
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

func exportPassage(ps passage, index map[string]int) ExportPassage {
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
	for _, tok := range ps.tokens { // in order of start; a bigram's end passes the next start
		start := toUnits(tok.start)
		end := start + utf16Len(ps.text[tok.start:tok.end])
		ep.Tokens = append(ep.Tokens, index[tok.text], start, end)
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
