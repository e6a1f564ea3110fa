package public

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
)

// home sends the reader to their language's index: saved choice, then the browser's
// languages, then the default.
func (s *Server) home(c echo.Context) error {
	l := s.Negotiate(c)
	varyOnLanguage(c)
	c.Response().Header()["Location"] = s.homes[l.ID]
	c.Response().WriteHeader(http.StatusFound)
	return nil
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

// Header values of responses that depend on the reader's language, shared by every
// response (each slice is full: an append to one copies it).
var (
	varyLanguage   = []string{"Accept-Language", "Cookie"}
	privateNoCache = []string{"private, no-cache"}
)

// varyOnLanguage marks a response that depends on the saved choice and the header.
func varyOnLanguage(c echo.Context) {
	h := c.Response().Header()
	if v := h["Vary"]; v != nil {
		h["Vary"] = append(v[:len(v):len(v)], varyLanguage...)
	} else {
		h["Vary"] = varyLanguage
	}
	h["Cache-Control"] = privateNoCache
}

// sendCached sends a response that depends only on the request's base URL and path,
// making it with body() only the first time.
func (s *Server) sendCached(c echo.Context, contentType, cacheControl string, body func() ([]byte, error)) error {
	return s.sendKeyed(c, "", contentType, cacheControl, body)
}

// sendKeyed sends the cached response for the request's base URL, localeID and path,
// making it with body() only the first time. Looking it up allocates nothing.
func (s *Server) sendKeyed(c echo.Context, localeID, contentType, cacheControl string, body func() ([]byte, error)) error {
	var buf [256]byte
	key := s.cacheKey(buf[:0], c, localeID)
	page, ok := s.pages.getBytes(key)
	if !ok {
		b, err := body()
		if err != nil {
			return err
		}
		page = s.pages.put(string(key), contentType, cacheControl, b)
	}
	return page.Serve(c)
}

// cacheKey appends base URL, locale and path, separated by NUL bytes, to dst.
func (s *Server) cacheKey(dst []byte, c echo.Context, localeID string) []byte {
	if s.BaseURL != "" {
		dst = append(dst, s.BaseURL...)
	} else {
		dst = append(append(append(dst, s.Scheme(c)...), "://"...), c.Request().Host...)
	}
	dst = append(append(append(dst, 0), localeID...), 0)
	return append(dst, c.Request().URL.Path...)
}

// sendPage sends the page name in locale for the request's path, rendering it with
// data() only the first time. A 200 carries an ETag and is revalidated on every use
// (Cache-Control: no-cache), so a changed translation shows after a restart at once and
// an unchanged one costs a 304 with no body.
func (s *Server) sendPage(c echo.Context, localeID, name string, data func() any) error {
	return s.sendKeyed(c, localeID, "text/html; charset=utf-8", "no-cache", func() ([]byte, error) {
		return s.views.Render(localeID, name, data())
	})
}
