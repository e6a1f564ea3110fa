package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

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
	for _, bc := range []struct{ name, path, encoding string }{
		{"identity", "/ar/victim-services", ""},
		{"browser", "/ar/victim-services", "gzip, deflate, br, zstd"},
		{"root", "/", ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, bc.path, nil)
			if bc.encoding != "" {
				req.Header.Set("Accept-Encoding", bc.encoding)
			}
			w := &discard{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				h.ServeHTTP(w, req)
				if w.code >= 400 {
					b.Fatalf("Status=%d", w.code)
				}
			}
		})
	}
}
