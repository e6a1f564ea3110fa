package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/browsertest"
	"github.com/outreach-project/outreach/internal/config"
)

// MustExportSite writes the default content's static site to a new folder, with fast
// Brotli copies: the best quality takes minutes under the race detector.
func MustExportSite(t *testing.T, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr := runCmd(t, nil, append([]string{"export", dir, "--fast"}, args...)...)
	if code != 0 || !strings.Contains(stdout, "Wrote the site") {
		t.Fatalf("export: code=%d, want 0\n%s%s", code, stdout, stderr)
	}
	return dir
}

// readTree reads every file under dir: slash path -> bytes.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := make(map[string][]byte)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var pageLink = regexp.MustCompile(`\s(?:href|src|action)="([^"]*)"`)

// TestExportSiteLinksResolve serves the export with a plain file server and follows
// every link of every page: each internal one answers 200, none starts at the root
// (which file:// does not have), and the pages are those of every locale.
func TestExportSiteLinksResolve(t *testing.T) {
	dir := MustExportSite(t, "--base-url", exportBase)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	files := readTree(t, dir)
	for _, want := range []string{"index.html", "choose-language.js", "fr/index.html", "fr/calling-police.html", "zh-Hant/reporting-a-crime.html",
		"fa-AF/victim-services.html", "sitemap.xml", "robots.txt", "fr/calling-police.html.gz", "fr/calling-police.html.br"} {
		if _, ok := files[want]; !ok {
			t.Fatalf("export has no %s", want)
		}
	}
	checked := make(map[string]bool)
	pages := 0
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		if bytes.Contains(body, []byte(`class="search"`)) {
			t.Fatalf("%s has a search form, which needs the server", name)
		}
		for _, m := range pageLink.FindAllSubmatch(body, -1) {
			href := string(m[1])
			if strings.HasPrefix(href, "https://") || strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "tel:") || strings.HasPrefix(href, "mailto:") || strings.HasPrefix(href, "#") {
				continue
			}
			if strings.HasPrefix(href, "/") || strings.Contains(href, ":") {
				t.Fatalf("%s links to %q: the export links by relative file names only", name, href)
			}
			target, _ := url.JoinPath(srv.URL+"/"+name, "..", strings.Split(href, "#")[0])
			if checked[target] {
				continue
			}
			checked[target] = true
			res, err := http.Get(target)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s links to %q: %s answers %d", name, href, target, res.StatusCode)
			}
		}
	}
	c, err := app.LoadContent(&config.Config{})
	if err != nil {
		t.Fatal(err)
	}
	want := 1
	for _, l := range c.Locales.All() {
		want++
		for _, p := range c.Pamphlets.All() {
			if _, ok := p.Resolve(l.Chain); ok {
				want++
			}
		}
	}
	if pages != want {
		t.Fatalf("export has %d pages, want %d: the root and every locale's index and pamphlets", pages, want)
	}
}

// TestExportSiteIsByteIdentical: the same content gives the same files, and a second
// export replaces the first whole.
func TestExportSiteIsByteIdentical(t *testing.T) {
	dir := MustExportSite(t, "--base-url", exportBase)
	first := readTree(t, dir)
	stale := filepath.Join(dir, "fr", "old.html")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, nil, "export", dir, "--fast", "--base-url", exportBase); code != 0 {
		t.Fatalf("second export: code=%d\n%s", code, stderr)
	}
	second := readTree(t, dir)
	if len(first) != len(second) {
		t.Fatalf("second export has %d files, want %d", len(second), len(first))
	}
	for name, body := range first {
		if !bytes.Equal(body, second[name]) {
			t.Fatalf("%s differs between two exports of the same content", name)
		}
	}
}

// TestExportSitePrecompressed: each text file has .gz and .br copies of the same bytes.
func TestExportSitePrecompressed(t *testing.T) {
	files := readTree(t, MustExportSite(t))
	n := 0
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".css") && !strings.HasSuffix(name, ".js") {
			continue
		}
		n++
		gz, err := gzip.NewReader(bytes.NewReader(files[name+".gz"]))
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		unzipped, err := io.ReadAll(gz)
		if err != nil || !bytes.Equal(unzipped, body) {
			t.Fatalf("%s.gz does not hold %s (err %v)", name, name, err)
		}
		unbr, err := io.ReadAll(brotli.NewReader(bytes.NewReader(files[name+".br"])))
		if err != nil || !bytes.Equal(unbr, body) {
			t.Fatalf("%s.br does not hold %s (err %v)", name, name, err)
		}
	}
	if n == 0 {
		t.Fatalf("no text files checked")
	}
}

// TestExportSiteWithoutBaseURL: no links name a made-up host, and there is no sitemap
// (it needs absolute addresses).
func TestExportSiteWithoutBaseURL(t *testing.T) {
	files := readTree(t, MustExportSite(t))
	if _, ok := files["sitemap.xml"]; ok {
		t.Fatalf("sitemap.xml without a base URL")
	}
	for name, body := range files {
		if bytes.Contains(body, []byte("export.invalid")) || bytes.Contains(body, []byte(`rel="canonical"`)) {
			t.Fatalf("%s names the export's made-up host or a canonical link", name)
		}
	}
}

// TestExportSiteInChromium opens the export from file:// with a browser whose
// language is Hong Kong Chinese: the root page opens the Traditional Chinese index,
// as the server would, and its links and styles work with no server.
func TestExportSiteInChromium(t *testing.T) {
	ctx := browsertest.MustBrowser(t, 2*time.Minute)
	dir := MustExportSite(t)
	c, err := app.LoadContent(&config.Config{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ languages, want string }{
		{"zh-HK,en", "/zh-Hant/index.html"},
		{"pa-PK,fr", "/fr/index.html"},
		{"prs", "/fa-AF/index.html"},
		{"de-CH", "/" + c.Locales.Match("de-CH").ID + "/index.html"},
	}
	for _, tt := range tests {
		if want := "/" + c.Locales.Match(tt.languages).ID + "/index.html"; want != tt.want {
			t.Fatalf("%s: the server picks %s, the test expects %s", tt.languages, want, tt.want)
		}
		override := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: "Mozilla/5.0", AcceptLanguage: tt.languages})
			return err
		})
		if err := chromedp.Do(ctx, override, chromedp.Navigate("file://"+filepath.Join(dir, "index.html"))); err != nil {
			t.Fatal(err)
		}
		browsertest.WaitJS(t, ctx, `location.pathname.endsWith(`+strconvQuote(tt.want)+`) && document.readyState === "complete"`, 30*time.Second)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`ul.cards a`))); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, `location.pathname.endsWith(".html") && !location.pathname.endsWith("/index.html") && document.readyState === "complete"`, 30*time.Second)
	colour, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header.top")).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	if colour == "rgba(0, 0, 0, 0)" || colour == "" {
		t.Fatalf("header background=%q: the style sheet did not load from file://", colour)
	}
}

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
