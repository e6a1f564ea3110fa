package public

import (
	"bytes"
	"fmt"
	"html"
	"html/template"

	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/site"
	"github.com/outreach-project/outreach/server/web"
)

// kioskPageNames are the kiosk's templates, each parsed with templates/kiosk-layout.html.
var kioskPageNames = []string{"attract", "languages", "topics", "search", "pamphlet"}

// newKioskViews parses the kiosk's templates, with translation functions bound on a
// clone per locale as for the public site.
func newKioskViews(s *Server) (*web.Views, error) {
	return web.ParseViews(s.UI, s.Site, s.Locales, web.ViewSet{LayoutFS: templateFS, Layout: "templates/kiosk-layout.html",
		PagesFS: templateFS, Prefix: "templates/kiosk-", Pages: kioskPageNames, Root: "kiosk", Phone: kioskPhoneFunc})
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
