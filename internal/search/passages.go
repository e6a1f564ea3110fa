package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// passageBreaks are the elements that end a passage of rendered pamphlet HTML.
var passageBreaks = map[string]bool{
	"p": true, "li": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"td": true, "th": true, "blockquote": true, "pre": true, "br": true, "tr": true,
}

// passages splits rendered pamphlet HTML into its plain-text paragraphs, list items,
// headings and table cells, in order.
//
// It reads only what the pamphlet renderer writes, not HTML at large: every '<' starts
// a tag that ends at the next '>' (text and attribute values have theirs escaped, and
// raw HTML, comments included, never reaches a pamphlet), and text holds entities,
// which are unescaped as an HTML parser would. A test holds it to golang.org/x/net/html's
// tokenizer on every default pamphlet.
func passages(body string) []string {
	var out []string
	var cur []byte
	flush := func() {
		if t := collapseSpace(cur); t != "" {
			out = append(out, t)
		}
		cur = cur[:0]
	}
	text := func(t string) {
		if strings.IndexByte(t, '&') >= 0 {
			t = html.UnescapeString(t)
		}
		cur = append(cur, t...)
	}
	for len(body) > 0 {
		lt := strings.IndexByte(body, '<')
		if lt < 0 {
			text(body)
			break
		}
		text(body[:lt])
		gt := strings.IndexByte(body[lt:], '>')
		if gt < 0 {
			break // an unclosed tag ends the document
		}
		if passageBreaks[tagName(body[lt+1:lt+gt])] {
			flush()
		}
		body = body[lt+gt+1:]
	}
	flush()
	return out
}

// tagName is the lower-case name of the tag whose text between '<' and '>' is tag.
func tagName(tag string) string {
	tag = strings.TrimPrefix(tag, "/")
	if i := strings.IndexAny(tag, " \t\n\r\f/"); i >= 0 {
		tag = tag[:i]
	}
	for i := 0; i < len(tag); i++ {
		if c := tag[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(tag)
		}
	}
	return tag
}

// collapseSpace is b with leading and trailing white space removed and every run of it
// inside made one space, as strings.Join(strings.Fields(s), " ") does. It works in b,
// which it overwrites.
func collapseSpace(b []byte) string {
	w := 0 // b[:w] is the result so far
	space := false
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c > ' ' || (c != ' ' && !unicode.IsSpace(rune(c))) {
				if space && w > 0 {
					b[w] = ' '
					w++
				}
				space = false
				b[w] = c
				w++
			} else {
				space = true
			}
			i++
			continue
		}
		size := 1
		var r rune
		if mayBeWideSpace(c) {
			r, size = utf8.DecodeRune(b[i:])
		} else {
			// No space starts with c: copy it with its continuation bytes (a space
			// never starts with one) without decoding them.
			for i+size < len(b) && b[i+size]&0xc0 == 0x80 {
				size++
			}
		}
		if isWideSpace(r) {
			space = true
		} else {
			if space && w > 0 {
				b[w] = ' '
				w++
			}
			space = false
			w += copy(b[w:], b[i:i+size])
		}
		i += size
	}
	return string(b[:w])
}

// mayBeWideSpace says whether a byte of UTF-8 at or above utf8.RuneSelf can begin a
// rune isWideSpace reports (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000). Most text
// beyond ASCII (Arabic, Cyrillic, Chinese) never needs decoding.
func mayBeWideSpace(c byte) bool { return c == 0xc2 || c == 0xe1 || c == 0xe2 || c == 0xe3 }

// isWideSpace is unicode.IsSpace for runes beyond ASCII: the White_Space property,
// spelled out because it is asked of every character of every non-Latin pamphlet.
func isWideSpace(r rune) bool {
	switch {
	case r == 0x85, r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a, r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}
