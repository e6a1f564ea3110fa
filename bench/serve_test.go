package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
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

// BenchmarkPublicPage serves a pamphlet page, the redirect from / and the stylesheet
// through the handler outreach serve runs (both sides on one listener, every middleware
// on, request logs as JSON to a file), in the process: what a request costs the server
// itself, without the network. Each case's "same-bytes" twin is a bare Echo handler
// sending the same status, header lines and body.
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
	css := stylesheetPath(b, h)
	for _, bc := range []struct {
		name, path, encoding, language string
	}{
		{"identity", "/ar/victim-services", "", ""},
		{"browser", "/ar/victim-services", "gzip, deflate, br, zstd", ""},
		{"root", "/", "", "fr-CA,fr;q=0.9"},
		{"stylesheet", css, "gzip", ""},
	} {
		req := httptest.NewRequest(http.MethodGet, bc.path, nil)
		if bc.encoding != "" {
			req.Header.Set("Accept-Encoding", bc.encoding)
		}
		if bc.language != "" {
			req.Header.Set("Accept-Language", bc.language)
		}
		for _, server := range []struct {
			name string
			h    http.Handler
		}{{"", h}, {"/same-bytes", replay(b, h, req)}} {
			b.Run(bc.name+server.name, func(b *testing.B) {
				w := &discard{}
				b.ReportAllocs()
				for b.Loop() {
					serve(b, server.h, w, req)
				}
			})
			// On every core at once, as under load: what the requests share (the log
			// buffer, the metrics) shows here and not above. ns/op is wall time, so
			// on 2 cores a request's CPU time is about twice it.
			b.Run(bc.name+server.name+"/parallel", func(b *testing.B) {
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					w := &discard{}
					for pb.Next() {
						serve(b, server.h, w, req)
					}
				})
			})
		}
	}
}

// serve serves req into w, with a new header map each time, as net/http gives every
// response.
func serve(b *testing.B, h http.Handler, w *discard, req *http.Request) {
	w.h = http.Header{}
	h.ServeHTTP(w, req)
	if w.code >= 400 {
		b.Errorf("Status=%d", w.code)
	}
}

// replay is the yardstick in the process: Echo with no middleware, answering req's path
// with the status, header lines and body h sends for req, held in memory — the same bytes,
// so that what is left between the two is outreach's own work. bench/bareecho -headers
// does the same over the network.
func replay(b *testing.B, h http.Handler, req *http.Request) http.Handler {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code >= 400 {
		b.Fatalf("GET %s: Status=%d", req.URL.Path, w.Code)
	}
	status, header, body := w.Code, w.Header(), w.Body.Bytes()
	e := echo.New()
	e.GET(req.URL.Path, func(c echo.Context) error {
		rh := c.Response().Header()
		for k, v := range header {
			rh[k] = v
		}
		c.Response().WriteHeader(status)
		_, err := c.Response().Write(body)
		return err
	})
	return e
}

// stylesheetPath is the content-hashed path of the stylesheet a page links to.
func stylesheetPath(b *testing.B, h http.Handler) string {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/ar/victim-services", nil))
	css := regexp.MustCompile(`/static/style\.[0-9a-f]+\.css`).FindString(w.Body.String())
	if css == "" {
		b.Fatal("the page links to no stylesheet")
	}
	return css
}
