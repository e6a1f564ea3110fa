package server

import (
	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
)

// static serves a file under its content-hashed name, cacheable for a year: a new
// version has a new name.
func (s *Server) static(c echo.Context) error {
	a, ok := s.byPath["/static/"+c.Param("file")]
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "unknown static file")
	}
	return sendCached(c, a.contentType, "public, max-age=31536000, immutable", a.body)
}

// robots allows every crawler and names the sitemap.
func (s *Server) robots(c echo.Context) error {
	return sendCached(c, "text/plain; charset=utf-8", "public, max-age=86400",
		[]byte("User-agent: *\nAllow: /\nSitemap: "+s.baseURL(c)+"/sitemap.xml\n"))
}
