package search

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
)

// Fields of a pamphlet, by how much a match in them counts.
const (
	fieldTitle = iota
	fieldSummary
	fieldBody
	numFields
)

var fieldWeight = [numFields]float64{fieldTitle: 4, fieldSummary: 2, fieldBody: 1}

// Limits on a query: a search box is for a few words, not a page of text. The search
// boxes take 200 characters (servers refuse more), which is at most 800 bytes: a query
// a box accepts is never cut short.
const (
	maxQueryBytes = 800
	maxQueryTerms = 16
	maxExpansions = 64  // index terms one prefix may stand for
	snippetRunes  = 200 // longest passage shown whole
)

// Index is every pamphlet translation, searchable. It is built once and safe for
// concurrent use.
type Index struct {
	docs     []doc
	terms    []string    // every indexed term, sorted (prefix matches walk it)
	postings [][]posting // postings[i]: the documents terms[i] occurs in, in document order
}

type doc struct {
	slug     string
	t        *pamphlet.Translation
	passages []passage // title, summary, then the body's
}

type passage struct {
	field  int
	text   string
	tokens []storedToken
}

// storedToken is a token of a passage: its term's position in Index.terms and its
// byte offsets in the passage's text. It holds no pointer, so a large index costs the
// garbage collector nothing to scan.
type storedToken struct {
	term, start, end int32
}

type posting struct {
	doc int32
	tf  [numFields]int32
}

// New indexes every translation of every pamphlet in cat on every core. The index is
// the same however the work is shared (see build).
func New(cat *pamphlet.Catalog) *Index {
	return build(cat, runtime.GOMAXPROCS(0))
}

// source is one translation to index, in catalog order.
type source struct {
	slug string
	t    *pamphlet.Translation
}

// build indexes cat on up to workers goroutines. Every step after the first is split
// the same way: translations are cut into passages and tokenised, each worker numbering
// the terms it meets; each worker sorts its terms and the sorted lists are merged into
// the index's; then contiguous runs of documents have their numbers mapped to the
// index's and their postings written to exactly sized slices at offsets counted in
// advance, so that the postings are in document order and nothing depends on who did
// what.
func build(cat *pamphlet.Catalog, workers int) *Index {
	sources := sourcesOf(cat)
	ix := &Index{docs: make([]doc, len(sources))}
	workers = max(1, min(workers, len(sources)))
	counts := make([][]termCount, len(sources)) // by document, in the worker's numbering
	worker := make([]int, len(sources))
	builders := make([]*builder, workers)
	var next atomic.Int64
	parallel(workers, func(w int) {
		b := newBuilder()
		builders[w] = b
		for i := int(next.Add(1)) - 1; i < len(sources); i = int(next.Add(1)) - 1 {
			ix.docs[i], counts[i] = b.doc(sources[i].slug, sources[i].t)
			worker[i] = w
		}
	})
	var remap [][]int32 // a worker's term number -> position in ix.terms
	ix.terms, remap = mergeTerms(builders)
	ix.postings = fillPostings(ix.docs, counts, worker, remap, len(ix.terms), workers)
	return ix
}

func sourcesOf(cat *pamphlet.Catalog) []source {
	var sources []source
	for _, p := range cat.All() {
		ids := make([]string, 0, len(p.Translations))
		for id := range p.Translations {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			sources = append(sources, source{p.Slug, p.Translations[id]})
		}
	}
	return sources
}

// parallel runs f(0) … f(n-1) on n goroutines and waits for them.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i)
		}()
	}
	wg.Wait()
}

