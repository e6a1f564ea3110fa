package public_test

import (
	"compress/gzip"
	"crypto/tls"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestHomeNegotiates(t *testing.T) {
	f := MustServer(t, nil)
	tests := []struct {
		name, header, cookie, want string
	}{
		{"header", "fr-CA,fr;q=0.9,en;q=0.5", "", "/fr/"},
		{"Taiwan gets Traditional", "zh-TW", "", "/zh-Hant/"},
		{"Shahmukhi gets the default", "pa-PK", "", "/en/"},
		{"Dari", "prs", "", "/fa-AF/"},
		{"no header", "", "", "/en/"},
		{"saved choice beats header", "fr", "ar", "/ar/"},
		{"malformed header", ";;q=x,,", "", "/en/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := []string{"Accept-Language", tt.header}
			if tt.cookie != "" {
				headers = append(headers, "Cookie", "outreach_locale="+tt.cookie)
			}
			res, _ := f.get(t, "/", headers...)
			if res.StatusCode != http.StatusFound {
				t.Fatalf("Status=%v, want %v", res.StatusCode, http.StatusFound)
			}
			if got := res.Header.Get("Location"); got != tt.want {
				t.Fatalf("Location=%v, want %v", got, tt.want)
			}
			if vary := strings.Join(res.Header.Values("Vary"), ","); !strings.Contains(vary, "Accept-Language") || !strings.Contains(vary, "Cookie") {
				t.Fatalf("Vary=%q, want Accept-Language and Cookie", vary)
			}
		})
	}
}

func TestManualChoiceIsRemembered(t *testing.T) {
	f := MustServer(t, nil)
	res, _ := f.get(t, "/ar/calling-police", "Accept-Language", "fr")
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "outreach_locale" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "ar" || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie=%v, want outreach_locale=ar, HttpOnly, SameSite=Lax", cookie)
	}
	res, _ = f.get(t, "/", "Accept-Language", "fr", "Cookie", cookie.String())
	if got := res.Header.Get("Location"); got != "/ar/" {
		t.Fatalf("Location=%v, want /ar/ (the saved choice, not the header)", got)
	}
}

func TestRedirects(t *testing.T) {
	f := MustServer(t, nil)
	tests := []struct {
		path, header string
		status       int
		want         string
	}{
		{"/fr", "", http.StatusMovedPermanently, "/fr/"},
		{"/FR/", "", http.StatusMovedPermanently, "/fr/"},
		{"/prs/", "", http.StatusMovedPermanently, "/fa-AF/"},
		{"/fil/calling-police", "", http.StatusMovedPermanently, "/tl/calling-police"},
		{"/zh-TW/calling-police", "", http.StatusMovedPermanently, "/zh-Hant/calling-police"},
		{"/calling-police", "es", http.StatusFound, "/es/calling-police"},
	}
	for _, tt := range tests {
		res, _ := f.get(t, tt.path, "Accept-Language", tt.header)
		if res.StatusCode != tt.status || res.Header.Get("Location") != tt.want {
			t.Fatalf("GET %s: Status=%v Location=%v, want %v %v", tt.path, res.StatusCode, res.Header.Get("Location"), tt.status, tt.want)
		}
	}
}

var (
	htmlTag = regexp.MustCompile(`<html lang="([^"]+)" dir="(ltr|rtl)">`)
	h1      = regexp.MustCompile(`<h1[ >]`)
)

