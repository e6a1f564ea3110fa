package search

import (
	"slices"

	"github.com/outreach-project/outreach/internal/pamphlet"
)

// builder cuts translations into passages and tokens for one indexing worker. It
// numbers the terms it meets in its own order (New maps the numbers to the index's)
// and remembers how each word of the text normalises, since a text repeats its words.
type builder struct {
	words   map[string]int32 // a word as written -> its term's number, -1 for none
	numbers map[string]int32 // a term -> its number
	terms   []string         // by number
	variant []int32          // by number: the number of the term's variant, -1 for none

	tf      [][numFields]int32 // by number: the counts of the document being built
	touched []int32            // the numbers counted in the document being built
	tokens  []storedToken      // the document being cut
}

// termCount is how often one term occurs in each field of a document.
type termCount struct {
	term int32
	tf   [numFields]int32
}

func newBuilder() *builder {
	return &builder{words: make(map[string]int32), numbers: make(map[string]int32)}
}

// doc cuts a translation into passages and counts its terms, variants included. The
// passages' tokens share one array, allocated once the document is cut.
func (b *builder) doc(slug string, t *pamphlet.Translation) (doc, []termCount) {
	body := passages(t.HTML)
	d := doc{slug: slug, t: t, passages: make([]passage, 0, 2+len(body))}
	b.tokens = b.tokens[:0]
	ends := make([]int, 0, cap(d.passages)) // ends[i]: the end of passage i's tokens in b.tokens
	add := func(field int, text string) {
		b.passage(field, text)
		d.passages = append(d.passages, passage{field: field, text: text})
		ends = append(ends, len(b.tokens))
	}
	add(fieldTitle, t.Title)
	add(fieldSummary, t.Summary)
	for _, text := range body {
		add(fieldBody, text)
	}
	tokens := slices.Clone(b.tokens)
	start := 0
	for i, end := range ends {
		if end > start {
			d.passages[i].tokens = tokens[start:end:end]
		}
		start = end
	}
	counts := make([]termCount, len(b.touched))
	for i, id := range b.touched {
		counts[i] = termCount{term: id, tf: b.tf[id]}
		b.tf[id] = [numFields]int32{}
	}
	b.touched = b.touched[:0]
	return d, counts
}

// passage appends the tokens of one passage of a document to b.tokens and counts them.
func (b *builder) passage(field int, text string) {
	scan(text, func(start, end int, word bool) {
		id := b.word(text[start:end], word)
		if id < 0 {
			return
		}
		b.tokens = append(b.tokens, storedToken{term: id, start: int32(start), end: int32(end)})
		b.count(id, field)
		if v := b.variant[id]; v >= 0 {
			b.count(v, field)
		}
	})
}

// word is the number of the term a word or bigram as written stands for, or -1 for a
// word that normalises to nothing.
func (b *builder) word(w string, isWord bool) int32 {
	if id, ok := b.words[w]; ok {
		return id
	}
	term := normalizeWord(w)
	id := int32(-1)
	if term != "" || !isWord {
		id = b.number(term)
		if v, ok := variant(term); ok && isWord {
			vid := b.number(v)
			b.variant[id] = vid
		}
	}
	b.words[w] = id
	return id
}

func (b *builder) number(term string) int32 {
	if id, ok := b.numbers[term]; ok {
		return id
	}
	id := int32(len(b.terms))
	b.numbers[term] = id
	b.terms = append(b.terms, term)
	b.variant = append(b.variant, -1)
	b.tf = append(b.tf, [numFields]int32{})
	return id
}

func (b *builder) count(id int32, field int) {
	c := &b.tf[id]
	if *c == ([numFields]int32{}) {
		b.touched = append(b.touched, id)
	}
	c[field]++
}
