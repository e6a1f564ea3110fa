package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// folder folds case the Unicode way (ß is ss, Σ σ ς are one letter); it is stateless
// and safe for concurrent use.
var folder = cases.Fold()

// arabicFold maps Arabic-script letters that readers type interchangeably to one form.
// Alef with hamza or madda needs no entry: NFKD splits it into alef and a mark, which
// normalise drops.
var arabicFold = map[rune]rune{
	'ٱ': 'ا', // alef wasla
	'ى': 'ي', // alef maksura
	'ی': 'ي', // Farsi yeh
	'ې': 'ي', // Pashto yeh
	'ک': 'ك', // keheh (Persian kaf)
	'ة': 'ه', // teh marbuta: written as heh in Persian and in careless Arabic
	'ۀ': 'ه', // heh with yeh above
	'ہ': 'ه', // Urdu heh goal
	'ە': 'ه', // Kurdish ae
}

// normalizeWord returns the form of one word that the index stores and queries look
// up: compatibility-decomposed, marks dropped after letters of scripts where they are
// optional (Latin, Greek and Cyrillic accents, Arabic harakat), recomposed, case
// folded, Arabic-script variants unified, tatweel and zero-width joiners removed, and
// Arabic-Indic digits made ASCII (phone numbers are typed either way).
//
// Marks after letters of other scripts (Indic vowel signs, Thai tone marks) are part
// of the spelling and kept.
func normalizeWord(w string) string {
	if ascii, ok := asciiLower(w); ok {
		return ascii
	}
	d := norm.NFKD.String(w)
	out := make([]rune, 0, len(d))
	dropMarks := false
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			if dropMarks {
				continue
			}
		case r == 'ـ', r == '\u200c', r == '\u200d', r == '\u00ad':
			continue // tatweel, ZWNJ, ZWJ, soft hyphen
		default:
			dropMarks = optionalMarks(r)
		}
		if f, ok := arabicFold[r]; ok {
			r = f
		}
		out = append(out, arabicDigit(r))
	}
	return folder.String(norm.NFC.String(string(out)))
}

// asciiLower is the fast path of normalizeWord for plain ASCII words.
func asciiLower(w string) (string, bool) {
	upper := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		upper = upper || (c >= 'A' && c <= 'Z')
	}
	if !upper {
		return w, true
	}
	return strings.ToLower(w), true
}

// optionalMarks says whether combining marks after r are diacritics a reader may leave
// out.
func optionalMarks(r rune) bool {
	return unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Arabic, unicode.Hebrew)
}

func arabicDigit(r rune) rune {
	switch {
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	}
	return r
}

// unspaced says whether r belongs to a script written without spaces between words,
// which is searched by character bigrams.
func unspaced(r rune) bool {
	if r < 0x0e00 { // below Thai: no unspaced script
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// wordRune says whether r continues a word: letters, marks, digits and the joiners
// Persian writes inside words.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) ||
		r == 'ـ' || r == '\u200c' || r == '\u200d' || r == '\u00ad'
}

// token is one searchable unit of a text and where it came from.
type token struct {
	text       string   // normalised
	variants   []string // other index forms of text (see variants)
	start, end int      // byte offsets in the original text
}

// tokenize cuts s into normalised words, and runs of unspaced scripts into
// overlapping character bigrams (a lone character stays a unigram). A word that
// normalises to nothing is left out.
func tokenize(s string) []token {
	var out []token
	scan(s, func(start, end int, word bool) {
		w := normalizeWord(s[start:end])
		if word && w == "" {
			return
		}
		var vs []string
		if word {
			vs = variants(w)
		}
		out = append(out, token{text: w, variants: vs, start: start, end: end})
	})
	return out
}

// scan calls emit with the byte offsets of each word of s (word is true) and of each
// character bigram of a run of an unspaced script (a lone character stays a unigram;
// word is false), in order of their start.
func scan(s string, emit func(start, end int, word bool)) {
	classes := basicClasses()
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c := classOf(classes, r)
		if c&classWord == 0 {
			i += size
			continue
		}
		start := i
		cjk := c&classUnspaced != 0
		for i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
			c = classOf(classes, r)
			if c&classWord == 0 || ((c&classUnspaced != 0) != cjk && c&classMark == 0) {
				break
			}
			i += size
		}
		if cjk {
			bigrams(s, start, i, classes, emit)
			continue
		}
		emit(start, i, true)
	}
}

// bigrams emits the character bigrams of s[start:end], a run of an unspaced script; a
// character's marks stay with it.
func bigrams(s string, start, end int, classes *[1 << 16]uint8, emit func(start, end int, word bool)) {
	var stack [64]int
	bounds := stack[:0] // start offset of each character
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if classOf(classes, r)&classMark == 0 || len(bounds) == 0 {
			bounds = append(bounds, i)
		}
		i += size
	}
	bounds = append(bounds, end)
	chars := len(bounds) - 1
	if chars == 1 {
		emit(start, end, false)
		return
	}
	for c := 0; c+1 < chars; c++ {
		emit(bounds[c], bounds[c+2], false)
	}
}

// What scan needs to know of a rune: whether it continues a word (wordRune), is a
// combining mark, belongs to an unspaced script.
const (
	classWord = 1 << iota
	classMark
	classUnspaced
)

// basicClasses is the class of every rune of the Basic Multilingual Plane, worked out
// once: looking a rune up in Unicode's range tables three times is most of the cost of
// tokenising.
var basicClasses = sync.OnceValue(func() *[1 << 16]uint8 {
	var t [1 << 16]uint8
	for r := range rune(len(t)) {
		t[r] = computeClass(r)
	}
	return &t
})

func classOf(t *[1 << 16]uint8, r rune) uint8 {
	if r < 1<<16 {
		return t[r]
	}
	return computeClass(r)
}

func computeClass(r rune) uint8 {
	var c uint8
	if wordRune(r) {
		c |= classWord
	}
	if unicode.IsMark(r) {
		c |= classMark
	}
	if unspaced(r) {
		c |= classUnspaced
	}
	return c
}

// arabicArticle is the definite article, written joined to its noun: "الشرطة" should
// be found by "شرطة".
const arabicArticle = "ال"

// variants are the index forms of a word beyond itself: an Arabic-script word without
// its article.
func variants(w string) []string {
	if v, ok := variant(w); ok {
		return []string{v}
	}
	return nil
}

// variant is w without its Arabic article (alone or after و ب ف ك), when at least two
// letters remain.
func variant(w string) (string, bool) {
	if len(w) <= len(arabicArticle) || w[0] < utf8.RuneSelf { // too short, or not Arabic script
		return "", false
	}
	for _, prefix := range [...]string{"وال", "بال", "فال", "كال", arabicArticle} {
		if rest, ok := cutPrefix(w, prefix); ok && utf8.RuneCountInString(rest) >= 2 {
			return rest, true
		}
	}
	return "", false
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return s, false
}
