package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// renderPage renders a page and sends it. A 200 carries an ETag and is revalidated on
// every use (Cache-Control: no-cache), so a changed translation shows at once and an
// unchanged one costs a 304 with no body.
func (s *Server) renderPage(c echo.Context, status int, localeID, name string, data any) error {
	body, err := s.views.render(localeID, name, data)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	if status != http.StatusOK {
		h.Set("Cache-Control", "no-store")
		return c.HTMLBlob(status, body)
	}
	return sendCached(c, "text/html; charset=utf-8", "no-cache", body)
}

// sendCached writes body with an ETag, answering 304 when the client has it already.
func sendCached(c echo.Context, contentType, cacheControl string, body []byte) error {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
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
