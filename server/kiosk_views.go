package server

import (
	"bytes"
	"fmt"
	"html"
	"html/template"

	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/site"
)

// kioskPageNames are the kiosk's templates, each parsed with templates/kiosk-layout.html.
var kioskPageNames = []string{"attract", "languages", "topics", "pamphlet"}

// kioskViews holds the kiosk's templates per locale, with translation functions bound
// on a clone per locale as for the public site.
type kioskViews struct {
	byLocale map[string]map[string]*template.Template
}

func newKioskViews(s *Server) (*kioskViews, error) {
	v := &kioskViews{byLocale: make(map[string]map[string]*template.Template)}
	base := make(map[string]*template.Template, len(kioskPageNames))
	for _, name := range kioskPageNames {
		t, err := template.New(name).Funcs(placeholderFuncs).ParseFS(templateFS, "templates/kiosk-layout.html", "templates/kiosk-"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("server: parse kiosk template %s: %w", name, err)
		}
		base[name] = t
	}
	for _, l := range s.Locales.All() {
		loc := s.UI.For(l.ID)
		funcs := template.FuncMap{"T": loc.T, "N": loc.N, "phone": kioskPhoneFunc(loc, s.Site)}
		v.byLocale[l.ID] = make(map[string]*template.Template, len(base))
		for name, t := range base {
			clone, err := t.Clone()
			if err != nil {
				return nil, fmt.Errorf("server: clone kiosk template %s: %w", name, err)
			}
			v.byLocale[l.ID][name] = clone.Funcs(funcs)
		}
	}
	return v, nil
}

// kioskPhoneFunc is phoneFunc for the kiosk: a kiosk cannot call, so the number is
// text, kept left to right on right-to-left pages.
func kioskPhoneFunc(loc *i18n.Localizer, s *site.Site) func(id, key string) template.HTML {
	const marker = "\x00number\x00"
	return func(id, key string) template.HTML {
		msg := html.EscapeString(loc.T(id, "Number", marker))
		number := fmt.Sprintf(`<span class="tel" dir="ltr">%s</span>`, html.EscapeString(s.Phones[key]))
		return template.HTML(bytes.Replace([]byte(msg), []byte(html.EscapeString(marker)), []byte(number), 1))
	}
}

func (v *kioskViews) render(localeID, page string, data any) ([]byte, error) {
	t, ok := v.byLocale[localeID][page]
	if !ok {
		return nil, fmt.Errorf("server: no kiosk template %s for locale %s", page, localeID)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "kiosk", data); err != nil {
		return nil, fmt.Errorf("server: render kiosk %s/%s: %w", localeID, page, err)
	}
	return buf.Bytes(), nil
}