func TestPageStructure(t *testing.T) {
	f := MustServer(t, nil)
	for _, l := range f.Locales.All() {
		for _, path := range []string{"/" + l.ID + "/", "/" + l.ID + "/calling-police"} {
			res, body := f.get(t, path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: Status=%v, want 200", path, res.StatusCode)
			}
			m := htmlTag.FindStringSubmatch(body)
			if m == nil || m[1] != l.ID || m[2] != l.Dir {
				t.Fatalf("GET %s: html tag %v, want lang=%s dir=%s", path, m, l.ID, l.Dir)
			}
			if n := len(h1.FindAllString(body, -1)); n != 1 {
				t.Fatalf("GET %s: %d h1 elements, want 1", path, n)
			}
			for _, landmark := range []string{"<header", "<main", "<footer", `<nav id="languages"`} {
				if !strings.Contains(body, landmark) {
					t.Fatalf("GET %s: no %s landmark", path, landmark)
				}
			}
			for _, other := range f.Locales.All() {
				link := fmt.Sprintf(`lang="%s" hreflang="%s" dir="%s"`, other.ID, other.ID, other.Dir)
				if !strings.Contains(body, link) || !strings.Contains(body, ">"+other.Autonym+"</a>") {
					t.Fatalf("GET %s: switcher has no %s link with autonym %s", path, other.ID, other.Autonym)
				}
			}
			if !strings.Contains(body, `<a href="tel:911" dir="ltr">911</a>`) {
				t.Fatalf("GET %s: no tap-to-call emergency number", path)
			}
		}
	}
}

func TestSwitcherStaysOnPamphlet(t *testing.T) {
	f := MustServer(t, nil)
	_, body := f.get(t, "/es/fraud-and-scams")
	if !strings.Contains(body, `<a href="/ar/fraud-and-scams" lang="ar" hreflang="ar" dir="rtl">`) {
		t.Fatalf("switcher does not link to the same pamphlet in Arabic")
	}
	if !strings.Contains(body, `aria-current="page">español</a>`) {
		t.Fatalf("switcher does not mark the current language")
	}
}

func TestHreflangAlternates(t *testing.T) {
	f := MustFixtureServer(t)
	_, body := f.get(t, "/fr/alpha")
	for _, id := range []string{"en", "fr", "ar", "fa"} {
		want := fmt.Sprintf(`<link rel="alternate" hreflang="%s" href="http://example.com/%s/alpha">`, id, id)
		if !strings.Contains(body, want) {
			t.Fatalf("no alternate %s", want)
		}
	}
	if strings.Contains(body, `hreflang="ta" href=`) {
		t.Fatalf("alternate for ta, which has no translation")
	}
}

func TestFallbackNotice(t *testing.T) {
	f := MustFixtureServer(t)
	ta := f.UI.For("ta")
	tamil, _ := f.Locales.Get("ta")
	en, _ := f.Locales.Get("en")
	res, body := f.get(t, "/ta/alpha")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("Status=%v, want 200", res.StatusCode)
	}
	want := ta.T("FallbackNotice", "Wanted", tamil.Name(tamil), "Shown", tamil.Name(en))
	if !strings.Contains(body, want) {
		t.Fatalf("no fallback notice %q in Tamil", want)
	}
	if !strings.Contains(body, `<article lang="en" dir="ltr">`) || !strings.Contains(body, "ALPHA-EN") {
		t.Fatalf("fallback text not marked lang=en dir=ltr")
	}
	// Dari falls back to Persian, not to English.
	_, body = f.get(t, "/fa-AF/alpha")
	if !strings.Contains(body, "ALPHA-FA") || !strings.Contains(body, `<article lang="fa" dir="rtl">`) {
		t.Fatalf("fa-AF did not fall back along its chain to fa")
	}
	// A locale's own translation has no notice.
	_, body = f.get(t, "/en/alpha")
	if strings.Contains(body, `class="notice"`) {
		t.Fatalf("notice on the source text")
	}
}

func TestMachineAndStaleNotices(t *testing.T) {
	f := MustFixtureServer(t)
	_, body := f.get(t, "/fr/alpha")
	if !strings.Contains(body, `role="note">`+esc(f.UI.For("fr").T("MachineNotice"))) {
		t.Fatalf("no machine notice on a machine translation")
	}
	if !strings.Contains(body, `<a href="/en/alpha" lang="en" hreflang="en">`) {
		t.Fatalf("no link to the original")
	}
	if strings.Contains(body, "ALPHA-FR") == false || strings.Contains(body, `<article lang=`) {
		t.Fatalf("own translation served with a lang override")
	}
	ar, _ := f.Locales.Get("ar")
	en, _ := f.Locales.Get("en")
	_, body = f.get(t, "/ar/alpha")
	if !strings.Contains(body, esc(f.UI.For("ar").T("StaleNotice", "Source", ar.Name(en)))) {
		t.Fatalf("no stale notice on a translation of an older revision")
	}
	if strings.Contains(body, `role="note">`+esc(f.UI.For("ar").T("MachineNotice"))) {
		t.Fatalf("machine notice on a reviewed translation")
	}
}

