package public_test

// Browser tests of the kiosk in headless Chromium (Debian's chromium, driven by
// chromedp): idle countdown and reset, offline after the server stops and new content
// when it is back, the QR code as the browser draws it, right-to-left layout, touch
// targets, and axe-core. They skip loudly without chromium or axe-core, and fail
// instead with OUTREACH_REQUIRE_BROWSER=1. OUTREACH_SCREENSHOTS=1 also writes the
// screenshots in docs/screenshots.

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/browsertest"
	"github.com/outreach-project/outreach/internal/kiosk"
)

// browserTimeout bounds one browser test; the waits inside are generous on purpose:
// under -race on two cores, rendering and compressing a whole kiosk for its service
// worker takes over a minute.
const browserTimeout = 5 * time.Minute

// waitJS waits until expr is true in the page.
func waitJS(tb testing.TB, ctx context.Context, expr string, timeout time.Duration) {
	tb.Helper()
	browsertest.WaitJS(tb, ctx, expr, timeout)
}

// sharedKioskSite is the test kiosk site every browser test that leaves the server
// running shares: a browser's service worker precaches the whole kiosk, and a new server
// would render and compress all of it again for each test.
var sharedKioskSite struct {
	once sync.Once
	f    *fixture
	ts   *httptest.Server // open until the test binary ends
	cut  atomic.Bool      // the network is down: every connection is dropped unanswered
}

// CutKioskNetwork drops every request to the shared kiosk site, as a dropped network
// would, until the test ends.
func CutKioskNetwork(tb testing.TB) {
	sharedKioskSite.cut.Store(true)
	tb.Cleanup(func() { sharedKioskSite.cut.Store(false) })
}

// MustKioskSite serves the default content with one test kiosk, "test", whose idle
// time is short, over a real listener for the browser. It is shared: a test must not
// stop it.
func MustKioskSite(tb testing.TB) (*fixture, *httptest.Server) {
	tb.Helper()
	sharedKioskSite.once.Do(func() {
		cfg, err := kiosk.Parse("test-kiosks.toml", []byte("[[kiosk]]\nkey = \"test\"\nbranch = \"Test Branch\"\nlanguages = [\"ar\", \"en\"]\nidle_seconds = 2\ncountdown_seconds = 20\n"), MustServer(tb, nil).Locales)
		if err != nil {
			tb.Fatal(err)
		}
		sharedKioskSite.f = mustServer(tb, nil, "", cfg)
		sharedKioskSite.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if sharedKioskSite.cut.Load() {
				if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
					conn.Close()
				}
				return
			}
			sharedKioskSite.f.ServeHTTP(w, r)
		}))
	})
	if sharedKioskSite.ts == nil {
		tb.Fatalf("the shared kiosk site failed to start in an earlier test")
	}
	return sharedKioskSite.f, sharedKioskSite.ts
}