// mergeTerms sorts every builder's terms (each on its own goroutine) and merges the
// sorted lists into one without duplicates. It returns that list and, for each
// builder, where each of its term numbers ended up in it.
func mergeTerms(builders []*builder) ([]string, [][]int32) {
	orders := make([][]int32, len(builders)) // builder w's numbers in the order of their terms
	remap := make([][]int32, len(builders))
	total := 0
	for _, b := range builders {
		total += len(b.terms)
	}
	parallel(len(builders), func(w int) {
		terms := builders[w].terms
		order := make([]int32, len(terms))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int { return strings.Compare(terms[a], terms[b]) })
		orders[w] = order
		remap[w] = make([]int32, len(terms))
	})
	merged := make([]string, 0, total)
	heads := make([]int, len(builders)) // the next of orders[w] to merge
	for {
		least := ""
		found := false
		for w, b := range builders {
			if heads[w] < len(orders[w]) {
				if t := b.terms[orders[w][heads[w]]]; !found || t < least {
					least, found = t, true
				}
			}
		}
		if !found {
			return slices.Clip(merged), remap
		}
		pos := int32(len(merged))
		merged = append(merged, least)
		for w, b := range builders {
			if h := heads[w]; h < len(orders[w]) && b.terms[orders[w][h]] == least {
				remap[w][orders[w][h]] = pos
				heads[w]++
			}
		}
	}
}

// maxChunks bounds how many runs of documents fillPostings counts separately: each
// costs four bytes per term.
const maxChunks = 16

// fillPostings maps every document's term numbers (its counts and its passages'
// tokens) from its worker's numbering to the index's and returns the postings of
// every term in document order. Documents are split into contiguous chunks; each chunk
// counts its documents per term, the counts are summed into each chunk's offset in
// each term's postings, and each chunk writes its part.
func fillPostings(docs []doc, counts [][]termCount, worker []int, remap [][]int32, numTerms, workers int) [][]posting {
	chunks := max(1, min(workers, maxChunks, len(docs)))
	bounds := func(c int) (int, int) { return c * len(docs) / chunks, (c + 1) * len(docs) / chunks }
	at := make([][]int32, chunks) // at[c][term]: how many of chunk c's documents have term, then where c writes next
	parallel(chunks, func(c int) {
		at[c] = make([]int32, numTerms)
		from, to := bounds(c)
		for n := from; n < to; n++ {
			m := remap[worker[n]]
			for i := range counts[n] {
				term := m[counts[n][i].term]
				counts[n][i].term = term
				at[c][term]++
			}
			for _, ps := range docs[n].passages {
				for i := range ps.tokens {
					ps.tokens[i].term = m[ps.tokens[i].term]
				}
			}
		}
	})
	postings := make([][]posting, numTerms)
	lengths := make([]int32, numTerms)
	sum := 0
	for term := range numTerms {
		var run int32
		for c := range at {
			run, at[c][term] = run+at[c][term], run
		}
		lengths[term] = run
		sum += int(run)
	}
	all := make([]posting, sum)
	for term, n := range lengths {
		postings[term], all = all[:n:n], all[n:]
	}
	parallel(chunks, func(c int) {
		from, to := bounds(c)
		for n := from; n < to; n++ {
			for _, tc := range counts[n] {
				postings[tc.term][at[c][tc.term]] = posting{doc: int32(n), tf: tc.tf}
				at[c][tc.term]++
			}
			counts[n] = nil
		}
	})
	return postings
}

// termID is the position of term in the index, or -1.
func (ix *Index) termID(term string) int32 {
	i := sort.SearchStrings(ix.terms, term)
	if i < len(ix.terms) && ix.terms[i] == term {
		return int32(i)
	}
	return -1
}

// Result is one pamphlet that matched.
type Result struct {
	Slug    string
	Title   string         // of the translation that matched
	Locale  *locale.Locale // the language of Title and Snippet
	Snippet []Fragment     // the passage that matched best, matches marked
	Score   float64

	doc int
}

// Fragment is a piece of a snippet; Match says whether it is a searched-for word.
type Fragment struct {
	Text  string
	Match bool
}

