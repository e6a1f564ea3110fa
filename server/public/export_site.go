package public

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/language"

	"github.com/outreach-project/outreach/internal/locale"
)

// SiteFile is one file of the static copy of the public site.
type SiteFile struct {
	Path string // slash-separated, relative to the site's folder
	Body []byte
}

// exportHost is the host the export's requests name when no base URL is configured;
// what carries it (canonical and alternate links, the printed address) is removed.
const exportHost = "export.invalid"

// StaticSite renders the public site as files that work from any static host or a
// folder opened as file://: every locale's index and every pamphlet it can show, the
// static files they use, and — with a base URL — the sitemap and robots.txt. Pages are
// rendered by the server's own handlers; links between them become relative file names
// ("calling-police.html"), and the search box, which needs the server, is left out. The
// root index.html picks the reader's language with choose-language.js, by the server's
// rules, and lists the languages for browsers without script. The same content gives
// the same bytes.
func (s *Server) StaticSite() ([]SiteFile, error) {
	pages := s.sitePages()
	exported := make(map[string]bool, len(pages))
	for _, p := range pages {
		exported[p] = true
	}
	var files []SiteFile
	assets := make(map[string]bool)
	for _, p := range pages {
		body, err := s.exportGet(p)
		if err != nil {
			return nil, err
		}
		body = s.staticPage(p, body, exported, assets)
		files = append(files, SiteFile{Path: strings.TrimPrefix(exportFile(p), "/"), Body: body})
	}
	extra := []string{}
	for a := range assets {
		extra = append(extra, a)
	}
	if s.BaseURL != "" {
		extra = append(extra, "/sitemap.xml", "/robots.txt")
	}
	sort.Strings(extra)
	for _, p := range extra {
		body, err := s.exportGet(p)
		if err != nil {
			return nil, err
		}
		files = append(files, SiteFile{Path: strings.TrimPrefix(p, "/"), Body: body})
	}
	root, script, err := s.languageChooser()
	if err != nil {
		return nil, err
	}
	files = append(files, SiteFile{Path: "index.html", Body: root}, SiteFile{Path: "choose-language.js", Body: script})
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// sitePages are the URL paths of every page the static site has.
func (s *Server) sitePages() []string {
	var out []string
	for _, l := range s.Locales.All() {
		out = append(out, "/"+l.ID+"/")
		for _, p := range s.Pamphlets.All() {
			if _, ok := p.Resolve(l.Chain); ok {
				out = append(out, "/"+l.ID+"/"+p.Slug)
			}
		}
	}
	return out
}

// exportGet renders the URL path p with the server's own handler.
func (s *Server) exportGet(p string) ([]byte, error) {
	req := httptest.NewRequest(http.MethodGet, p, nil)
	req.Host = exportHost
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("public: export %s: status %d", p, rec.Code)
	}
	return rec.Body.Bytes(), nil
}

var (
	linkAttr    = regexp.MustCompile(`\s(href|src)="([^"]*)"`)
	searchForm  = regexp.MustCompile(`(?s)<form class="search"[^>]*>.*?</form>\n?`)
	hostLinkTag = regexp.MustCompile(`<link rel="(?:canonical|alternate)"[^>]*http://` + regexp.QuoteMeta(exportHost) + `[^>]*>\n?`)
	printURL    = regexp.MustCompile(`<p class="print-url">http://` + regexp.QuoteMeta(exportHost) + `[^<]*</p>\n?`)
)

// staticPage turns a page rendered for the URL path p into a file of the static site:
// links to exported pages and static files become relative file names (assets collects
// the static files used), the search form goes, and without a base URL so do the
// links that would name the export's made-up host.
func (s *Server) staticPage(p string, body []byte, exported, assets map[string]bool) []byte {
	out := searchForm.ReplaceAll(body, nil)
	if s.BaseURL == "" {
		out = hostLinkTag.ReplaceAll(out, nil)
		out = printURL.ReplaceAll(out, nil)
	}
	return linkAttr.ReplaceAllFunc(out, func(m []byte) []byte {
		sub := linkAttr.FindSubmatch(m)
		target, ok := localTarget(p, string(sub[2]))
		if !ok {
			return m
		}
		path, frag, _ := strings.Cut(target, "#")
		switch {
		case strings.HasPrefix(path, "/static/"):
			assets[path] = true
		case exported[path]:
		default:
			return m
		}
		href := relPath(exportFile(p), exportFile(path))
		if frag != "" {
			href += "#" + frag
		}
		return []byte(fmt.Sprintf(` %s="%s"`, sub[1], template.HTMLEscapeString(href)))
	})
}

// localTarget resolves a link on the page at URL path p to an absolute path on this
// site (with its fragment), or says it leads elsewhere.
func localTarget(p, href string) (string, bool) {
	href = strings.ReplaceAll(href, "&amp;", "&")
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || (u.Path == "" && u.Fragment != "") || u.RawQuery != "" {
		return "", false
	}
	t := (&url.URL{Path: p}).ResolveReference(&url.URL{Path: u.Path})
	if u.Fragment != "" {
		return t.Path + "#" + u.Fragment, true
	}
	return t.Path, true
}

