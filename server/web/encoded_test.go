package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/labstack/echo/v4"
)

var page = []byte(strings.Repeat("<p>Call 911 in an emergency. Appelez le 911 en cas d’urgence.</p>\n", 60))

func serve(t *testing.T, e *Encoded, method string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, "/x", nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	if err := e.Serve(echo.New().NewContext(req, rec)); err != nil {
		t.Fatal(err)
	}
	return rec
}

func decode(t *testing.T, encoding string, body []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch encoding {
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(r)
	case "":
	default:
		t.Fatalf("Content-Encoding=%q", encoding)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEncodedNegotiation(t *testing.T) {
	e := NewEncoded("text/html; charset=utf-8", "no-cache", page)
	for _, tc := range []struct {
		name, accept, want string
	}{
		{"none", "", ""},
		{"browser", "gzip, deflate, br, zstd", "br"},
		{"gzip only", "gzip", "gzip"},
		{"x-gzip", "x-gzip", "gzip"},
		{"gzip preferred by q", "br;q=0.5, gzip", "gzip"},
		{"br excluded", "br;q=0, gzip;q=0.1", "gzip"},
		{"everything excluded but identity", "br;q=0, gzip;q=0", ""},
		{"star", "*", "br"},
		{"star without gzip", "*, gzip;q=0", "br"},
		{"identity preferred", "identity, gzip;q=0.5", ""},
		{"identity refused, star refused", "identity;q=0, *;q=0", ""},
		{"case and spaces", " GZip ; Q=1.0 ,BR;q=0.9", "gzip"},
		{"malformed q counts as 0", "br;q=high, gzip;q=0.2", "gzip"},
		{"unknown coding", "zstd", ""},
		{"q with three decimals", "gzip;q=0.001, br;q=0.002", "br"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, e, http.MethodGet, "Accept-Encoding", tc.accept)
			got := rec.Header().Get("Content-Encoding")
			if got != tc.want {
				t.Fatalf("Content-Encoding=%q, want %q", got, tc.want)
			}
			if !bytes.Equal(decode(t, got, rec.Body.Bytes()), page) {
				t.Fatalf("decoded body differs from the page")
			}
			if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(rec.Body.Len()) {
				t.Fatalf("Content-Length=%s, want %d", cl, rec.Body.Len())
			}
			if rec.Header().Get("Vary") != "Accept-Encoding" || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
				t.Fatalf("headers %v, want Vary: Accept-Encoding and the content type", rec.Header())
			}
		})
	}
}

// TestEncodedETags: each encoding has its own strong ETag, and a 304 answers only the
// encoding the client holds.
func TestEncodedETags(t *testing.T) {
	e := NewEncoded("text/html; charset=utf-8", "no-cache", page)
	tags := map[string]string{}
	for _, accept := range []string{"", "gzip", "br"} {
		tag := serve(t, e, http.MethodGet, "Accept-Encoding", accept).Header().Get("ETag")
		if !strings.HasPrefix(tag, `"`) {
			t.Fatalf("ETag=%q for %q, want a strong tag", tag, accept)
		}
		for other, seen := range tags {
			if seen == tag {
				t.Fatalf("%q and %q share the ETag %s", accept, other, tag)
			}
		}
		tags[accept] = tag
	}
	rec := serve(t, e, http.MethodGet, "Accept-Encoding", "br", "If-None-Match", tags["br"])
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != tags["br"] {
		t.Fatalf("revalidating br: %d, %d bytes, ETag %s; want 304, no body, the same tag", rec.Code, rec.Body.Len(), rec.Header().Get("ETag"))
	}
	rec = serve(t, e, http.MethodGet, "Accept-Encoding", "gzip", "If-None-Match", tags["br"])
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip client with a br tag: %d %q; want 200 gzip", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	rec = serve(t, e, http.MethodGet, "If-None-Match", "W/"+tags[""])
	if rec.Code != http.StatusNotModified {
		t.Fatalf("weakened identity tag: %d, want 304", rec.Code)
	}
}

func TestEncodedHead(t *testing.T) {
	e := NewEncoded("text/css; charset=utf-8", immutable, page)
	rec := serve(t, e, http.MethodHead, "Accept-Encoding", "gzip")
	br, _ := e.Bytes(Gzip)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != strconv.Itoa(len(br)) {
		t.Fatalf("HEAD: %d, %d bytes, Content-Length %s; want 200, no body, the gzip length %d", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"), len(br))
	}
}

// TestEncodedIncompressible keeps no compressed copy that is not smaller.
func TestEncodedIncompressible(t *testing.T) {
	e := NewEncoded("image/png", immutable, []byte{0x89, 'P', 'N', 'G'})
	if _, ok := e.Bytes(Brotli); ok {
		t.Fatalf("kept a Brotli copy of 4 bytes")
	}
	if got := serve(t, e, http.MethodGet, "Accept-Encoding", "br, gzip").Header().Get("Content-Encoding"); got != "" {
		t.Fatalf("Content-Encoding=%q, want identity", got)
	}
}

// discard is a ResponseWriter that keeps nothing, so that what Serve itself allocates
// can be counted.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

func TestEncodedServeDoesNotAllocate(t *testing.T) {
	e := NewEncoded("text/html; charset=utf-8", "no-cache", page)
	req := httptest.NewRequest(http.MethodGet, "/x", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
	req.Header.Set("If-None-Match", `"stale"`)
	w := &discard{h: http.Header{}}
	c := echo.New().NewContext(req, w)
	allocs := testing.AllocsPerRun(100, func() {
		clear(w.h)
		c.Reset(req, w)
		if err := e.Serve(c); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Serve allocates %v times a request, want 0", allocs)
	}
}

func FuzzParseAcceptEncoding(f *testing.F) {
	for _, s := range []string{"gzip, br;q=0.9", "*;q=0", "identity;q=0, br", ";;,,q=", "br;q=1.0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		for enc, q := range parseAcceptEncoding(header) {
			if q < 0 || q > 1000 {
				t.Fatalf("q[%v]=%d for %q, want 0..1000", Encoding(enc), q, header)
			}
		}
	})
}