// TestKioskBrowserIdleReset: after the idle time a dialog counts down from at least 20
// seconds; a touch continues; at zero the kiosk is back on the attract screen with its
// storage cleared and no history to go back through.
func TestKioskBrowserIdleReset(t *testing.T) {
	ctx := browsertest.MustBrowser(t, browserTimeout)
	f, ts := MustKioskSite(t)
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/"))
	history := browsertest.EvalString(t, ctx, `String(history.length)`)
	browsertest.MustDo(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/kiosk/test/ar/"]`)))
	waitJS(t, ctx, `location.pathname === "/kiosk/test/ar/" && document.readyState === "complete"`, 20*time.Second)
	browsertest.MustDo(t, ctx, chromedp.Evaluate[chromedp.Void](`sessionStorage.setItem("reader", "1"); localStorage.setItem("reader", "1")`))
	browsertest.MustDo(t, ctx, chromedp.Click(chromedp.CSS(`.cards a`)))
	waitJS(t, ctx, `location.pathname.startsWith("/kiosk/test/ar/") && location.pathname !== "/kiosk/test/ar/" && !!document.querySelector("article")`, 20*time.Second)
	if got := browsertest.EvalString(t, ctx, `String(history.length)`); got != history {
		t.Fatalf("history.length=%v after two taps, want %v: links must replace the entry", got, history)
	}
	waitJS(t, ctx, `document.getElementById("idle").open`, 20*time.Second)
	left, _ := strconv.Atoi(browsertest.EvalString(t, ctx, `document.getElementById("idle-n").textContent`))
	if left < 15 || left > 20 {
		t.Fatalf("countdown shows %d, want about 20 (the kiosk's countdown_seconds)", left)
	}
	if got, want := browsertest.EvalString(t, ctx, `document.getElementById("idle-h").textContent`), f.UI.For("ar").T("KioskIdleTitle"); got != want {
		t.Fatalf("dialog heading=%q, want %q in Arabic", got, want)
	}
	browsertest.MustDo(t, ctx, chromedp.Click(chromedp.CSS(`[data-continue]`)))
	waitJS(t, ctx, `!document.getElementById("idle").open`, 10*time.Second)
	waitJS(t, ctx, `document.getElementById("idle").open`, 20*time.Second) // idle again
	waitJS(t, ctx, `location.pathname === "/kiosk/test/" && document.readyState === "complete"`, 60*time.Second)
	if got := browsertest.EvalString(t, ctx, `sessionStorage.length + "," + localStorage.length + "," + history.length`); got != "0,0,"+history {
		t.Fatalf("after reset sessionStorage,localStorage,history=%v, want 0,0,%v", got, history)
	}
}

// TestKioskBrowserOffline: once the service worker has precached the kiosk, it keeps
// working with the server gone, says nothing alarming, and shows new content when a
// server is back.
func TestKioskBrowserOffline(t *testing.T) {
	ctx := browsertest.MustBrowser(t, browserTimeout)
	f := MustServer(t, nil)
	ts := httptest.NewServer(f)
	addr := ts.Listener.Addr().String()
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/central/"))
	waitJS(t, ctx, `(async () => !!navigator.serviceWorker.controller && (await caches.keys()).some(k => k.startsWith("outreach-kiosk-central-")))()`, 3*time.Minute)
	ts.Close()

	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/central/ar/victim-services"))
	ar, _ := f.Pamphlets.Get("victim-services")
	if got, want := browsertest.EvalString(t, ctx, `document.querySelector("h1").textContent`), ar.Translations["ar"].Title; got != want {
		t.Fatalf("offline h1=%q, want %q", got, want)
	}
	waitJS(t, ctx, `document.querySelector("img.qr").complete && document.querySelector("img.qr").naturalWidth > 0`, 10*time.Second)
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/central/ar/no-such-page"))
	if !browsertest.MustRun(t, ctx, chromedp.Evaluate[bool](`document.body.classList.contains("attract")`)) {
		t.Fatalf("offline page the cache lacks: want the attract screen")
	}
	if text := strings.ToLower(browsertest.EvalString(t, ctx, `document.body.innerText`)); strings.Contains(text, "offline") || strings.Contains(text, "err_") {
		t.Fatalf("offline kiosk shows an alarming message:\n%s", text)
	}

	// The server is back, with a changed pamphlet, on the same address. The attract
	// screen, where an idle kiosk waits, checks for new content and installs it.
	old := browsertest.EvalString(t, ctx, `caches.keys().then(k => k.join(","))`)
	back := serveAt(t, addr, changedContent(t, "calling-police/en.md", "title = \"Calling the police\"", "title = \"Calling the police, updated\""))
	defer back.Close()
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/central/"))
	waitJS(t, ctx, `caches.keys().then(k => k.length === 1 && k[0] !== "`+old+`" && !!navigator.serviceWorker.controller)`, 3*time.Minute)
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/central/en/calling-police"))
	if got := browsertest.EvalString(t, ctx, `document.querySelector("h1").textContent`); got != "Calling the police, updated" {
		t.Fatalf("h1=%q once the server is back, want the new title", got)
	}
}

// serveAt serves a kiosk site on addr, the address a stopped server had.
func serveAt(tb testing.TB, addr string, content fs.FS) *httptest.Server {
	tb.Helper()
	ts := httptest.NewUnstartedServer(MustServer(tb, content))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	return ts
}

// changedContent is the default content with one replacement in one file.
func changedContent(tb testing.TB, name, old, new string) fs.FS {
	tb.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(outreach.Content(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(outreach.Content(), p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	changed := strings.Replace(string(m[name].Data), old, new, 1)
	if changed == string(m[name].Data) {
		tb.Fatalf("%s has no %q", name, old)
	}
	m[name].Data = []byte(changed)
	return m
}

// TestKioskBrowserQRCode reads the QR code from a screenshot of the page as Chromium
// draws it.
func TestKioskBrowserQRCode(t *testing.T) {
	ctx := browsertest.MustBrowser(t, browserTimeout)
	_, ts := MustKioskSite(t)
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/ar/victim-services"))
	waitJS(t, ctx, `document.querySelector("img.qr").complete && document.querySelector("img.qr").naturalWidth > 0`, 10*time.Second)
	shot := browsertest.MustRun(t, ctx, chromedp.Screenshot(chromedp.CSS("img.qr"), chromedp.NodeVisible))
	if got, want := browsertest.DecodeQRPNG(t, shot), ts.URL+"/ar/victim-services"; got != want {
		t.Fatalf("QR code on screen decodes to %q, want %q", got, want)
	}
}

// TestKioskBrowserArabicLayout: Arabic pages are laid out right to left: the heading
// starts at the right, and the take-away box sits on the left of the text.
func TestKioskBrowserArabicLayout(t *testing.T) {
	ctx := browsertest.MustBrowser(t, browserTimeout)
	_, ts := MustKioskSite(t)
	for _, tt := range []struct{ locale, dir string }{{"ar", "rtl"}, {"en", "ltr"}} {
		browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/"+tt.locale+"/victim-services"))
		if got := browsertest.EvalString(t, ctx, `getComputedStyle(document.documentElement).direction`); got != tt.dir {
			t.Fatalf("%s direction=%v, want %v", tt.locale, got, tt.dir)
		}
		layout := browsertest.EvalString(t, ctx, `(() => {
			const text = document.createRange();
			text.selectNodeContents(document.querySelector("h1"));
			const h1 = text.getBoundingClientRect();
			const aside = document.querySelector(".takeaway").getBoundingClientRect();
			const article = document.querySelector("article").getBoundingClientRect();
			const side = aside.right <= article.left ? "aside-left" : aside.left >= article.right ? "aside-right" : "overlap";
			const start = Math.abs(h1.left - article.left) < 4 ? "heading-left" : Math.abs(h1.right - article.right) < 4 ? "heading-right" : "heading-elsewhere";
			return side + " " + start;
		})()`)
		want := "aside-right heading-left"
		if tt.dir == "rtl" {
			want = "aside-left heading-right"
		}
		if layout != want {
			t.Fatalf("%s layout=%q, want %q", tt.locale, layout, want)
		}
	}
}

// TestKioskBrowserPrint: printed, a pamphlet has no buttons and no dialog, keeps its QR
// code and web address, ends with the site's contact numbers, and fits A4 and Letter.
func TestKioskBrowserPrint(t *testing.T) {
	ctx := browsertest.MustBrowser(t, browserTimeout)
	f, ts := MustKioskSite(t)
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/en/calling-police"))
	browsertest.MustDo(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	shown := browsertest.EvalString(t, ctx, `[".kactions", "[data-print]", "#idle", "img.qr", ".address", ".kfoot"].map(s =>
		s + "=" + (getComputedStyle(document.querySelector(s)).display !== "none")).join(" ")`)
	if want := ".kactions=false [data-print]=false #idle=false img.qr=true .address=true .kfoot=true"; shown != want {
		t.Fatalf("printed page shows %s, want %s", shown, want)
	}
	if foot := browsertest.EvalString(t, ctx, `document.querySelector(".kfoot").innerText`); !strings.Contains(foot, f.Site.Phones["emergency"]) || !strings.Contains(foot, f.Site.Phones["non_emergency"]) {
		t.Fatalf("printed footer has no contact numbers:\n%s", foot)
	}
	for _, paper := range []struct {
		name          string
		width, height float64 // inches
	}{{"A4", 8.27, 11.69}, {"Letter", 8.5, 11}} {
		pdf := browsertest.MustRun(t, ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: paper.width, PaperHeight: paper.height})
			return r.Data, err
		}))
		if !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Fatalf("%s: print gave no PDF", paper.name)
		}
	}
}