func esc(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

func TestMachineInterfaceIsSaid(t *testing.T) {
	f := MustServer(t, nil)
	notice := esc(f.UI.For("so").T("MachineNotice"))
	for path, want := range map[string]int{"/so/": 1, "/so/calling-police": 1, "/so/home-security": 1, "/en/": 0} {
		_, body := f.get(t, path)
		if got := strings.Count(body, notice); got != want {
			t.Fatalf("GET %s: machine notice %d times, want %d", path, got, want)
		}
	}
}

func TestIndexListsTopicsWithFallbacks(t *testing.T) {
	f := MustFixtureServer(t)
	_, body := f.get(t, "/fr/")
	for _, want := range []string{`href="/fr/alpha"`, "Alpha en français", `href="/fr/beta"`, `<a href="/fr/beta" lang="en" dir="ltr">`, "anglais"} {
		if !strings.Contains(body, want) {
			t.Fatalf("index has no %q", want)
		}
	}
	if strings.Index(body, "topic-services") > strings.Index(body, "topic-safety") {
		t.Fatalf("topics out of order")
	}
}

func TestNotFoundInReadersLanguage(t *testing.T) {
	f := MustServer(t, nil)
	tests := []struct{ path, header, locale string }{
		{"/fr/no-such-pamphlet", "", "fr"},
		{"/xx/", "es", "es"},
		{"/ar/a/b/c", "fr", "ar"},
		{"/no-such-thing", "uk", "uk"},
	}
	for _, tt := range tests {
		res, body := f.get(t, tt.path, "Accept-Language", tt.header)
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("GET %s: Status=%v, want 404", tt.path, res.StatusCode)
		}
		want := esc(f.UI.For(tt.locale).T("NotFoundTitle"))
		if !strings.Contains(body, want) || !strings.Contains(body, `<html lang="`+tt.locale+`"`) {
			t.Fatalf("GET %s: 404 page not in %s", tt.path, tt.locale)
		}
	}
	res, body := f.get(t, "/api/v1/nothing", "Accept-Language", "fr")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, `"code":"not_found"`) {
		t.Fatalf("API 404: Status=%v body=%s, want JSON not_found", res.StatusCode, body)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	f := MustServer(t, nil)
	res, body := f.do(t, http.MethodPost, "/fr/calling-police")
	if res.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(body, esc(f.UI.For("fr").T("MethodNotAllowed"))) {
		t.Fatalf("POST: Status=%v, want 405 with a French message", res.StatusCode)
	}
}

