package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"strings"

	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the templates, each parsed with the layout.
var pageNames = []string{"index", "pamphlet", "error"}

// views holds every page template for every locale. Translation functions are bound on a
// clone per locale at start-up, so a request never shares a template whose functions
// speak another request's language.
type views struct {
	byLocale map[string]map[string]*template.Template // locale id -> page -> template
}

// placeholderFuncs lets the templates parse; each locale's clone replaces them.
var placeholderFuncs = template.FuncMap{
	"T":     func(string, ...any) string { return "" },
	"N":     func(string, int, ...any) string { return "" },
	"phone": func(string, string) template.HTML { return "" },
}

func newViews(ui *i18n.Catalog, s *site.Site, locales *locale.Registry) (*views, error) {
	return parseViews(ui, s, locales, "layout.html", pageNames)
}

// parseViews parses each page with a layout and clones the set for every locale.
func parseViews(ui *i18n.Catalog, s *site.Site, locales *locale.Registry, layout string, pages []string) (*views, error) {
	v := &views{byLocale: make(map[string]map[string]*template.Template)}
	base := make(map[string]*template.Template, len(pages))
	for _, name := range pages {
		t, err := template.New(name).Funcs(placeholderFuncs).ParseFS(templateFS, "templates/"+layout, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("server: parse template %s: %w", name, err)
		}
		base[name] = t
	}
	for _, l := range locales.All() {
		loc := ui.For(l.ID)
		funcs := template.FuncMap{"T": loc.T, "N": loc.N, "phone": phoneFunc(loc, s)}
		v.byLocale[l.ID] = make(map[string]*template.Template, len(pages))
		for name, t := range base {
			clone, err := t.Clone()
			if err != nil {
				return nil, fmt.Errorf("server: clone template %s: %w", name, err)
			}
			v.byLocale[l.ID][name] = clone.Funcs(funcs)
		}
	}
	return v, nil
}

// phoneFunc returns the template function that fills message id's {{.Number}} with a
// tap-to-call link to the site's phone number key. The message is escaped first; only
// the link is markup.
func phoneFunc(loc *i18n.Localizer, s *site.Site) func(id, key string) template.HTML {
	const marker = "\x00number\x00"
	return func(id, key string) template.HTML {
		number := s.Phones[key]
		msg := html.EscapeString(loc.T(id, "Number", marker))
		link := fmt.Sprintf(`<a href="%s" dir="ltr">%s</a>`, html.EscapeString(site.TelURI(number)), html.EscapeString(number))
		return template.HTML(strings.Replace(msg, html.EscapeString(marker), link, 1))
	}
}

// render executes page for a locale into a buffer.
func (v *views) render(localeID, page string, data any) ([]byte, error) {
	t, ok := v.byLocale[localeID][page]
	if !ok {
		return nil, fmt.Errorf("server: no template %s for locale %s", page, localeID)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("server: render %s/%s: %w", localeID, page, err)
	}
	return buf.Bytes(), nil
}

// asset is a static file served under a content-hashed name.
type asset struct {
	path        string // /static/style.3f2a1b9c.css
	contentType string
	body        []byte
}

// loadAssets hashes every static file once.
func loadAssets() (map[string]*asset, error) {
	assets := make(map[string]*asset)
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := strings.TrimPrefix(p, "static/")
		dot := strings.LastIndex(name, ".")
		hashed := name[:dot] + "." + hex.EncodeToString(sum[:6]) + name[dot:]
		assets[name] = &asset{path: "/static/" + hashed, contentType: contentType(name), body: body}
		return nil
	})
	return assets, err
}

func contentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".css"):
		return "text/css; charset=utf-8"
	case strings.HasSuffix(name, ".js"):
		return "text/javascript; charset=utf-8"
	case strings.HasSuffix(name, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(name, ".png"):
		return "image/png"
	}
	return "application/octet-stream"
}
