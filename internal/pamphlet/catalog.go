package pamphlet

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// Translation is one pamphlet in one locale, rendered.
type Translation struct {
	Slug    string
	Locale  *locale.Locale
	File    string // path in the content folder, for messages
	Title   string // placeholders filled in
	Summary string // placeholders filled in
	Status  Status
	HTML    string // rendered body

	// Checked is the date its facts or translation were last reviewed (front matter
	// checked = 2026-11-29), midnight UTC; zero when the file does not say.
	Checked time.Time

	// SourceRevision is the source revision this translation was made from; for the
	// source itself, its own revision.
	SourceRevision int
	IsSource       bool
	Stale          bool // made from an older revision of the source

	frontTopic Topic
	frontOrder int
	lines      map[string]int // front-matter key -> line, for problems found later
	links      []linkRef      // the body's links and images, for CheckLinks
}

// Pamphlet is one pamphlet with its translations.
type Pamphlet struct {
	Slug         string
	Topic        Topic
	Order        int
	Source       *Translation
	Translations map[string]*Translation // by locale id
}

// Resolve returns the first translation along chain (a locale's fallback chain).
func (p *Pamphlet) Resolve(chain []string) (*Translation, bool) {
	for _, id := range chain {
		if t, ok := p.Translations[id]; ok {
			return t, true
		}
	}
	return nil, false
}

// Catalog is every pamphlet, loaded and rendered once.
type Catalog struct {
	list   []*Pamphlet // by topic, then order, then slug
	bySlug map[string]*Pamphlet
	source string
}

// All returns the pamphlets in index order. The slice must not be changed.
func (c *Catalog) All() []*Pamphlet { return c.list }

// Get returns the pamphlet with the given slug.
func (c *Catalog) Get(slug string) (*Pamphlet, bool) {
	p, ok := c.bySlug[slug]
	return p, ok
}

// SourceLocale is the id of the locale pamphlets are written in.
func (c *Catalog) SourceLocale() string { return c.source }

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads every content/<slug>/<locale>.md file in fsys, validates and renders it.
// Files are rendered in parallel, bounded by GOMAXPROCS; the result and the order of
// problems do not depend on it. All problems found are returned together as Problems,
// each with its file and line.
func Load(fsys fs.FS, s *site.Site, locales *locale.Registry) (*Catalog, error) {
	files, err := fs.Glob(fsys, "*/*.md")
	if err != nil {
		return nil, fmt.Errorf("pamphlet: list content: %w", err)
	}
	l := loader{site: s, locales: locales, cat: &Catalog{bySlug: make(map[string]*Pamphlet), source: s.SourceLocale}}
	for _, r := range l.loadAll(fsys, files) {
		l.add(r)
	}
	l.link()
	if len(l.problems) > 0 {
		l.problems.sort()
		return nil, l.problems
	}
	l.cat.sortList()
	return l.cat, nil
}

type loader struct {
	site     *site.Site
	locales  *locale.Registry
	cat      *Catalog
	problems Problems
}

func (l *loader) problem(file string, line int, reason string) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Reason: reason})
}

// loaded is one file read, validated and rendered.
type loaded struct {
	file, slug, id string
	t              *Translation
	problems       []Problem
}

// loadAll loads files on up to GOMAXPROCS goroutines, each with its own renderers, and
// returns the results in the order of files.
func (l *loader) loadAll(fsys fs.FS, files []string) []loaded {
	out := make([]loaded, len(files))
	var next atomic.Int64 // the next file to take
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			renderers := make(map[locale.Quotes]*Renderer)
			for i := int(next.Add(1)) - 1; i < len(files); i = int(next.Add(1)) - 1 {
				out[i] = l.loadFile(fsys, files[i], renderers)
			}
		}()
	}
	wg.Wait()
	return out
}

func (l *loader) loadFile(fsys fs.FS, file string, renderers map[locale.Quotes]*Renderer) loaded {
	r := loaded{file: file, slug: path.Dir(file), id: strings.TrimSuffix(path.Base(file), ".md")}
	fail := func(reason string) loaded {
		r.problems = []Problem{{Line: 0, Reason: reason}}
		return r
	}
	if !slugPattern.MatchString(r.slug) {
		return fail(fmt.Sprintf("folder name %q is not a valid slug: use lower-case letters, digits and hyphens", r.slug))
	}
	loc, ok := l.locales.Get(r.id)
	if !ok {
		return fail(fmt.Sprintf("%q is not a configured locale id (see the site file's [[locales]])", r.id))
	}
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return fail(err.Error())
	}
	rd, ok := renderers[loc.Quotes]
	if !ok {
		rd = NewRenderer(l.site, loc.Quotes)
		renderers[loc.Quotes] = rd
	}
	r.t, r.problems = l.parse(file, data, loc, rd)
	return r
}

