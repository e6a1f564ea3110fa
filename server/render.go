package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// renderError renders an error page; it is never cached.
func (s *Server) renderError(c echo.Context, status int, localeID string, data errorPage) error {
	body, err := s.views.render(localeID, "error", data)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, body)
}

// sendPage sends the page name in locale for the request's path, rendering it with
// data() only the first time. A 200 carries an ETag and is revalidated on every use
// (Cache-Control: no-cache), so a changed translation shows after a restart at once and
// an unchanged one costs a 304 with no body.
func (s *Server) sendPage(c echo.Context, localeID, name string, data func() any) error {
	key := s.baseURL(c) + "\x00" + localeID + "\x00" + c.Request().URL.Path
	page, ok := s.pages.get(key)
	if !ok {
		body, err := s.views.render(localeID, name, data())
		if err != nil {
			return err
		}
		page = s.pages.put(key, body)
	}
	return sendTagged(c, "text/html; charset=utf-8", "no-cache", page.body, page.etag)
}

// sendCached writes body with an ETag, answering 304 when the client has it already.
func sendCached(c echo.Context, contentType, cacheControl string, body []byte) error {
	return sendTagged(c, contentType, cacheControl, body, etagOf(body))
}

func sendTagged(c echo.Context, contentType, cacheControl string, body []byte, etag string) error {
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	if c.Request().Method == http.MethodHead {
		h.Set("Content-Type", contentType)
		return c.NoContent(http.StatusOK)
	}
	return c.Blob(http.StatusOK, contentType, body)
}

// etagMatches applies If-None-Match's weak comparison (RFC 9110 §13.1.2): a gzip-encoding
// proxy may have weakened our tag.
func etagMatches(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == etag || candidate == "*" {
			return true
		}
	}
	return false
}