// TestKioskBrowserAccessibility runs axe-core on every kind of kiosk page, in a
// left-to-right and a right-to-left language, with the idle dialog open too, and
// checks that every touch target is at least 48 CSS pixels a side.
func TestKioskBrowserAccessibility(t *testing.T) {
	ctx := browsertest.MustBrowser(t, browserTimeout)
	axe := browsertest.AxeSource(t)
	_, ts := MustKioskSite(t)
	pages := []string{"/kiosk/test/", "/kiosk/test/languages/en", "/kiosk/test/en/", "/kiosk/test/en/calling-police",
		"/kiosk/test/ar/", "/kiosk/test/ar/victim-services", "/kiosk/test/ur/home-security", "/kiosk/test/fr/fraud-and-scams",
		"/kiosk/test/en/search", "/kiosk/test/en/search?q=interpreter", "/kiosk/test/ar/search?q=%D8%A7%D9%84%D8%B4%D8%B1%D8%B7%D8%A9", "/kiosk/test/ar/search?q=zzzz"}
	for _, p := range pages {
		browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+p))
		browsertest.CheckAccessible(t, ctx, axe, p, 48)
	}
	browsertest.MustDo(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("idle").showModal()`))
	browsertest.CheckAccessible(t, ctx, axe, "idle dialog", 48)
}

// TestKioskScreenshots writes the screenshots in docs/screenshots when
// OUTREACH_SCREENSHOTS=1: the attract screen, the language grid, a pamphlet in Arabic,
// a search in French and the idle countdown.
func TestKioskScreenshots(t *testing.T) {
	if os.Getenv("OUTREACH_SCREENSHOTS") != "1" {
		t.Skip("set OUTREACH_SCREENSHOTS=1 to write docs/screenshots/kiosk-*.png")
	}
	ctx := browsertest.MustBrowser(t, browserTimeout)
	f := MustServer(t, nil)
	ts := httptest.NewServer(f)
	defer ts.Close()
	shots := []struct{ name, path, script string }{
		{"kiosk-attract.png", "/kiosk/central/", ""},
		{"kiosk-languages.png", "/kiosk/thorncliffe/languages/ur", ""},
		{"kiosk-pamphlet-ar.png", "/kiosk/thorncliffe/ar/victim-services", ""},
		{"kiosk-search.png", "/kiosk/central/fr/search?q=securite", ""},
		{"kiosk-idle.png", "/kiosk/central/es/calling-police", `document.getElementById("idle-n").textContent = "27"; document.getElementById("idle").showModal()`},
	}
	for _, s := range shots {
		browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+s.path))
		if s.script != "" {
			browsertest.MustDo(t, ctx, chromedp.Evaluate[chromedp.Void](s.script))
		}
		browsertest.MustDo(t, ctx, chromedp.Sleep(300*time.Millisecond))
		png := browsertest.MustRun(t, ctx, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "screenshots", s.name), png, 0o644); err != nil {
			t.Fatal(errors.Join(err, errors.New("docs/screenshots must exist")))
		}
	}
}
