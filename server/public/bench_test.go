package public_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkPamphletPage serves one pamphlet page through the whole middleware stack
// (logging, recovery, security headers, body limit, gzip, ETag).
func BenchmarkPamphletPage(b *testing.B) {
	f := MustServer(b, nil)
	for _, bc := range []struct{ name, encoding string }{{"identity", ""}, {"gzip", "gzip"}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/ar/victim-services", nil)
				req.Header.Set("Accept-Encoding", bc.encoding)
				rec := httptest.NewRecorder()
				f.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("Status=%v", rec.Code)
				}
			}
		})
	}
	b.Run("not-modified", func(b *testing.B) {
		res, _ := f.get(b, "/ar/victim-services")
		etag := res.Header.Get("ETag")
		b.ReportAllocs()
		for b.Loop() {
			req := httptest.NewRequest(http.MethodGet, "/ar/victim-services", nil)
			req.Header.Set("If-None-Match", etag)
			rec := httptest.NewRecorder()
			f.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotModified {
				b.Fatalf("Status=%v", rec.Code)
			}
		}
	})
}
