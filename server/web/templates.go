package web

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"strings"
	"sync"

	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates holds the shared layout (templates/layout.html) and the error page; each side
// parses its own pages with this layout.
var Templates fs.FS = templateFS

//go:embed static
var staticFS embed.FS

// Views holds every page template for every locale. Translation functions are bound on a
// clone per locale, so a request never shares a template whose functions speak another
// request's language. A page is cloned for a locale the first time it is rendered in
// it: most locales never see most staff pages, and a clone's parse tree is many small
// objects that every garbage collection would scan.
type Views struct {
	byLocale map[string]map[string]*localeView // locale id -> page -> its clone
	root     string
}

// localeView is one page in one locale, cloned on first use.
type localeView struct {
	once  sync.Once
	base  *template.Template
	funcs template.FuncMap
	t     *template.Template
	err   error
}

func (lv *localeView) template() (*template.Template, error) {
	lv.once.Do(func() {
		clone, err := lv.base.Clone()
		if err != nil {
			lv.err = fmt.Errorf("web: clone template %s: %w", lv.base.Name(), err)
			return
		}
		lv.t = clone.Funcs(lv.funcs)
	})
	return lv.t, lv.err
}

// PlaceholderFuncs lets templates parse; each locale's clone replaces them.
var PlaceholderFuncs = template.FuncMap{
	"T":     func(string, ...any) string { return "" },
	"N":     func(string, int, ...any) string { return "" },
	"phone": func(string, string) template.HTML { return "" },
	"fact":  func(string, string) string { return "" },
}

// ViewSet names the templates of one kind of page: a layout file in LayoutFS and, for
// each page name, "<Prefix><name>.html" in PagesFS.
type ViewSet struct {
	LayoutFS fs.FS
	Layout   string
	PagesFS  fs.FS
	Prefix   string
	Pages    []string
	// Funcs adds functions of the caller's own, the same for every locale.
	Funcs template.FuncMap
	// Root is the template Render executes ("layout" when empty).
	Root string
	// Phone builds the "phone" function for a locale (PhoneFunc when nil).
	Phone func(*i18n.Localizer, *site.Site) func(id, key string) template.HTML
}

// ParseViews parses each page of vs with its layout and clones the set for every
// locale, binding T, N and phone to that locale's strings.
func ParseViews(ui *i18n.Catalog, s *site.Site, locales *locale.Registry, vs ViewSet) (*Views, error) {
	v := &Views{byLocale: make(map[string]map[string]*localeView), root: vs.Root}
	if v.root == "" {
		v.root = "layout"
	}
	phone := vs.Phone
	if phone == nil {
		phone = PhoneFunc
	}
	base := make(map[string]*template.Template, len(vs.Pages))
	for _, name := range vs.Pages {
		t, err := template.New(name).Funcs(PlaceholderFuncs).Funcs(vs.Funcs).ParseFS(vs.LayoutFS, vs.Layout)
		if err == nil {
			t, err = t.ParseFS(vs.PagesFS, vs.Prefix+name+".html")
		}
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		base[name] = t
	}
	for _, l := range locales.All() {
		loc := ui.For(l.ID)
		funcs := template.FuncMap{"T": loc.T, "N": loc.N, "phone": phone(loc, s), "fact": factFunc(s, l.Chain)}
		v.byLocale[l.ID] = make(map[string]*localeView, len(vs.Pages))
		for name, t := range base {
			v.byLocale[l.ID][name] = &localeView{base: t, funcs: funcs}
		}
	}
	return v, nil
}

// PhoneFunc returns the template function that fills message id's {{.Number}} with a
// tap-to-call link to the site's phone number key. The message is escaped first; only
// the link is markup.
func PhoneFunc(loc *i18n.Localizer, s *site.Site) func(id, key string) template.HTML {
	const marker = "\x00number\x00"
	return func(id, key string) template.HTML {
		number := s.Phones[key]
		msg := html.EscapeString(loc.T(id, "Number", marker))
		link := fmt.Sprintf(`<a href="%s" dir="ltr">%s</a>`, html.EscapeString(site.TelURI(number)), html.EscapeString(number))
		return template.HTML(strings.Replace(msg, html.EscapeString(marker), link, 1))
	}
}

// Render executes page for a locale into a buffer.
func (v *Views) Render(localeID, page string, data any) ([]byte, error) {
	lv, ok := v.byLocale[localeID][page]
	if !ok {
		return nil, fmt.Errorf("web: no template %s for locale %s", page, localeID)
	}
	t, err := lv.template()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, v.root, data); err != nil {
		return nil, fmt.Errorf("web: render %s/%s: %w", localeID, page, err)
	}
	return buf.Bytes(), nil
}

// factFunc returns the template function that gives a site fact ("site", "name") in the
// locale whose fallback chain is chain: "多倫多", not "Toronto", on a Chinese page.
func factFunc(s *site.Site, chain []string) func(ns, key string) string {
	return func(ns, key string) string {
		v, _ := s.FactIn(chain, ns, key)
		return v
	}
}