// languageChooser is the static site's root page and its script.
func (s *Server) languageChooser() ([]byte, []byte, error) {
	type entry struct {
		ID, Dir, Autonym, Href string
	}
	var entries []entry
	for _, l := range s.Locales.All() {
		entries = append(entries, entry{l.ID, l.Dir, l.Autonym, l.ID + "/index.html"})
	}
	var page bytes.Buffer
	if err := chooserTemplate.Execute(&page, struct {
		Name    string
		Entries []entry
	}{s.Site.Name, entries}); err != nil {
		return nil, nil, fmt.Errorf("public: language chooser: %w", err)
	}
	table, err := json.Marshal(LanguageTable(s.Locales))
	if err != nil {
		return nil, nil, err
	}
	script := fmt.Sprintf(chooserScript, table, s.Locales.Default().ID)
	return page.Bytes(), []byte(script), nil
}

var chooserTemplate = template.Must(template.New("chooser").Parse(`<!doctype html>
<html lang="mul">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Name}}</title>
<script src="choose-language.js"></script>
</head>
<body>
<main>
<h1>{{.Name}}</h1>
<ul>
{{range .Entries}}<li><a href="{{.Href}}" lang="{{.ID}}" hreflang="{{.ID}}" dir="{{.Dir}}">{{.Autonym}}</a></li>
{{end}}</ul>
</main>
</body>
</html>
`))

// chooserScript opens the index of the reader's language as the server's "/" would:
// each of navigator.languages in turn, looked up in a table of tags the server's
// matcher answers (its aliases and the x/text matcher's confident answers); a tag not
// in the table is tried without its last part ("fr-CA-x" as "fr-CA", then "fr"); an
// empty answer means no match for that language. Nothing matched: the default.
const chooserScript = `(function () {
  var table = %s;
  var prefs = navigator.languages || [navigator.language || ""];
  function pick() {
    for (var i = 0; i < prefs.length; i++) {
      var tag = String(prefs[i]).toLowerCase();
      while (tag) {
        if (Object.prototype.hasOwnProperty.call(table, tag)) {
          if (table[tag]) { return table[tag]; }
          break;
        }
        var cut = tag.lastIndexOf("-");
        tag = cut > 0 ? tag.slice(0, cut) : "";
      }
    }
    return %q;
  }
  location.replace(pick() + "/index.html");
})();
`

// LanguageTable is the lookup table of the static site's language chooser: lower-case
// tag -> locale id, or "" where the server would not match the tag. It holds every id,
// every alias and language the matcher answers with confidence, and each region and
// script variant of those whose answer differs from its language's (zh-HK is
// Traditional although zh is Simplified; pa-PK matches nothing although pa does).
//
// The matcher also sends many unserved languages to the default with confidence
// (Georgian to English); their regional variants are left out to keep the table
// small, so such a variant the matcher would not send there (a rare region) reads as
// the default's language too, where the server would try the reader's next language.
func LanguageTable(reg *locale.Registry) map[string]string {
	answer := func(tag string) string {
		if l, ok := reg.Lookup(tag); ok {
			return l.ID
		}
		if l, ok := reg.MatchTag(tag); ok {
			return l.ID
		}
		return ""
	}
	table := make(map[string]string)
	for _, l := range reg.All() {
		table[strings.ToLower(l.ID)] = l.ID
	}
	letters := "abcdefghijklmnopqrstuvwxyz"
	var bases []string
	for _, a := range letters {
		for _, b := range letters {
			bases = append(bases, string([]rune{a, b}))
			for _, c := range letters {
				bases = append(bases, string([]rune{a, b, c}))
			}
		}
	}
	regions := []string{"419"}
	for _, a := range "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		for _, b := range "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
			if r, err := language.ParseRegion(string([]rune{a, b})); err == nil && r.IsCountry() {
				regions = append(regions, r.String())
			}
		}
	}
	scripts := []string{"Arab", "Cyrl", "Deva", "Guru", "Hans", "Hant", "Latn", "Taml", "Beng", "Hebr", "Ethi"}
	served := make(map[string]bool) // the languages of configured locales
	for _, l := range reg.All() {
		b, _ := l.Tag.Base()
		served[b.String()] = true
	}
	for _, base := range bases {
		a := answer(base)
		if a == "" {
			continue
		}
		table[base] = a
		if a == reg.Default().ID && !served[base] {
			continue // a language the matcher sends to the default: its variants go there too, or nowhere
		}
		for _, v := range append(scripts, regions...) {
			tag := base + "-" + v
			if got := answer(tag); got != a {
				table[strings.ToLower(tag)] = got
			}
		}
	}
	return table
}
