package pamphlet

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// CheckLinks reports, for every pamphlet file in fsys that Load accepts, what a reader
// would trip over: links to pages that do not exist (an unknown pamphlet or locale, a
// Markdown file instead of its page), links with a scheme other than http, https,
// mailto and tel, and images — the site serves no image files from the content folder,
// and a remote image costs readers on prepaid data and tells another host who reads
// what. Files Load rejects are skipped: their problems come from Load.
//
// It reads and parses every file again; when Load succeeded, Catalog.CheckLinks gives
// the same findings from what Load already parsed.
func CheckLinks(fsys fs.FS, s *site.Site, locales *locale.Registry) (Problems, error) {
	files, err := fs.Glob(fsys, "*/*.md")
	if err != nil {
		return nil, fmt.Errorf("pamphlet: list content: %w", err)
	}
	slugs := make(map[string]bool)
	for _, f := range files {
		slugs[path.Dir(f)] = true
	}
	c := linkChecker{site: s, locales: locales, slugs: slugs}
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
			md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, placeholders{site: s}))
			for i := int(next.Add(1)) - 1; i < len(files); i = int(next.Add(1)) - 1 {
				data, err := fs.ReadFile(fsys, files[i])
				if err != nil {
					errs[i] = fmt.Errorf("pamphlet: %w", err)
					continue
				}
				found[i] = c.file(md, files[i], data)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	problems := c.reservedFolders(files)
	for i := range files {
		problems = append(problems, found[i]...)
	}
	problems.sort()
	return problems, nil
}

// CheckLinks is the package's CheckLinks for the files of a loaded catalog, from the
// links Load recorded as it rendered them: nothing is read or parsed again.
func (c *Catalog) CheckLinks(s *site.Site, locales *locale.Registry) Problems {
	slugs := make(map[string]bool, len(c.bySlug))
	var files []string
	for slug, p := range c.bySlug {
		slugs[slug] = true
		for _, t := range p.Translations {
			files = append(files, t.File)
		}
	}
	sort.Strings(files)
	lc := linkChecker{site: s, locales: locales, slugs: slugs}
	problems := lc.reservedFolders(files)
	for _, p := range c.bySlug {
		for id, t := range p.Translations {
			problems = append(problems, lc.problems(t.File, "/"+id+"/"+p.Slug, t.links)...)
		}
	}
	problems.sort()
	return problems
}

// reserved are the folder names the site's own pages use: a pamphlet there could not be
// reached.
var reserved = map[string]bool{"search": true, "kiosk": true, "static": true, "staff": true, "api": true,
	"calendar": true, "metrics": true, "healthz": true, "readyz": true}

type linkChecker struct {
	site    *site.Site
	locales *locale.Registry
	slugs   map[string]bool
}

// reservedFolders reports each pamphlet (by its source file, among files) in a folder
// the site's own pages use.
func (c *linkChecker) reservedFolders(files []string) Problems {
	var problems Problems
	for _, f := range files {
		if reserved[path.Dir(f)] && path.Base(f) == c.site.SourceLocale+".md" {
			problems = append(problems, Problem{File: f, Reason: fmt.Sprintf("folder name %q is a page of the site itself (/%s, /LOCALE/%s): choose another", path.Dir(f), path.Dir(f), path.Dir(f))})
		}
	}
	return problems
}

func (c *linkChecker) file(md goldmark.Markdown, file string, data []byte) []Problem {
	loc, ok := c.locales.Get(strings.TrimSuffix(path.Base(file), ".md"))
	if !ok {
		return nil
	}
	doc, problem := parseDocument(data, loc.ID == c.site.SourceLocale)
	if problem != nil {
		return nil
	}
	root := md.Parser().Parse(text.NewReader(doc.Body))
	_, links := inspect(root, doc.Body, doc.BodyLine)
	return c.problems(file, "/"+loc.ID+"/"+path.Dir(file), links)
}

// linkRef is a link or image in a pamphlet body.
type linkRef struct {
	dest  string
	image bool
	line  int
}

// problems says what is wrong with each link of file, whose page is at URL path page.
func (c *linkChecker) problems(file, page string, links []linkRef) []Problem {
	var problems []Problem
	for _, l := range links {
		reason := ""
		if l.image {
			reason = fmt.Sprintf("image %q: pamphlets cannot show images (the site serves no image files from the content folder); describe it in words", l.dest)
		} else {
			reason = c.linkProblem(page, l.dest)
		}
		if reason != "" {
			problems = append(problems, Problem{File: file, Line: l.line, Reason: reason})
		}
	}
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