// add records one loaded file in the catalog.
func (l *loader) add(r loaded) {
	for _, p := range r.problems {
		l.problem(r.file, p.Line, p.Reason)
	}
	if r.t == nil {
		return
	}
	r.t.Slug = r.slug
	p := l.cat.bySlug[r.slug]
	if p == nil {
		p = &Pamphlet{Slug: r.slug, Translations: make(map[string]*Translation)}
		l.cat.bySlug[r.slug] = p
	}
	p.Translations[r.id] = r.t
}

// parse validates and renders one file. It returns nil when the file cannot be used.
func (l *loader) parse(file string, data []byte, loc *locale.Locale, rd *Renderer) (*Translation, []Problem) {
	isSource := loc.ID == l.site.SourceLocale
	doc, problem := parseDocument(data, isSource)
	if problem != nil {
		return nil, []Problem{*problem}
	}
	var problems []Problem
	problems = append(problems, checkPlaceholders(l.site, doc.Front.Title, doc.line("title"))...)
	problems = append(problems, checkPlaceholders(l.site, doc.Front.Summary, doc.line("summary"))...)
	problems = append(problems, checkPlaceholders(l.site, string(doc.Body), doc.BodyLine)...)
	if len(problems) > 0 {
		return nil, problems
	}
	html, problems, links := rd.render(loc.Chain, doc.Body, doc.BodyLine)
	if len(problems) > 0 {
		return nil, problems
	}
	rev := doc.Front.SourceRevision
	if isSource {
		rev = doc.Front.Revision
	}
	return &Translation{
		Locale:         loc,
		File:           file,
		Title:          expandPlain(l.site, loc.Chain, strings.TrimSpace(doc.Front.Title)),
		Summary:        expandPlain(l.site, loc.Chain, strings.TrimSpace(doc.Front.Summary)),
		Status:         doc.Front.Status,
		Checked:        doc.Front.Checked.Time,
		HTML:           string(html),
		SourceRevision: rev,
		IsSource:       isSource,
		frontTopic:     doc.Front.Topic,
		frontOrder:     doc.Front.Order,
		lines:          doc.fieldLine,
		links:          links,
	}, nil
}

// link ties each translation to its source: topic and order come from the source, and a
// translation made from an older source revision is stale.
func (l *loader) link() {
	for _, p := range l.cat.bySlug {
		src, ok := p.Translations[l.site.SourceLocale]
		if !ok {
			for _, t := range p.Translations {
				l.problem(t.File, 0, fmt.Sprintf("translation without a source: %s/%s.md is missing", p.Slug, l.site.SourceLocale))
			}
			continue
		}
		p.Source, p.Topic, p.Order = src, src.frontTopic, src.frontOrder
		for _, t := range p.Translations {
			if t.IsSource {
				continue
			}
			l.checkAgainstSource(t, src)
		}
	}
}

func (l *loader) checkAgainstSource(t, src *Translation) {
	switch {
	case t.frontTopic != src.frontTopic:
		l.problem(t.File, t.lines["topic"], fmt.Sprintf("topic %q differs from the source's %q", t.frontTopic, src.frontTopic))
	case t.frontOrder != src.frontOrder:
		l.problem(t.File, t.lines["order"], fmt.Sprintf("order %d differs from the source's %d", t.frontOrder, src.frontOrder))
	case t.SourceRevision > src.SourceRevision:
		l.problem(t.File, t.lines["source_revision"], fmt.Sprintf("source_revision %d is newer than the source's revision %d", t.SourceRevision, src.SourceRevision))
	}
	t.Stale = t.SourceRevision < src.SourceRevision
}

func (c *Catalog) sortList() {
	rank := make(map[Topic]int, len(Topics))
	for i, t := range Topics {
		rank[t] = i
	}
	for _, p := range c.bySlug {
		c.list = append(c.list, p)
	}
	sort.Slice(c.list, func(i, j int) bool {
		a, b := c.list[i], c.list[j]
		if rank[a.Topic] != rank[b.Topic] {
			return rank[a.Topic] < rank[b.Topic]
		}
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.Slug < b.Slug
	})
}

// Coverage is the state of one locale's translations.
type Coverage struct {
	Locale  string
	Missing []string // slugs with no translation in this locale
	Stale   []string // slugs whose translation was made from an older source
	Machine []string // slugs whose translation no person has checked
}

// Coverage reports, for each locale, which pamphlets are missing, stale or unreviewed.
func (c *Catalog) Coverage(locales []*locale.Locale) []Coverage {
	out := make([]Coverage, 0, len(locales))
	for _, loc := range locales {
		cov := Coverage{Locale: loc.ID}
		for _, p := range c.list {
			t, ok := p.Translations[loc.ID]
			switch {
			case !ok:
				cov.Missing = append(cov.Missing, p.Slug)
			case t.Stale:
				cov.Stale = append(cov.Stale, p.Slug)
			}
			if ok && t.Status == StatusMachine {
				cov.Machine = append(cov.Machine, p.Slug)
			}
		}
		out = append(out, cov)
	}
	return out
}