func TestETagAndCaching(t *testing.T) {
	f := MustServer(t, nil)
	res, _ := f.get(t, "/fr/calling-police")
	etag := res.Header.Get("ETag")
	if etag == "" || res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag=%q Cache-Control=%q, want an ETag and no-cache", etag, res.Header.Get("Cache-Control"))
	}
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag} {
		res, body := f.get(t, "/fr/calling-police", "If-None-Match", inm)
		if res.StatusCode != http.StatusNotModified || body != "" {
			t.Fatalf("If-None-Match %s: Status=%v len=%d, want 304 and no body", inm, res.StatusCode, len(body))
		}
	}
	res, _ = f.get(t, "/fr/calling-police", "If-None-Match", `"stale"`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("changed ETag: Status=%v, want 200", res.StatusCode)
	}
	_, body := f.get(t, "/fr/calling-police")
	css := regexp.MustCompile(`href="(/static/style\.[0-9a-f]+\.css)"`).FindStringSubmatch(body)
	if css == nil {
		t.Fatalf("no hashed stylesheet link")
	}
	res, _ = f.get(t, css[1])
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("stylesheet: Status=%v Cache-Control=%q, want 200 immutable", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

func TestGzip(t *testing.T) {
	f := MustServer(t, nil)
	res, body := f.get(t, "/uk/victim-services", "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding=%q, want gzip", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !strings.Contains(string(plain), `<html lang="uk"`) {
		t.Fatalf("gzip body is not the page")
	}
}

// TestPageWeight keeps every pamphlet page, with its stylesheet, within 30 KB
// uncompressed, for readers on prepaid data.
// TestPageWeight keeps every pamphlet small on a prepaid phone: what the browser
// downloads (gzip, as every browser asks for it) for the page and its stylesheet fits in
// the first round trip of a new connection (about 14 KB); uncompressed, in scripts of three
// bytes a character, it stays under 48 KB.
func TestPageWeight(t *testing.T) {
	f := MustServer(t, nil)
	_, index := f.get(t, "/en/")
	css := regexp.MustCompile(`href="(/static/style\.[0-9a-f]+\.css)"`).FindStringSubmatch(index)
	_, style := f.get(t, css[1], "Accept-Encoding", "gzip")
	_, rawStyle := f.get(t, css[1])
	for _, l := range f.Locales.All() {
		for _, p := range f.Pamphlets.All() {
			path := "/" + l.ID + "/" + p.Slug
			res, body := f.get(t, path, "Accept-Encoding", "gzip")
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("%s: not compressed", path)
			}
			if total := len(body) + len(style); total > 14*1024 {
				t.Fatalf("%s with CSS is %d bytes compressed, want at most 14 KB", path, total)
			}
			if _, raw := f.get(t, path); len(raw)+len(rawStyle) > 48*1024 {
				t.Fatalf("%s with CSS is %d bytes, want at most 48 KB", path, len(raw)+len(rawStyle))
			}
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := MustServer(t, nil)
	for _, path := range []string{"/", "/en/", "/en/calling-police", "/nope/nope/nope", "/healthz", "/sitemap.xml"} {
		res, _ := f.get(t, path)
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Fatalf("GET %s: CSP=%q", path, csp)
		}
		if res.Header.Get("Referrer-Policy") != "no-referrer" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("GET %s: missing Referrer-Policy or X-Content-Type-Options", path)
		}
	}
}

func TestNoInlineScriptOrStyle(t *testing.T) {
	f := MustServer(t, nil)
	_, body := f.get(t, "/ar/victim-services")
	for _, bad := range []string{"<style", " style=", " onclick="} {
		if strings.Contains(body, bad) {
			t.Fatalf("page contains %q", bad)
		}
	}
	scripts := regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1)
	for _, tag := range scripts {
		if !regexp.MustCompile(`^<script src="/static/[\w.-]+\.js" defer>$`).MatchString(tag) {
			t.Fatalf("page has a script that is not an external static file: %s", tag)
		}
	}
}

// TestVictimSupportQuickExit: victim-support pages (and only those) have a "leave this
// page quickly" link to a neutral site that works without JavaScript.
func TestVictimSupportQuickExit(t *testing.T) {
	f := MustServer(t, nil)
	for _, tt := range []struct {
		path string
		want bool
	}{{"/en/victim-services", true}, {"/ar/victim-services", true}, {"/en/elder-abuse", true}, {"/en/calling-police", false}, {"/en/home-security", false}} {
		_, body := f.get(t, tt.path)
		has := strings.Contains(body, `<a id="quick-exit" href="https://`) && strings.Contains(body, "quick-exit.")
		if has != tt.want {
			t.Fatalf("%s quick exit=%v, want %v", tt.path, has, tt.want)
		}
	}
}

