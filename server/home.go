package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
)

// home sends the reader to their language's index: saved choice, then the browser's
// languages, then the default.
func (s *Server) home(c echo.Context) error {
	l := s.negotiate(c)
	varyOnLanguage(c)
	return c.Redirect(http.StatusFound, "/"+l.ID+"/")
}

// localeOrSlug handles a one-segment path: "/fr" goes to "/fr/", "/prs" to "/fa-AF/", and
// a pamphlet slug without a locale ("/reporting-a-crime", as printed on a poster) to
// that pamphlet in the reader's language.
func (s *Server) localeOrSlug(c echo.Context) error {
	segment := c.Param("locale")
	if l, _, ok := s.pathLocale(segment); ok {
		return c.Redirect(http.StatusMovedPermanently, "/"+l.ID+"/")
	}
	if _, ok := s.Pamphlets.Get(segment); ok {
		l := s.negotiate(c)
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
