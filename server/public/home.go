package public

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/server/web"
)

// home sends the reader to their language's index: saved choice, then the browser's
// languages, then the default.
func (s *Server) home(c echo.Context) error {
	l := s.Negotiate(c)
	varyOnLanguage(c)
	return c.Redirect(http.StatusFound, "/"+l.ID+"/")
}

// localeOrSlug handles a one-segment path: "/fr" goes to "/fr/", "/prs" to "/fa-AF/", and
// a pamphlet slug without a locale ("/reporting-a-crime", as printed on a poster) to
// that pamphlet in the reader's language.
func (s *Server) localeOrSlug(c echo.Context) error {
	segment := c.Param("locale")
	if l, _, ok := s.PathLocale(segment); ok {
		return c.Redirect(http.StatusMovedPermanently, "/"+l.ID+"/")
	}
	if _, ok := s.Pamphlets.Get(segment); ok {
		l := s.Negotiate(c)
		varyOnLanguage(c)
		return c.Redirect(http.StatusFound, "/"+l.ID+"/"+segment)
	}
	return apperr.New(apperr.NotFound, "NotFoundBody", "no locale or pamphlet %q", segment)
}

// varyOnLanguage marks a response that depends on the saved choice and the header.
func varyOnLanguage(c echo.Context) {
	h := c.Response().Header()
	h.Add("Vary", "Accept-Language")
	h.Add("Vary", "Cookie")
	h.Set("Cache-Control", "private, no-cache")
}

// sendPage sends the page name in locale for the request's path, rendering it with
// data() only the first time. A 200 carries an ETag and is revalidated on every use
// (Cache-Control: no-cache), so a changed translation shows after a restart at once and
// an unchanged one costs a 304 with no body.
func (s *Server) sendPage(c echo.Context, localeID, name string, data func() any) error {
	key := s.RequestBaseURL(c) + "\x00" + localeID + "\x00" + c.Request().URL.Path
	page, ok := s.pages.get(key)
	if !ok {
		body, err := s.views.Render(localeID, name, data())
		if err != nil {
			return err
		}
		page = s.pages.put(key, body)
	}
	return web.SendTagged(c, "text/html; charset=utf-8", "no-cache", page.body, page.etag)
}
