package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// passageBreaks are the elements that end a passage of rendered pamphlet HTML.
var passageBreaks = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Td: true, atom.Th: true, atom.Blockquote: true, atom.Pre: true, atom.Br: true, atom.Tr: true,
}

// passages splits rendered pamphlet HTML into its plain-text paragraphs, list items,
// headings and table cells, in order.
func passages(body string) []string {
	z := html.NewTokenizer(strings.NewReader(body))
	var out []string
	var cur []byte
	flush := func() {
		if t := collapseSpace(cur); t != "" {
			out = append(out, t)
		}
		cur = cur[:0]
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			flush()
			return out
		case html.TextToken:
			cur = append(cur, z.Text()...)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if passageBreaks[atom.Lookup(name)] {
				flush()
			}
		}
	}
}

// collapseSpace is b with leading and trailing white space removed and every run of it
// inside made one space, as strings.Join(strings.Fields(s), " ") does.
func collapseSpace(b []byte) string {
	out := make([]byte, 0, len(b))
	space := false
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		} else if r > ' ' { // the common case: a printable ASCII byte
			if space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = false
			out = append(out, b[i])
			i++
			continue
		}
		if r < utf8.RuneSelf && unicode.IsSpace(r) || r >= utf8.RuneSelf && isWideSpace(r) {
			space = true
		} else {
			if space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = false
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return string(out)
}

// isWideSpace is unicode.IsSpace for runes beyond ASCII: the White_Space property,
// spelled out because it is asked of every character of every non-Latin pamphlet.
func isWideSpace(r rune) bool {
	switch {
	case r == 0x85, r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a, r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}
