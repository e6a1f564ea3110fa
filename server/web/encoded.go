package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"

	"github.com/andybalholm/brotli"
	"github.com/labstack/echo/v4"
)

// Encoding is a content coding a response body is kept in.
type Encoding int

// The encodings, in the order preferred when a client accepts several equally.
const (
	Brotli Encoding = iota
	Gzip
	Identity
	numEncodings
)

var encodingNames = [numEncodings]string{Brotli: "br", Gzip: "gzip", Identity: "identity"}

func (e Encoding) String() string { return encodingNames[e] }

// Encoded is a response body compressed once, in every encoding it is served in; each
// request only picks one (Accept-Encoding with q-values) and writes it. Each encoding has
// its own strong ETag, since its bytes differ. The header values are built once too, so
// serving allocates nothing beyond what Echo does.
//
// The compressed copies are made when the body is: static files when they are loaded,
// with the best settings (paid once at start-up for a few files); a page when it is
// rendered (the first time it is asked for), with settings that keep that first request
// short. An Encoded never changes after it is built and is safe for concurrent use.
type Encoded struct {
	reps         [numEncodings]*representation // nil: no smaller than identity
	contentType  []string
	cacheControl []string
}

type representation struct {
	body         []byte
	etag         string
	etagHeader   []string
	lengthHeader []string
	encodingHdr  []string // nil for identity
}

// Shared header values: a response's header map holds them without copying, so none of
// them may be changed in place (only replaced, as Header.Set does).
var (
	varyAcceptEncoding = header("Accept-Encoding")
)

// header is a one-value header list whose capacity ends at its length, so an Add after
// it copies instead of writing into the shared array.
func header(v string) []string { return []string{v}[:1:1] }

// Compression settings. Static files get the best each format has. Pages get Brotli 5,
// within 10 % of Brotli 11's size at a small fraction of its time (Brotli 11 costs about
// 100 ms a page), and gzip 9.
var (
	bestQuality = [Identity]int{Brotli: brotli.BestCompression, Gzip: gzip.BestCompression}
	pageQuality = [Identity]int{Brotli: 5, Gzip: gzip.BestCompression}
)

// NewEncoded keeps a rendered page's body with its gzip and Brotli copies, made now. A
// compressed copy no smaller than the original (an image, a tiny file) is not kept, and
// the next acceptable encoding is served instead.
func NewEncoded(contentType, cacheControl string, body []byte) *Encoded {
	return newEncoded(contentType, cacheControl, body, pageQuality)
}

// NewEncodedNow keeps a static file with its copies compressed with the best settings.
func NewEncodedNow(contentType, cacheControl string, body []byte) *Encoded {
	return newEncoded(contentType, cacheControl, body, bestQuality)
}

func newEncoded(contentType, cacheControl string, body []byte, quality [Identity]int) *Encoded {
	e := &Encoded{contentType: header(contentType), cacheControl: header(cacheControl)}
	e.reps[Identity] = newRepresentation(body, Identity)
	if len(body) == 0 {
		return e
	}
	for _, enc := range [...]Encoding{Brotli, Gzip} {
		var c []byte
		if enc == Brotli {
			c = compressBrotli(body, quality[Brotli])
		} else {
			c = compressGzip(body, quality[Gzip])
		}
		if len(c) < len(body) {
			e.reps[enc] = newRepresentation(c, enc)
		}
	}
	return e
}

// rep returns the representation in enc; nil when that encoding is not kept.
func (e *Encoded) rep(enc Encoding) *representation { return e.reps[enc] }

func newRepresentation(body []byte, enc Encoding) *representation {
	etag := ETag(body)
	r := &representation{body: body, etag: etag, etagHeader: header(etag), lengthHeader: header(strconv.Itoa(len(body)))}
	if enc != Identity {
		r.encodingHdr = header(enc.String())
	}
	return r
}

func compressGzip(body []byte, level int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, level) // the level is valid
	_, _ = zw.Write(body)                     // writes to memory cannot fail
	_ = zw.Close()
	return buf.Bytes()
}

func compressBrotli(body []byte, quality int) []byte {
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, quality)
	_, _ = bw.Write(body)
	_ = bw.Close()
	return buf.Bytes()
}

// Body is the uncompressed body.
func (e *Encoded) Body() []byte { return e.reps[Identity].body }

// ETag is the identity encoding's strong ETag.
func (e *Encoded) ETag() string { return e.reps[Identity].etag }

