package pamphlet

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/outreach-project/outreach/internal/site"
)

// A placeholder {{site.name}} or {{phone.emergency}} names a fact of the deployment:
// between the braces, a namespace of lower-case letters, a dot and a key of lower-case
// letters, digits and underscores, with optional spaces around them.

// nextPlaceholder finds the first "{{…}}" in line (the shortest, on one line): its start
// and end offsets and what is between the braces; ok is false when there is none.
func nextPlaceholder(line string) (start, end int, inner string, ok bool) {
	start = strings.Index(line, "{{")
	if start < 0 {
		return 0, 0, "", false
	}
	close := strings.Index(line[start+2:], "}}")
	if close < 0 {
		return 0, 0, "", false
	}
	end = start + 2 + close + 2
	return start, end, line[start+2 : end-2], true
}

// parsePlaceholder splits what is between a placeholder's braces into its namespace
// and key; ok is false when it is malformed.
func parsePlaceholder(inner string) (namespace, key string, ok bool) {
	inner = strings.Trim(inner, " \t\r\n\f")
	namespace, key, found := strings.Cut(inner, ".")
	if !found || namespace == "" || key == "" {
		return "", "", false
	}
	for i := 0; i < len(namespace); i++ {
		if c := namespace[i]; c < 'a' || c > 'z' {
			return "", "", false
		}
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return "", "", false
		}
	}
	return namespace, key, true
}

// checkPlaceholders reports every malformed or unknown placeholder in text, whose first
// line is firstLine.
func checkPlaceholders(s *site.Site, text string, firstLine int) []Problem {
	var problems []Problem
	for i := 0; text != ""; i++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if !strings.Contains(line, "{{") && !strings.Contains(line, "}}") {
			continue // most lines: nothing to match
		}
		var left strings.Builder // the line without its placeholders
		for rest := line; ; {
			start, end, inner, ok := nextPlaceholder(rest)
			if !ok {
				left.WriteString(rest)
				break
			}
			if reason := placeholderProblem(s, inner); reason != "" {
				problems = append(problems, Problem{Line: firstLine + i, Reason: reason})
			}
			left.WriteString(rest[:start])
			rest = rest[end:]
		}
		if strings.Contains(left.String(), "{{") || strings.Contains(left.String(), "}}") {
			problems = append(problems, Problem{Line: firstLine + i, Reason: "unclosed placeholder: write {{phone.KEY}}, {{web.KEY}} or {{site.KEY}} on one line"})
		}
	}
	return problems
}

func placeholderProblem(s *site.Site, inner string) string {
	namespace, key, ok := parsePlaceholder(inner)
	if !ok {
		return fmt.Sprintf("malformed placeholder {{%s}}: write {{phone.KEY}}, {{web.KEY}} or {{site.KEY}}", inner)
	}
	if _, ok := s.Fact(namespace, key); !ok {
		return fmt.Sprintf("unknown placeholder {{%s.%s}}: not in the site file", namespace, key)
	}
	return ""
}

// expandPlain replaces placeholders in plain text (titles, summaries) with their values
// for a locale with the fallback chain chain. Text must have passed checkPlaceholders.
func expandPlain(s *site.Site, chain []string, text string) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	var b strings.Builder
	for {
		start, end, inner, ok := nextPlaceholder(text)
		if !ok {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:start])
		namespace, key, _ := parsePlaceholder(inner)
		v, _ := s.FactIn(chain, namespace, key)
		b.WriteString(v)
		text = text[end:]
	}
}

// chainKey holds, in a parser context, the fallback chain of the locale being rendered,
// so that placeholders take that locale's values.
var chainKey = parser.NewContextKey()

// kindPlaceholder is the AST node kind of a placeholder in a pamphlet body.
var kindPlaceholder = ast.NewNodeKind("Placeholder")

type placeholderNode struct {
	ast.BaseInline
	Namespace, Key string
	Value          string // in the locale being rendered
}

func (n *placeholderNode) Kind() ast.NodeKind { return kindPlaceholder }

func (n *placeholderNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Namespace": n.Namespace, "Key": n.Key}, nil)
}

type placeholderParser struct{ site *site.Site }

func (placeholderParser) Trigger() []byte { return []byte{'{'} }

func (p placeholderParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 4 || line[1] != '{' {
		return nil
	}
	end := bytes.Index(line, []byte("}}"))
	if end < 0 {
		return nil
	}
	namespace, key, ok := parsePlaceholder(string(line[2:end]))
	if !ok {
		return nil
	}
	block.Advance(end + 2)
	chain, _ := pc.Get(chainKey).([]string)
	value, _ := p.site.FactIn(chain, namespace, key)
	return &placeholderNode{Namespace: namespace, Key: key, Value: value}
}

// placeholderRenderer writes a fact: a phone number becomes a tap-to-call link, marked
// left-to-right so that its digits keep their order on right-to-left pages.
type placeholderRenderer struct{}

func (r placeholderRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindPlaceholder, r.render)
}

func (r placeholderRenderer) render(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*placeholderNode)
	value := n.Value
	text := html.EscapeString(value)
	switch {
	case n.Namespace != "phone":
		_, _ = w.WriteString(text)
	case insideLink(n):
		_, _ = fmt.Fprintf(w, `<span dir="ltr">%s</span>`, text)
	default:
		_, _ = fmt.Fprintf(w, `<a class="tel" href="%s" dir="ltr">%s</a>`, site.TelURI(value), text)
	}
	return ast.WalkSkipChildren, nil
}

func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindLink || p.Kind() == ast.KindAutoLink {
			return true
		}
	}
	return false
}

// placeholders is the goldmark extension that parses and renders placeholders.
type placeholders struct{ site *site.Site }

func (e placeholders) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(placeholderParser{e.site}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(placeholderRenderer{}, 500)))
}
