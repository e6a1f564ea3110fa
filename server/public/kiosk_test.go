package public_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/outreach-project/outreach/internal/browsertest"
	"github.com/outreach-project/outreach/internal/kiosk"
)

// swConfig is the precache list the kiosk's service worker script starts with.
type swConfig struct {
	Cache, Prefix, Home string
	URLs                []string
}

var swConfigLine = regexp.MustCompile(`^const KIOSK = (\{.*\});\n`)

// kioskFiles reads a kiosk's service worker and returns its configuration: every URL
// of the kiosk.
func (f *fixture) kioskFiles(tb testing.TB, key string) swConfig {
	tb.Helper()
	res, body := f.get(tb, "/kiosk/"+key+"/sw.js")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		tb.Fatalf("GET sw.js: Status=%v Content-Type=%v, want 200 and JavaScript", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if got := res.Header.Get("Cache-Control"); got != "no-cache" {
		tb.Fatalf("sw.js Cache-Control=%v, want no-cache so that new content is found", got)
	}
	m := swConfigLine.FindStringSubmatch(body)
	if m == nil {
		tb.Fatalf("sw.js does not start with its configuration:\n%.300s", body)
	}
	var cfg swConfig
	if err := json.Unmarshal([]byte(m[1]), &cfg); err != nil {
		tb.Fatal(err)
	}
	return cfg
}

var (
	attrURL     = regexp.MustCompile(`\s(?:href|src|action|formaction|data-home|data-sw)="([^"]*)"`)
	scriptTag   = regexp.MustCompile(`<script\b[^>]*>`)
	inlineStyle = regexp.MustCompile(`\sstyle=|\son[a-z]+=|<style\b`)
	htmlLang    = regexp.MustCompile(`<html lang="([^"]+)" dir="(ltr|rtl)">`)
)

// checkKioskPage: nothing leads outside the kiosk, and nothing needs 'unsafe-inline'.
func checkKioskPage(tb testing.TB, path, body, allowedPrefix string) {
	tb.Helper()
	for _, m := range attrURL.FindAllStringSubmatch(body, -1) {
		if !strings.HasPrefix(m[1], allowedPrefix) && !strings.HasPrefix(m[1], "/static/") {
			tb.Fatalf("%s links to %q, outside the kiosk", path, m[1])
		}
	}
	for _, tag := range scriptTag.FindAllString(body, -1) {
		if !strings.Contains(tag, " src=") {
			tb.Fatalf("%s has an inline script %s", path, tag)
		}
	}
	if m := inlineStyle.FindString(body); m != "" {
		tb.Fatalf("%s has inline style or an event handler attribute: %q", path, m)
	}
}

// TestKioskEveryPageEveryLocale fetches every file the service worker precaches — every
// page in every locale, every QR code — and checks each page.
func TestKioskEveryPageEveryLocale(t *testing.T) {
	f := MustServer(t, nil)
	cfg := f.kioskFiles(t, "central")
	pages, codes := 0, 0
	for _, u := range cfg.URLs {
		res, body := f.get(t, u)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: Status=%v, want 200", u, res.StatusCode)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Fatalf("GET %s: Content-Security-Policy=%q, want the strict policy", u, csp)
		}
		switch {
		case strings.HasSuffix(u, ".svg"):
			codes++
		case strings.HasPrefix(res.Header.Get("Content-Type"), "text/html"):
			pages++
			checkKioskPage(t, u, body, "/kiosk/central/")
			checkKioskLang(t, f, u, body)
		}
	}
	perLocale := 3 // topics, language grid, search screen
	wantPages := 1 + perLocale*len(f.Locales.All())
	for _, l := range f.Locales.All() {
		for _, p := range f.Pamphlets.All() {
			if _, ok := p.Resolve(l.Chain); ok {
				wantPages++
			}
		}
	}
	if pages != wantPages || codes != wantPages-1-perLocale*len(f.Locales.All()) {
		t.Fatalf("precached %d pages and %d QR codes, want %d pages and a code for each pamphlet page", pages, codes, wantPages)
	}
}

// checkKioskLang: a kiosk page in a locale says so, with the locale's direction, and
// speaks it.
func checkKioskLang(tb testing.TB, f *fixture, path, body string) {
	tb.Helper()
	m := htmlLang.FindStringSubmatch(body)
	if m == nil {
		tb.Fatalf("%s has no <html lang dir>", path)
	}
	segs := strings.Split(strings.TrimPrefix(path, "/kiosk/central/"), "/")
	id := segs[0]
	switch {
	case path == "/kiosk/central/":
		id = f.Locales.Default().ID
	case segs[0] == "languages":
		id = segs[1]
	}
	l, ok := f.Locales.Get(id)
	if !ok || m[1] != l.ID || m[2] != l.Dir {
		tb.Fatalf("%s: <html lang=%q dir=%q>, want %q %q", path, m[1], m[2], id, l.Dir)
	}
	if want := esc(f.UI.For(l.ID).T("KioskStartOver")); path != "/kiosk/central/" && !strings.Contains(body, want) {
		tb.Fatalf("%s: no %q, the kiosk's buttons are not in %s", path, want, l.ID)
	}
}

