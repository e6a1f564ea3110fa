package public

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/server/web"
)

// pamphlet shows one pamphlet in the reader's locale, or the next translation along the
// locale's fallback chain with a notice in the reader's language.
func (s *Server) pamphlet(c echo.Context) error {
	l, canonical, ok := s.PathLocale(c.Param("locale"))
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "unknown locale")
	}
	slug := c.Param("slug")
	p, found := s.Pamphlets.Get(slug)
	if !found {
		return apperr.New(apperr.NotFound, "NotFoundBody", "unknown pamphlet")
	}
	if !canonical {
		return c.Redirect(http.StatusMovedPermanently, "/"+l.ID+"/"+slug)
	}
	t, ok := p.Resolve(l.Chain)
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "pamphlet has no translation on the chain")
	}
	s.RememberLocale(c, l)
	return s.sendPage(c, l.ID, "pamphlet", func() any { return s.pamphletData(c, l, p, t) })
}

func (s *Server) pamphletData(c echo.Context, l *locale.Locale, p *pamphlet.Pamphlet, t *pamphlet.Translation) pamphletPage {
	ui := s.UI.For(l.ID)
	data := pamphletPage{
		Page: s.NewPage(c, l, t.Title, p.Slug),
		Doc:  t, Body: template.HTML(t.HTML),
		Fallback: t.Locale != l,
		Machine:  t.Status == pamphlet.StatusMachine,
		Stale:    t.Stale,
	}
	data.Description = t.Summary
	data.UIMachine = data.UIMachine && !data.Machine
	if data.Fallback {
		data.FallbackNotice = ui.T("FallbackNotice", "Wanted", l.Name(l), "Shown", l.Name(t.Locale))
	}
	if src := p.Source; src != nil && src != t {
		data.Original = &originalLink{ID: src.Locale.ID, Name: l.Name(src.Locale), Href: "/" + src.Locale.ID + "/" + p.Slug}
	}
	for _, other := range s.Locales.All() {
		if _, ok := p.Translations[other.ID]; ok {
			data.Alternates = append(data.Alternates, web.Alternate{Hreflang: other.ID, Href: s.RequestBaseURL(c) + "/" + other.ID + "/" + p.Slug})
		}
	}
	return data
}
