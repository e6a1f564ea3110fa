package pamphlet

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/outreach-project/outreach/internal/site"
)

// A placeholder {{site.name}} or {{phone.emergency}} names a fact of the deployment.
var (
	placeholderPattern = regexp.MustCompile(`\{\{(.*?)\}\}`)
	placeholderInner   = regexp.MustCompile(`^\s*([a-z]+)\.([a-z0-9_]+)\s*$`)
)

// checkPlaceholders reports every malformed or unknown placeholder in text, whose first
// line is firstLine.
func checkPlaceholders(s *site.Site, text string, firstLine int) []Problem {
	var problems []Problem
	for i, line := range strings.Split(text, "\n") {
		for _, m := range placeholderPattern.FindAllStringSubmatch(line, -1) {
			if reason := placeholderProblem(s, m[1]); reason != "" {
				problems = append(problems, Problem{Line: firstLine + i, Reason: reason})
			}
		}
		rest := placeholderPattern.ReplaceAllString(line, "")
		if strings.Contains(rest, "{{") || strings.Contains(rest, "}}") {
			problems = append(problems, Problem{Line: firstLine + i, Reason: "unclosed placeholder: write {{phone.KEY}}, {{web.KEY}} or {{site.KEY}} on one line"})
		}
	}
	return problems
}

func placeholderProblem(s *site.Site, inner string) string {
	m := placeholderInner.FindStringSubmatch(inner)
	if m == nil {
		return fmt.Sprintf("malformed placeholder {{%s}}: write {{phone.KEY}}, {{web.KEY}} or {{site.KEY}}", inner)
	}
	if _, ok := s.Fact(m[1], m[2]); !ok {
		return fmt.Sprintf("unknown placeholder {{%s.%s}}: not in the site file", m[1], m[2])
	}
	return ""
}

// expandPlain replaces placeholders in plain text (titles, summaries) with their values
// for a locale with the fallback chain chain. Text must have passed checkPlaceholders.
func expandPlain(s *site.Site, chain []string, text string) string {
	return placeholderPattern.ReplaceAllStringFunc(text, func(p string) string {
		m := placeholderInner.FindStringSubmatch(p[2 : len(p)-2])
		v, _ := s.FactIn(chain, m[1], m[2])
		return v
	})
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
	end := strings.Index(string(line), "}}")
	if end < 0 {
		return nil
	}
	m := placeholderInner.FindStringSubmatch(string(line[2:end]))
	if m == nil {
		return nil
	}
	block.Advance(end + 2)
	chain, _ := pc.Get(chainKey).([]string)
	value, _ := p.site.FactIn(chain, m[1], m[2])
	return &placeholderNode{Namespace: m[1], Key: m[2], Value: value}
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
