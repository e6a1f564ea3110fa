package pamphlet

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// Renderer turns pamphlet Markdown into HTML with one locale's typography. Raw HTML in
// the Markdown is never passed through (goldmark's default), and neither are
// javascript: or data: links.
type Renderer struct {
	md goldmark.Markdown
}

// NewRenderer builds a renderer for a locale's quotation marks, filling placeholders
// from s.
func NewRenderer(s *site.Site, q locale.Quotes) *Renderer {
	subs := map[extension.TypographicPunctuation]string{
		extension.LeftDoubleQuote:  q.OpenDouble,
		extension.RightDoubleQuote: q.CloseDouble,
		extension.LeftSingleQuote:  q.OpenSingle,
		extension.RightSingleQuote: q.CloseSingle,
		extension.Apostrophe:       "’",
	}
	md := goldmark.New(goldmark.WithExtensions(
		extension.Table,
		extension.Strikethrough,
		extension.NewTypographer(extension.WithTypographicSubstitutions(subs)),
		placeholders{site: s},
	))
	return &Renderer{md: md}
}

// Render converts source to HTML with the default locale's site facts. Structural
// problems — a level-1 heading (the title is the page's only one) or raw HTML — come
// back with their line numbers, counted from firstLine.
func (r *Renderer) Render(source []byte, firstLine int) ([]byte, []Problem) {
	return r.RenderIn(nil, source, firstLine)
}

// RenderIn is Render with the site facts of the locale whose fallback chain is chain.
func (r *Renderer) RenderIn(chain []string, source []byte, firstLine int) ([]byte, []Problem) {
	html, problems, _ := r.render(chain, source, firstLine)
	return html, problems
}

// render is RenderIn that also returns the body's links and images, for CheckLinks.
func (r *Renderer) render(chain []string, source []byte, firstLine int) ([]byte, []Problem, []linkRef) {
	pc := parser.NewContext()
	pc.Set(chainKey, chain)
	doc := r.md.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	problems, links := inspect(doc, source, firstLine)
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, source, doc); err != nil {
		problems = append(problems, Problem{Line: firstLine, Reason: fmt.Sprintf("render: %v", err)})
	}
	return buf.Bytes(), problems, links
}

// inspect walks a parsed body once. It gives each section heading (##) the id "s1",
// "s2", … by position: translations keep the source's sections in order, so a reader
// can jump from a section of a translation to the same section of the original. It
// returns the body's structural problems (a level-1 heading, raw HTML) and its links
// and images (inline links and autolinked URLs), with lines counted from firstLine.
func inspect(doc ast.Node, source []byte, firstLine int) ([]Problem, []linkRef) {
	var (
		problems []Problem
		links    []linkRef
		sections int
	)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			switch n.Level {
			case 1:
				problems = append(problems, Problem{Line: lineAt(n, source, firstLine), Reason: "level-1 heading: the title is the page's heading; start sections at ##"})
			case 2:
				sections++
				n.SetAttributeString("id", strconv.AppendInt([]byte{'s'}, int64(sections), 10))
			}
		case *ast.HTMLBlock, *ast.RawHTML:
			problems = append(problems, Problem{Line: lineAt(n, source, firstLine), Reason: "raw HTML is not allowed in pamphlets"})
		case *ast.Link:
			links = append(links, linkRef{dest: string(n.Destination), line: lineAt(n, source, firstLine)})
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				links = append(links, linkRef{dest: string(n.URL(source)), line: lineAt(n, source, firstLine)})
			}
		case *ast.Image:
			links = append(links, linkRef{dest: string(n.Destination), image: true, line: lineAt(n, source, firstLine)})
		}
		return ast.WalkContinue, nil
	})
	return problems, links
}

// lineAt is the file line of n's first byte.
func lineAt(n ast.Node, source []byte, firstLine int) int {
	offset := -1
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		offset = n.Lines().At(0).Start
	} else if raw, ok := n.(*ast.RawHTML); ok && raw.Segments.Len() > 0 {
		offset = raw.Segments.At(0).Start
	}
	for p := n; offset < 0 && p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			offset = p.Lines().At(0).Start
		}
	}
	if offset < 0 {
		return firstLine
	}
	return firstLine + bytes.Count(source[:offset], []byte("\n"))
}
