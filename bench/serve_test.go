package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/config"
)

// discard is a ResponseWriter that keeps nothing, so that the figures are the server's.
type discard struct {
	h    http.Header
	code int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(code int)        { d.code = code }

// BenchmarkPublicPage serves a pamphlet page through the handler outreach serve runs
// (both sides on one listener, every middleware on, request logs as JSON to a file), in
// the process: what a request costs the server itself, without the network.
func BenchmarkPublicPage(b *testing.B) {
	dir := b.TempDir()
	cfg := &config.Config{Data: dir, LogFormat: "json", LogLevel: "info"}
	content, err := app.LoadContent(cfg)
	if err != nil {
		b.Fatal(err)
	}
	logs, err := os.Create(filepath.Join(dir, "log.json"))
	if err != nil {
		b.Fatal(err)
	}
	defer logs.Close()
	logger := app.NewLogger(cfg, logs)
	data, err := app.OpenData(context.Background(), cfg, content, "http://127.0.0.1", logger)
	if err != nil {
		b.Fatal(err)
	}
	defer data.Close()
	srv, err := app.NewServer(cfg, content, data, logger)
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Combined()
	bare := bareEcho(b, h, "/ar/victim-services", false)
	sameBytes := bareEcho(b, h, "/ar/victim-services", true)
	for _, bc := range []struct {
		name, path, encoding, language string
		h                              http.Handler
	}{
		{"identity", "/ar/victim-services", "", "", h},
		{"identity/bare-echo", "/ar/victim-services", "", "", bare},
		{"identity/bare-echo-same-headers", "/ar/victim-services", "", "", sameBytes},
		{"browser", "/ar/victim-services", "gzip, deflate, br, zstd", "", h},
		{"browser/bare-echo", "/ar/victim-services", "gzip, deflate, br, zstd", "", bare},
		{"browser/bare-echo-same-headers", "/ar/victim-services", "gzip, deflate, br, zstd", "", sameBytes},
		{"root", "/", "", "fr-CA,fr;q=0.9", h},
	} {
		h := bc.h
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, bc.path, nil)
			if bc.encoding != "" {
				req.Header.Set("Accept-Encoding", bc.encoding)
			}
			if bc.language != "" {
				req.Header.Set("Accept-Language", bc.language)
			}
			w := &discard{}
			b.ReportAllocs()
			for b.Loop() {
				// A new header map each time, as net/http gives every response.
				w.h = http.Header{}
				h.ServeHTTP(w, req)
				if w.code >= 400 {
					b.Fatalf("Status=%d", w.code)
				}
			}
		})
	}
}

// bareEcho is the yardstick in the process: Echo with no middleware, answering path with
// the bytes h serves for it (identity, and gzip when the request mentions it), as
// bench/bareecho does over the network; with headers, also with the header lines h
// sends with them (as bareecho -headers), so that what is left is outreach's own work.
func bareEcho(b *testing.B, h http.Handler, path string, headers bool) http.Handler {
	get := func(encoding string) ([]byte, http.Header) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if encoding != "" {
			req.Header.Set("Accept-Encoding", encoding)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("GET %s: Status=%d", path, w.Code)
		}
		if !headers {
			return w.Body.Bytes(), nil
		}
		return w.Body.Bytes(), w.Header()
	}
	body, bodyHeader := get("")
	gz, gzHeader := get("gzip")
	e := echo.New()
	e.GET(path, func(c echo.Context) error {
		data, extra := body, bodyHeader
		if strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
			data, extra = gz, gzHeader
		}
		rh := c.Response().Header()
		for k, v := range extra {
			rh[k] = v
		}
		if extra == nil && len(data) != len(body) {
			rh.Set("Content-Encoding", "gzip")
		}
		return c.Blob(http.StatusOK, "text/html; charset=utf-8", data)
	})
	return e
}
