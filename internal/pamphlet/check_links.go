package pamphlet

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// CheckLinks reads every pamphlet file in fsys again and reports what Load accepts but
// a reader would trip over: links to pages that do not exist (an unknown pamphlet or
// locale, a Markdown file instead of its page), links with a scheme other than http,
// https, mailto and tel, and images — the site serves no image files from the content
// folder, and a remote image costs readers on prepaid data and tells another host who
// reads what. Files Load rejects are skipped: their problems come from Load.
func CheckLinks(fsys fs.FS, s *site.Site, locales *locale.Registry) (Problems, error) {
	files, err := fs.Glob(fsys, "*/*.md")
	if err != nil {
		return nil, fmt.Errorf("pamphlet: list content: %w", err)
	}
	slugs := make(map[string]bool)
	for _, f := range files {
		slugs[path.Dir(f)] = true
	}
	// Files are read and parsed on every core, each worker with its own parser; the
	// findings are gathered in file order, then sorted.
	found := make([][]Problem, len(files))
	errs := make([]error, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := linkChecker{site: s, locales: locales, slugs: slugs,
				md: goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, placeholders{site: s}))}
			for i := int(next.Add(1)) - 1; i < len(files); i = int(next.Add(1)) - 1 {
				data, err := fs.ReadFile(fsys, files[i])
				if err != nil {
					errs[i] = fmt.Errorf("pamphlet: %w", err)
					continue
				}
				found[i] = c.file(files[i], data)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var problems Problems
	for i, f := range files {
		if reserved[path.Dir(f)] && path.Base(f) == s.SourceLocale+".md" {
			problems = append(problems, Problem{File: f, Reason: fmt.Sprintf("folder name %q is a page of the site itself (/%s, /LOCALE/%s): choose another", path.Dir(f), path.Dir(f), path.Dir(f))})
		}
		problems = append(problems, found[i]...)
	}
	problems.sort()
	return problems, nil
}

// reserved are the folder names the site's own pages use: a pamphlet there could not be
// reached.
var reserved = map[string]bool{"search": true, "kiosk": true, "static": true, "staff": true, "api": true,
	"calendar": true, "metrics": true, "healthz": true, "readyz": true}

type linkChecker struct {
	site    *site.Site
	locales *locale.Registry
	slugs   map[string]bool
	md      goldmark.Markdown
}

func (c *linkChecker) file(file string, data []byte) []Problem {
	loc, ok := c.locales.Get(strings.TrimSuffix(path.Base(file), ".md"))
	if !ok {
		return nil
	}
	doc, problem := parseDocument(data, loc.ID == c.site.SourceLocale)
	if problem != nil {
		return nil
	}
	page := "/" + loc.ID + "/" + path.Dir(file)
	root := c.md.Parser().Parse(text.NewReader(doc.Body))
	var problems []Problem
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var reason string
		switch n := n.(type) {
		case *ast.Link:
			reason = c.linkProblem(page, string(n.Destination))
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				reason = c.linkProblem(page, string(n.URL(doc.Body)))
			}
		case *ast.Image:
			reason = fmt.Sprintf("image %q: pamphlets cannot show images (the site serves no image files from the content folder); describe it in words", n.Destination)
		}
		if reason != "" {
			problems = append(problems, Problem{File: file, Line: lineAt(n, doc.Body, doc.BodyLine), Reason: reason})
		}
		return ast.WalkContinue, nil
	})
	return problems
}

// linkProblem says what is wrong with a link from the page at URL path page, or "".
func (c *linkChecker) linkProblem(page, dest string) string {
	if dest == "" {
		return "empty link: give the link a destination"
	}
	u, err := url.Parse(dest)
	if err != nil {
		return fmt.Sprintf("link %q is not a valid URL", dest)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto", "tel":
		return ""
	case "":
	default:
		return fmt.Sprintf("link %q: only http, https, mailto and tel links are allowed", dest)
	}
	if u.Host != "" || (u.Path == "" && u.Fragment != "") {
		return ""
	}
	target := (&url.URL{Path: page}).ResolveReference(&url.URL{Path: u.Path}).Path
	if strings.HasSuffix(target, ".md") {
		page := "/LOCALE/SLUG"
		if parts := strings.Split(strings.TrimPrefix(strings.TrimSuffix(target, ".md"), "/"), "/"); len(parts) == 2 {
			page = "/" + parts[1] + "/" + parts[0]
		}
		return fmt.Sprintf("link %q points at a Markdown file: link to its page instead, %q", dest, page)
	}
	if c.pageExists(target) {
		return ""
	}
	return fmt.Sprintf("link %q leads to %s, which is not a page of this site: link to a pamphlet as %q (same language) or %q", dest, target, "other-slug", "/fr/other-slug")
}

// pageExists says whether the public site has a page at URL path p: the home page, a
// locale's index, a pamphlet in a locale, or a bare pamphlet slug (as on a poster).
func (c *linkChecker) pageExists(p string) bool {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case p == "/":
		return true
	case len(parts) == 1:
		_, isLocale := c.locales.Lookup(parts[0])
		return isLocale || c.slugs[parts[0]]
	case len(parts) == 2:
		_, isLocale := c.locales.Lookup(parts[0])
		return isLocale && (parts[1] == "" || c.slugs[parts[1]])
	}
	return false
}