func TestKioskAttractGreetsInEveryLanguage(t *testing.T) {
	f := MustServer(t, nil)
	res, body := f.get(t, "/kiosk/thorncliffe/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("Status=%v, want 200", res.StatusCode)
	}
	for _, l := range f.Locales.All() {
		tile := fmt.Sprintf(`href="/kiosk/thorncliffe/%s/" lang="%s" dir="%s"><span class="greet">%s</span> <span class="autonym">%s</span>`,
			l.ID, l.ID, l.Dir, esc(f.UI.For(l.ID).T("KioskGreeting")), esc(l.Autonym))
		if !strings.Contains(body, tile) {
			t.Fatalf("attract screen has no tile %s", tile)
		}
	}
	// The branch's communities first: Urdu, then Dari.
	tile := func(id string) int { return strings.Index(body, `href="/kiosk/thorncliffe/`+id+`/"`) }
	if ur, dari, en := tile("ur"), tile("fa-AF"), tile("en"); ur < 0 || dari < ur || en < dari {
		t.Fatalf("tiles not in the kiosk's order (ur=%d fa-AF=%d)", ur, dari)
	}
}

func TestKioskRedirectsAndNotFound(t *testing.T) {
	f := MustServer(t, nil)
	tests := []struct {
		path     string
		status   int
		location string
	}{
		{"/kiosk", http.StatusFound, "/kiosk/central/"},
		{"/kiosk/", http.StatusFound, "/kiosk/central/"},
		{"/kiosk/central", http.StatusMovedPermanently, "/kiosk/central/"},
		{"/kiosk/central/ar", http.StatusMovedPermanently, "/kiosk/central/ar/"},
		{"/kiosk/central/prs/calling-police", http.StatusMovedPermanently, "/kiosk/central/fa-AF/calling-police"},
		{"/kiosk/central/ZH-hant/", http.StatusMovedPermanently, "/kiosk/central/zh-Hant/"},
		{"/kiosk/nowhere/", http.StatusNotFound, ""},
		{"/kiosk/central/en/no-such-pamphlet", http.StatusNotFound, ""},
		{"/kiosk/central/xx/", http.StatusNotFound, ""},
		{"/kiosk/central/languages/xx", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		res, _ := f.get(t, tt.path)
		if res.StatusCode != tt.status || res.Header.Get("Location") != tt.location {
			t.Fatalf("GET %s: Status=%v Location=%q, want %v %q", tt.path, res.StatusCode, res.Header.Get("Location"), tt.status, tt.location)
		}
	}
}

// TestKioskQRCodeOpensPublicPage: the code on a kiosk page decodes to the public page of
// the same pamphlet in the same language, with no kiosk key and no parameters.
func TestKioskQRCodeOpensPublicPage(t *testing.T) {
	for _, base := range []string{"", "https://outreach.example.org"} {
		g := mustServer(t, nil, base, nil)
		want := "https://outreach.example.org/ar/victim-services"
		if base == "" {
			want = "http://example.com/ar/victim-services" // httptest's request host
		}
		_, page := g.get(t, "/kiosk/central/ar/victim-services")
		if !strings.Contains(page, `<img class="qr" src="/kiosk/central/ar/victim-services.svg"`) || !strings.Contains(page, `<span dir="ltr">`+want+`</span>`) {
			t.Fatalf("pamphlet page has no QR code image or no address %s", want)
		}
		res, svg := g.get(t, "/kiosk/central/ar/victim-services.svg")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" {
			t.Fatalf("GET QR code: Status=%v Content-Type=%v, want 200 image/svg+xml", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if got := browsertest.DecodeQR(t, browsertest.RasteriseQRSVG(t, []byte(svg), 4)); got != want {
			t.Fatalf("QR code decodes to %q, want %q", got, want)
		}
	}
}

// TestKioskNeutralisesLinks: a pamphlet's links to other sites become text on the kiosk
// (the public page keeps them), and phone numbers are text too.
func TestKioskNeutralisesLinks(t *testing.T) {
	content := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("testdata/content"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile("testdata/content/" + p)
		content[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	content["gamma/en.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Gamma\"\nsummary = \"Links.\"\ntopic = \"safety\"\norder = 5\nstatus = \"reviewed\"\nrevision = 1\n+++\n\n" +
		"Read [the city's page](https://city.example/safety \"City\") or <https://other.example/x>, or call {{phone.emergency}}.\n")}
	f := MustServer(t, content)
	_, public := f.get(t, "/en/gamma")
	if !strings.Contains(public, `href="https://city.example/safety"`) {
		t.Fatalf("public page lost its link:\n%s", public)
	}
	_, body := f.get(t, "/kiosk/default/en/gamma")
	checkKioskPage(t, "/kiosk/default/en/gamma", body, "/kiosk/default/")
	for _, want := range []string{`<span class="link">the city’s page</span>`, `<span class="link">https://other.example/x</span>`, `<span class="tel" dir="ltr">911</span>`} {
		if !strings.Contains(body, want) {
			t.Fatalf("kiosk page has no %s:\n%s", want, body)
		}
	}
}

// TestKioskNotices: the kiosk shows the public site's fallback, machine and stale
// notices, in the reader's language, linking to the original inside the kiosk.
func TestKioskNotices(t *testing.T) {
	f := MustFixtureServer(t) // its locales do not fit the built-in kiosk file: one default kiosk
	tests := []struct {
		path string
		want []string
	}{
		{"/kiosk/default/ta/beta", []string{`<p class="notice" role="note">` + esc(f.UI.For("ta").T("FallbackNotice", "Wanted", "தமிழ்", "Shown", "ஆங்கிலம்"))}},
		{"/kiosk/default/fr/alpha", []string{esc(f.UI.For("fr").T("MachineNotice")), `href="/kiosk/default/en/alpha"`}},
		{"/kiosk/default/ar/alpha", []string{esc(f.UI.For("ar").T("StaleNotice", "Source", "الإنجليزية")), `href="/kiosk/default/en/alpha"`}},
	}
	for _, tt := range tests {
		res, body := f.get(t, tt.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: Status=%v, want 200", tt.path, res.StatusCode)
		}
		for _, want := range tt.want {
			if !strings.Contains(body, want) {
				t.Fatalf("GET %s: no %s in\n%s", tt.path, want, body)
			}
		}
	}
	if res, _ := f.get(t, "/kiosk"); res.Header.Get("Location") != "/kiosk/default/" {
		t.Fatalf("/kiosk Location=%v, want the default kiosk", res.Header.Get("Location"))
	}
}

// TestServeKiosks: a deployment's kiosk file replaces the built-in one.
func TestServeKiosks(t *testing.T) {
	reg := MustServer(t, nil).Locales
	cfg, err := kiosk.Parse("kiosks.toml", []byte("[[kiosk]]\nkey = \"east\"\nbranch = \"East Branch\"\nlanguages = [\"so\"]\nidle_seconds = 5\n"), reg)
	if err != nil {
		t.Fatal(err)
	}
	f := mustServer(t, nil, "", cfg)
	if res, _ := f.get(t, "/kiosk"); res.Header.Get("Location") != "/kiosk/east/" {
		t.Fatalf("/kiosk Location=%v, want /kiosk/east/", res.Header.Get("Location"))
	}
	if res, _ := f.get(t, "/kiosk/central/"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("built-in kiosk Status=%v, want 404 once replaced", res.StatusCode)
	}
	_, body := f.get(t, "/kiosk/east/en/")
	for _, want := range []string{`data-idle="5"`, `data-countdown="30"`, "East Branch"} {
		if !strings.Contains(body, want) {
			t.Fatalf("kiosk page has no %s", want)
		}
	}
	_, attract := f.get(t, "/kiosk/east/")
	if first := strings.Index(attract, `class="tile"`); first < 0 || !strings.HasPrefix(attract[first:], `class="tile" href="/kiosk/east/so/"`) {
		t.Fatalf("first tile is not Somali")
	}
}

// TestKioskCacheVersion: the service worker's cache name is a hash of the content: the
// same for the same content, new for new content.
func TestKioskCacheVersion(t *testing.T) {
	a := MustServer(t, nil).kioskFiles(t, "central").Cache
	b := MustServer(t, nil).kioskFiles(t, "central").Cache
	if a != b || !strings.HasPrefix(a, "outreach-kiosk-central-") {
		t.Fatalf("cache names %q and %q, want one name for the same content", a, b)
	}
	f := MustFixtureServer(t)
	c := f.kioskFiles(t, "default").Cache
	if c == a || !strings.HasPrefix(c, "outreach-kiosk-default-") {
		t.Fatalf("cache name %q for other content, want a new one", c)
	}
}

// TestKioskConcurrent renders kiosks in many languages at once, the first time from
// many goroutines: each page is in its own language.
func TestKioskConcurrent(t *testing.T) {
	f := MustServer(t, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 100; i++ {
		l := f.Locales.All()[i%len(f.Locales.All())]
		key := []string{"central", "thorncliffe", "scarborough"}[i%3]
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, body := f.get(t, "/kiosk/"+key+"/"+l.ID+"/")
			if want := "<h1>" + esc(f.UI.For(l.ID).T("HomeTitle")) + "</h1>"; !strings.Contains(body, want) {
				errs <- fmt.Errorf("/kiosk/%s/%s/: no %s", key, l.ID, want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
