package search

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

// tokenizerPassages is passages done by an HTML tokenizer: what passages must agree with.
func tokenizerPassages(body string) []string {
	breaks := map[atom.Atom]bool{
		atom.P: true, atom.Li: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
		atom.Td: true, atom.Th: true, atom.Blockquote: true, atom.Pre: true, atom.Br: true, atom.Tr: true,
	}
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
			if breaks[atom.Lookup(name)] {
				flush()
			}
		}
	}
}

func TestPassagesAsATokenizerReadsThem(t *testing.T) {
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := pamphlet.Load(outreach.Content(), s, reg)
	if err != nil {
		t.Fatal(err)
	}
	bodies := []string{
		"", "plain", "<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x41; &nbsp;f</p>",
		"<h2 id=\"s1\">Title</h2>\n<ul>\n<li>one <em>two</em></li>\n<li><p>three</p></li>\n</ul>",
		"<table><thead><tr><th align=\"left\">A</th></tr></thead><tbody><tr><td>b<br>c</td></tr></tbody></table>",
		"<P>upper</P><BR/>x", "<blockquote>\n<p>q</p>\n</blockquote><pre><code>x  y\n z</code></pre>",
		"<p>call <a class=\"tel\" href=\"tel:911\" dir=\"ltr\">9-1-1</a> now</p>",
	}
	n := 0
	for _, p := range cat.All() {
		for _, tr := range p.Translations {
			bodies = append(bodies, tr.HTML)
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d translations in the default content, want the whole catalog", n)
	}
	for _, body := range bodies {
		if got, want := passages(body), tokenizerPassages(body); !slices.Equal(got, want) {
			t.Fatalf("passages(%.80q)=%q\nwant %q", body, got, want)
		}
	}
}

func TestCollapseSpaceAsFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", "  a  b\t\tc\n", "\u00a0x\u3000y\u2028", "ctl\x01\x1f\x7fz", "bad\xff\xfe utf8 ", "é  è", "\x85lead", "x\u200by",
		"\xd8\xe2\x80\x80x", "\xe4 \xb8\xad", "\x80\x80 \x80", "م\u00a0ن", "中\u3000文", "\xc2", "\xe2\x80", "\xd8\x80\x80\u2003y"} {
		want := strings.Join(strings.Fields(s), " ")
		if got := collapseSpace([]byte(s)); got != want {
			t.Fatalf("collapseSpace(%q)=%q, want %q", s, got, want)
		}
	}
}