// Search finds the pamphlets that a reader of a locale with fallback chain chain can
// read (a translation in any locale of the chain) and that match query, best first,
// at most limit of them. A pamphlet matched in the reader's own locale ranks above
// the same match in a fallback.
func (ix *Index) Search(query string, chain []string, limit int) []Result {
	q := parseQuery(query)
	if len(q) == 0 {
		return nil
	}
	rank := make(map[string]int, len(chain))
	for i, id := range chain {
		rank[id] = i
	}
	type hit struct {
		doc   int
		score float64
	}
	best := make(map[string]hit)
	for d, s := range ix.score(q) {
		r, ok := rank[ix.docs[d].t.Locale.ID]
		if !ok {
			continue
		}
		s *= 1 - 0.1*float64(r)
		slug := ix.docs[d].slug
		if cur, ok := best[slug]; !ok || s > cur.score || (s == cur.score && d < cur.doc) {
			best[slug] = hit{d, s}
		}
	}
	out := make([]Result, 0, len(best))
	for _, h := range best {
		d := ix.docs[h.doc]
		out = append(out, Result{Slug: d.slug, Score: h.score, Title: d.t.Title, Locale: d.t.Locale, doc: h.doc})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Slug < out[j].Slug
	})
	if len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		out[i].Snippet = ix.snippet(out[i].doc, q)
	}
	return out
}

// queryTerm is one word or bigram of a query and the index terms it matches, each
// with how much a match counts.
type queryTerm struct {
	text    string
	matches map[int32]float64 // by position in Index.terms
}

func parseQuery(query string) []string {
	if len(query) > maxQueryBytes {
		query = query[:maxQueryBytes]
		for !utf8.ValidString(query) {
			query = query[:len(query)-1]
		}
	}
	seen := make(map[string]bool)
	var terms []string
	for _, tok := range tokenize(query) {
		if !seen[tok.text] && len(terms) < maxQueryTerms {
			seen[tok.text] = true
			terms = append(terms, tok.text)
		}
	}
	return terms
}

// expand finds the index terms a query term matches: itself, the same word without an
// Arabic article, and (for three letters or more) words it begins.
func (ix *Index) expand(text string) queryTerm {
	qt := queryTerm{text: text, matches: make(map[int32]float64)}
	if id := ix.termID(text); id >= 0 {
		qt.matches[id] = 1
	}
	if v, ok := variant(text); ok {
		if id := ix.termID(v); id >= 0 {
			if _, ok := qt.matches[id]; !ok {
				qt.matches[id] = 0.8
			}
		}
	}
	if !prefixable(text) {
		return qt
	}
	weight := 0.6
	if r, _ := utf8.DecodeRuneInString(text); unspaced(r) {
		weight = 1 // one character of an unspaced script: the bigrams it begins
	}
	i := sort.SearchStrings(ix.terms, text)
	for n := 0; i < len(ix.terms) && n < maxExpansions && strings.HasPrefix(ix.terms[i], text); i, n = i+1, n+1 {
		if _, ok := qt.matches[int32(i)]; !ok {
			qt.matches[int32(i)] = weight
		}
	}
	return qt
}

// score rates every document that matches enough of the query: each term adds its
// rarity times its saturated, field-weighted frequency; documents that match fewer of
// the terms lose in proportion, and those that match under two thirds are dropped.
func (ix *Index) score(terms []string) map[int]float64 {
	total := make(map[int]float64)
	matched := make(map[int]int)
	n := float64(len(ix.docs))
	for _, text := range terms {
		qt := ix.expand(text)
		termScore := make(map[int]float64)
		for term, weight := range qt.matches {
			ps := ix.postings[term]
			idf := math.Log(1 + n/float64(len(ps)+1))
			for _, p := range ps {
				s := weight * idf * weighted(p.tf)
				if d := int(p.doc); s > termScore[d] {
					termScore[d] = s
				}
			}
		}
		for d, s := range termScore {
			total[d] += s
			matched[d]++
		}
	}
	need := (2*len(terms) + 2) / 3
	for d := range total {
		if matched[d] < need {
			delete(total, d)
			continue
		}
		total[d] *= float64(matched[d]) / float64(len(terms))
	}
	return total
}

// prefixable says whether a query term also matches the words it begins: words of three
// letters or more, and a lone character of an unspaced script (the query "街" finds the
// bigram "街頭").
func prefixable(term string) bool {
	n := utf8.RuneCountInString(term)
	if r, _ := utf8.DecodeRuneInString(term); unspaced(r) {
		return n == 1
	}
	return n >= 3
}

func weighted(tf [numFields]int32) float64 {
	s := 0.0
	for f, c := range tf {
		if c > 0 {
			s += fieldWeight[f] * float64(c) / (float64(c) + 1.2)
		}
	}
	return s
}
