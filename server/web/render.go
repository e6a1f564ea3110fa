package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// renderError renders an error page; it is never cached.
func (s *Base) renderError(c echo.Context, status int, localeID string, data ErrorPage) error {
	body, err := s.errViews.Render(localeID, "error", data)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, body)
}

// SendCached writes body with an ETag, answering 304 when the client has it already.
func SendCached(c echo.Context, contentType, cacheControl string, body []byte) error {
	return SendTagged(c, contentType, cacheControl, body, ETag(body))
}

// SendTagged writes body under a known ETag, answering 304 when the client has it.
func SendTagged(c echo.Context, contentType, cacheControl string, body []byte, etag string) error {
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if ETagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	if c.Request().Method == http.MethodHead {
		h.Set("Content-Type", contentType)
		return c.NoContent(http.StatusOK)
	}
	return c.Blob(http.StatusOK, contentType, body)
}

// ETagMatches applies If-None-Match's weak comparison (RFC 9110 §13.1.2): a gzip-encoding
// proxy may have weakened our tag.
// It does not allocate.
func ETagMatches(header, etag string) bool {
	for len(header) > 0 {
		var candidate string
		candidate, header = cutByte(header, ',')
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == etag || candidate == "*" {
			return true
		}
	}
	return false
}

// ETag is a strong validator for a response body.
func ETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}
