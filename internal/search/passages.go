package search

import (
	"strings"

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
	var cur strings.Builder
	flush := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			flush()
			return out
		case html.TextToken:
			cur.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if passageBreaks[atom.Lookup(name)] {
				flush()
			}
		}
	}
}