// TestMachineTranslationMarkup: a machine translation's main content says so in its
// lang (BCP 47 private use "x-mtfrom-en"), each section links to the same section of the
// original, and every pamphlet says when its facts were last checked.
func TestMachineTranslationMarkup(t *testing.T) {
	f := MustServer(t, nil)
	_, body := f.get(t, "/fr/calling-police")
	if !strings.Contains(body, `<main id="main" class="wrap" tabindex="-1" lang="fr-x-mtfrom-en">`) {
		t.Fatalf("machine translation's <main> has no lang=fr-x-mtfrom-en")
	}
	if !strings.Contains(body, `<h2 id="s1">`) || !strings.Contains(body, `<a href="/en/calling-police#s1" lang="en" hreflang="en">`) {
		t.Fatalf("the first section does not link to the same section of the original")
	}
	_, en := f.get(t, "/en/calling-police")
	if strings.Contains(en, "x-mtfrom") || !strings.Contains(en, `<h2 id="s1">`) || !strings.Contains(en, "2026-11-29") {
		t.Fatalf("the original is marked as a translation, has no section ids, or no checked date")
	}
	if !strings.Contains(body, "2026-11-29") {
		t.Fatalf("a translation does not show when the facts were last checked")
	}
}

func TestHealthzAndHead(t *testing.T) {
	f := MustServer(t, nil)
	res, body := f.get(t, "/healthz")
	if res.StatusCode != http.StatusOK || body != "ok\n" {
		t.Fatalf("healthz: Status=%v body=%q", res.StatusCode, body)
	}
	res, body = f.do(t, http.MethodHead, "/en/calling-police")
	if res.StatusCode != http.StatusOK || body != "" {
		t.Fatalf("HEAD: Status=%v len=%d, want 200 and no body", res.StatusCode, len(body))
	}
}

func TestSitemap(t *testing.T) {
	f := MustFixtureServer(t)
	res, body := f.get(t, "/sitemap.xml")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("Status=%v, want 200", res.StatusCode)
	}
	var set struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &set); err != nil {
		t.Fatal(err)
	}
	// 7 locale indexes + alpha in 4 locales + beta in 1.
	if len(set.URLs) != 7+4+1 {
		t.Fatalf("%d URLs, want 12", len(set.URLs))
	}
	for _, u := range set.URLs {
		if u.Loc == "http://example.com/ar/alpha" && len(u.Links) != 4 {
			t.Fatalf("ar/alpha has %d alternates, want 4", len(u.Links))
		}
	}
}

// TestConcurrentLocales renders pages in many languages at once: each page must be
// entirely in its own language (templates bind translations per locale).
func TestConcurrentLocales(t *testing.T) {
	f := MustServer(t, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := 0; i < 200; i++ {
		l := f.Locales.All()[i%len(f.Locales.All())]
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, body := f.get(t, "/"+l.ID+"/")
			if want := esc(f.UI.For(l.ID).T("HomeTitle")); !strings.Contains(body, "<h1>"+want+"</h1>") {
				errs <- fmt.Errorf("/%s/: h1 is not %q", l.ID, want)
			}
			if want := esc(f.UI.For(l.ID).T("SkipToContent")); !strings.Contains(body, want) {
				errs <- fmt.Errorf("/%s/: skip link is not %q", l.ID, want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// TestTemplateKeysExist checks every message id a template uses against the reference
// locale file.
func TestTemplateKeysExist(t *testing.T) {
	f := MustServer(t, nil)
	keys := map[string]bool{}
	for _, k := range f.UI.Keys() {
		keys[k] = true
	}
	used := regexp.MustCompile(`\{\{[^}]*?\b(?:T|N|phone) "(\w+)"`)
	files, err := templateFiles()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, text := range files {
		for _, m := range used.FindAllStringSubmatch(text, -1) {
			n++
			if !keys[m[1]] {
				t.Fatalf("%s uses message %q, which is not in the reference locale", name, m[1])
			}
		}
	}
	if n < 10 {
		t.Fatalf("found only %d message uses in templates: the pattern is broken", n)
	}
}

func TestHSTSOnlyOverHTTPS(t *testing.T) {
	f := MustServer(t, nil)
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.TLS = &tls.ConnectionState{}
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	if !strings.Contains(rec.Header().Get("Strict-Transport-Security"), "max-age=") {
		t.Fatalf("no HSTS over TLS")
	}
	res, _ := f.get(t, "/healthz", "X-Forwarded-Proto", "https")
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Fatalf("HSTS over plain HTTP because an untrusted client said https")
	}
}