// Bytes returns the body in enc, and false when that encoding is not kept.
func (e *Encoded) Bytes(enc Encoding) ([]byte, bool) {
	r := e.rep(enc)
	if r == nil {
		return nil, false
	}
	return r.body, true
}

// Serve writes the encoding the request prefers, or a 304 when the client already has
// that encoding's bytes (If-None-Match). HEAD gets the headers alone.
func (e *Encoded) Serve(c echo.Context) error {
	req := c.Request()
	r := e.choose(headerValue(req.Header, "Accept-Encoding"))
	h := c.Response().Header()
	h["Vary"] = varyAcceptEncoding
	h["Etag"] = r.etagHeader
	h["Cache-Control"] = e.cacheControl
	if inm := headerValue(req.Header, "If-None-Match"); inm != "" && ETagMatches(inm, r.etag) {
		c.Response().WriteHeader(http.StatusNotModified)
		return nil
	}
	h["Content-Type"] = e.contentType
	h["Content-Length"] = r.lengthHeader
	if r.encodingHdr != nil {
		h["Content-Encoding"] = r.encodingHdr
	}
	c.Response().WriteHeader(http.StatusOK)
	if req.Method == http.MethodHead {
		return nil
	}
	_, err := c.Response().Write(r.body)
	return err
}

// headerValue is h.Get(key) for a key already in canonical form, without canonicalising
// it again on every request.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// choose picks the kept encoding with the highest q-value in an Accept-Encoding header;
// ties go to the smaller body (Brotli, then gzip). Identity is always the fallback: a
// client that refuses it ("identity;q=0") and everything we have gets it anyway, as
// RFC 9110 §12.5.3 allows, rather than an error page it could not read either.
func (e *Encoded) choose(header string) *representation {
	if header == "" {
		return e.reps[Identity]
	}
	q := parseAcceptEncoding(header)
	for {
		best, bestQ := Identity, q[Identity]
		for _, enc := range [...]Encoding{Gzip, Brotli} {
			if q[enc] > 0 && q[enc] >= bestQ {
				best, bestQ = enc, q[enc]
			}
		}
		if r := e.rep(best); r != nil {
			return r
		}
		q[best] = 0 // not kept: the next choice
	}
}

// parseAcceptEncoding returns each encoding's q-value in thousandths (0: not acceptable).
// It does not allocate. Unlisted codings take the "*" entry's value; identity is
// acceptable unless it, or "*" with identity unlisted, says q=0.
func parseAcceptEncoding(header string) [numEncodings]int {
	var q [numEncodings]int
	var listed [numEncodings]bool
	star := -1
	for len(header) > 0 {
		var item string
		item, header = cutByte(header, ',')
		name, params := cutByte(item, ';')
		name = trimSpace(name)
		v := qValue(params)
		switch {
		case equalFold(name, "br"):
			q[Brotli], listed[Brotli] = v, true
		case equalFold(name, "gzip"), equalFold(name, "x-gzip"):
			q[Gzip], listed[Gzip] = v, true
		case equalFold(name, "identity"):
			q[Identity], listed[Identity] = v, true
		case name == "*":
			star = v
		}
	}
	for enc := range numEncodings {
		if !listed[enc] {
			switch {
			case star >= 0:
				q[enc] = star
			case enc == Identity:
				q[enc] = 1 // RFC 9110: identity is acceptable unless excluded
			}
		}
	}
	return q
}

// qValue reads ";q=0.5" from an item's parameters, in thousandths; 1000 without one.
func qValue(params string) int {
	for len(params) > 0 {
		var p string
		p, params = cutByte(params, ';')
		p = trimSpace(p)
		if len(p) < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=' {
			continue
		}
		return parseQ(p[2:])
	}
	return 1000
}

// parseQ parses a qvalue ("0", "0.8", "1.000"); anything malformed counts as 0.
func parseQ(s string) int {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0
	}
	v := int(s[0]-'0') * 1000
	if len(s) == 1 {
		return v
	}
	if s[1] != '.' || len(s) > 5 {
		return 0
	}
	scale := 100
	for _, ch := range []byte(s[2:]) {
		if ch < '0' || ch > '9' {
			return 0
		}
		v += int(ch-'0') * scale
		scale /= 10
	}
	return min(v, 1000)
}

func cutByte(s string, sep byte) (before, after string) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// equalFold is ASCII case-insensitive equality (strings.EqualFold handles Unicode).
func equalFold(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		a, b := s[i]|0x20, t[i]|0x20
		if a != b {
			return false
		}
	}
	return true
}
