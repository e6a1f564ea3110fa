package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
)

// Asset is a static file served under a content-hashed name, compressed once.
type Asset struct {
	Path        string // /static/style.3f2a1b9c.css
	ContentType string
	Body        []byte
	Encoded     *Encoded
}

// immutable is the Cache-Control of a content-hashed file: a new version has a new name.
const immutable = "public, max-age=31536000, immutable"

// staticAssets are the embedded static files, hashed and compressed once per process:
// they cannot change while it runs, and Brotli's best setting takes a while.
var staticAssets = sync.OnceValues(loadAssets)

// PrepareStatic starts hashing and compressing the static files in the background, so
// that a command can do it while it loads content; New waits for it to finish.
func PrepareStatic() { go func() { _, _ = staticAssets() }() }

// loadAssets hashes and compresses every static file.
func loadAssets() (map[string]*Asset, error) {
	assets := make(map[string]*Asset)
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := strings.TrimPrefix(p, "static/")
		dot := strings.LastIndex(name, ".")
		hashed := name[:dot] + "." + hex.EncodeToString(sum[:6]) + name[dot:]
		ct := contentType(name)
		assets[name] = &Asset{Path: "/static/" + hashed, ContentType: ct, Body: body, Encoded: NewEncodedNow(ct, immutable, body)}
		return nil
	})
	return assets, err
}

func contentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".css"):
		return "text/css; charset=utf-8"
	case strings.HasSuffix(name, ".js"):
		return "text/javascript; charset=utf-8"
	case strings.HasSuffix(name, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(name, ".png"):
		return "image/png"
	}
	return "application/octet-stream"
}

// AssetPath is the content-hashed path of the static file name ("style.css").
func (s *Base) AssetPath(name string) string { return s.assets[name].Path }

// Asset is the static file name ("kiosk.js"), if there is one.
func (s *Base) Asset(name string) (*Asset, bool) {
	a, ok := s.assets[name]
	return a, ok
}

// Static serves a file under its content-hashed name, cacheable for a year: a new
// version has a new name.
func (s *Base) Static(c echo.Context) error {
	a, ok := s.byPath["/static/"+c.Param("file")]
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "unknown static file")
	}
	return a.Encoded.Serve(c)
}
