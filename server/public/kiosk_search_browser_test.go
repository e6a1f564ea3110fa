package public_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/outreach-project/outreach/internal/browsertest"
)

// kioskSearches are searches in several languages and scripts, each with the pamphlet
// it must find first in the default content.
var kioskSearches = []struct{ locale, query, first string }{
	{"en", "report a crime", "reporting-a-crime"},
	{"en", "INTERPRET", "calling-police"},   // case, prefix
	{"fr", "securite", "street-safety"},     // "sécurité"
	{"ar", "الشرطه", "rights-with-police"},  // teh marbuta as heh, the article
	{"ar", "احتيال", "fraud-and-scams"},     // without the article
	{"fa", "پليس", "rights-with-police"},    // Arabic yeh for Farsi yeh
	{"fa", "كمك", "victim-services"},        // Arabic kaf for keheh
	{"zh-Hant", "報案", "home-security"},      // a bigram
	{"zh-Hant", "警", "rights-with-police"},  // one character: the bigrams it begins
	{"es", "policia", "rights-with-police"}, // "policía"
}

var (
	resultItem = regexp.MustCompile(`(?s)<li><a href="([^"]*)".*?</li>`)
	anyTag     = regexp.MustCompile(`<[^>]+>`)
)

// serverResults are the links and texts of a server-rendered search page's results.
func serverResults(tb testing.TB, f *fixture, path string) (hrefs, texts []string) {
	tb.Helper()
	_, body := f.get(tb, path)
	start, end := strings.Index(body, `id="klist"`), strings.Index(body, `id="kback"`)
	if start < 0 || end < start {
		tb.Fatalf("GET %s: no results list", path)
	}
	for _, m := range resultItem.FindAllStringSubmatch(body[start:end], -1) {
		hrefs = append(hrefs, m[1])
		texts = append(texts, html.UnescapeString(anyTag.ReplaceAllString(m[0], "")))
	}
	return hrefs, texts
}

// browserResults submits query on the search screen open in ctx and returns what the
// page's script found.
func browserResults(tb testing.TB, ctx context.Context, query string) (hrefs, texts []string) {
	tb.Helper()
	waitJS(tb, ctx, `!!self.kioskSearchIndex && document.readyState === "complete"`, 20*time.Second)
	browsertest.MustDo(tb, ctx, chromedp.SetValue(chromedp.CSS(`#q`), query), chromedp.Click(chromedp.CSS(`form.ksearch button`)))
	waitJS(tb, ctx, `document.getElementById("kresults").dataset.source === "browser" && document.getElementById("kresults").dataset.query === `+jsString(query), 10*time.Second)
	return browserList(tb, ctx)
}

func browserList(tb testing.TB, ctx context.Context) (hrefs, texts []string) {
	tb.Helper()
	got := browsertest.EvalString(tb, ctx, `Array.from(document.querySelectorAll("#klist > li")).map(li => li.querySelector("a").getAttribute("href") + "\t" + li.textContent).join("\n")`)
	for _, line := range strings.Split(got, "\n") {
		if href, text, ok := strings.Cut(line, "\t"); ok {
			hrefs, texts = append(hrefs, href), append(texts, text)
		}
	}
	return hrefs, texts
}

func jsString(s string) string {
	return `decodeURIComponent("` + url.PathEscape(s) + `")`
}

// TestKioskBrowserSearch runs one table of searches through the server's page and
// through the search in the browser (the page's script and the locale's index): both
// find the same pamphlets in the same order with the same passages, and the expected
// one first.
func TestKioskBrowserSearch(t *testing.T) {
	ctx := browsertest.MustBrowser(t, browserTimeout)
	f, ts := MustKioskSite(t)
	for _, tt := range kioskSearches {
		path := "/kiosk/test/" + tt.locale + "/search"
		wantHrefs, wantTexts := serverResults(t, f, path+"?q="+url.QueryEscape(tt.query))
		if len(wantHrefs) == 0 || wantHrefs[0] != "/kiosk/test/"+tt.locale+"/"+tt.first {
			t.Fatalf("server %s %q: first of %v, want %s", tt.locale, tt.query, wantHrefs, tt.first)
		}
		browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+path))
		hrefs, texts := browserResults(t, ctx, tt.query)
		if strings.Join(hrefs, " ") != strings.Join(wantHrefs, " ") {
			t.Fatalf("browser %s %q found %v, want the server's %v", tt.locale, tt.query, hrefs, wantHrefs)
		}
		for i := range texts {
			if texts[i] != wantTexts[i] {
				t.Fatalf("browser %s %q result %d:\n%q\nwant the server's\n%q", tt.locale, tt.query, i, texts[i], wantTexts[i])
			}
		}
		if got := browsertest.EvalString(t, ctx, `location.search`); got != "?q="+url.QueryEscape(tt.query) {
			t.Fatalf("location.search=%v after the search, want the query", got)
		}
	}
	// Nothing found: said, with the way back to the topics.
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/es/search"))
	browserResults(t, ctx, "xylophonezzz")
	if got, want := browsertest.EvalString(t, ctx, `document.getElementById("kstatus").textContent + "|" + document.getElementById("kback").hidden`),
		f.UI.For("es").T("SearchNone", "Query", "xylophonezzz")+"|false"; got != want {
		t.Fatalf("nothing found shows %q, want %q", got, want)
	}
}

// TestKioskBrowserSearchOffline: with the service worker installed and the network
// cut (the server drops every connection, and the page says it is offline), a search
// opened by its address, and a new one typed, still answer.
func TestKioskBrowserSearchOffline(t *testing.T) {
	ctx := browsertest.MustBrowser(t, browserTimeout)
	_, ts := MustKioskSite(t)
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/"))
	waitJS(t, ctx, `(async () => !!navigator.serviceWorker.controller && (await caches.keys()).some(k => k.startsWith("outreach-kiosk-test-")))()`, 3*time.Minute)
	CutKioskNetwork(t)
	browsertest.MustDo(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))

	ar := kioskSearches[3]
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/ar/search?q="+url.QueryEscape(ar.query)))
	waitJS(t, ctx, `document.getElementById("kresults").dataset.source === "browser"`, 20*time.Second)
	// The network is really gone: what the cache lacks does not load.
	if got := browsertest.EvalString(t, ctx, `fetch("/robots.txt").then(r => navigator.onLine + " " + r.status, e => navigator.onLine + " " + e.name)`); got != "false 503" {
		t.Fatalf("navigator.onLine and a fetch past the cache=%q, want %q: the page is not offline", got, "false 503")
	}
	hrefs, _ := browserList(t, ctx)
	if len(hrefs) == 0 || hrefs[0] != "/kiosk/test/ar/"+ar.first {
		t.Fatalf("offline %q found %v, want %s first", ar.query, hrefs, ar.first)
	}
	if got, want := browsertest.EvalString(t, ctx, `document.getElementById("q").value`), ar.query; got != want {
		t.Fatalf("search box holds %q, want the query %q", got, want)
	}
	zh := kioskSearches[7]
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/zh-Hant/search"))
	if hrefs, _ := browserResults(t, ctx, zh.query); len(hrefs) == 0 || hrefs[0] != "/kiosk/test/zh-Hant/"+zh.first {
		t.Fatalf("offline %q found %v, want %s first", zh.query, hrefs, zh.first)
	}
}

// TestKioskBrowserSearchReset: a search typed on the topics screen opens the results
// without a history entry; the idle reset leaves nothing of it: no history to go back
// to, and the search screen empty when the next person opens it.
func TestKioskBrowserSearchReset(t *testing.T) {
	ctx := browsertest.MustBrowser(t, browserTimeout)
	_, ts := MustKioskSite(t)
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/"))
	history := browsertest.EvalString(t, ctx, `String(history.length)`)
	browsertest.MustDo(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/kiosk/test/en/"]`)))
	waitJS(t, ctx, `location.pathname === "/kiosk/test/en/" && document.readyState === "complete"`, 20*time.Second)
	browsertest.MustDo(t, ctx, chromedp.SetValue(chromedp.CSS(`#q`), "interpreter"), chromedp.Click(chromedp.CSS(`form.ksearch button`)))
	waitJS(t, ctx, `location.pathname === "/kiosk/test/en/search" && document.querySelectorAll("#klist > li").length > 0`, 20*time.Second)
	if got := browsertest.EvalString(t, ctx, `String(history.length) + " " + document.getElementById("q").value`); got != history+" interpreter" {
		t.Fatalf("history.length and box=%q, want %q: the search replaces the page", got, history+" interpreter")
	}
	waitJS(t, ctx, `document.getElementById("idle").open`, 20*time.Second)
	browsertest.MustDo(t, ctx, chromedp.Click(chromedp.CSS(`[data-reset-now]`)))
	waitJS(t, ctx, `location.pathname === "/kiosk/test/" && document.readyState === "complete"`, 20*time.Second)
	if got := browsertest.EvalString(t, ctx, `String(history.length) + " " + location.search`); got != history+" " {
		t.Fatalf("after reset history.length and search=%q, want %q", got, history+" ")
	}
	browsertest.MustDo(t, ctx, chromedp.Navigate(ts.URL+"/kiosk/test/en/search"))
	waitJS(t, ctx, `document.readyState === "complete"`, 20*time.Second)
	if got := browsertest.EvalString(t, ctx, `JSON.stringify([document.getElementById("q").value, document.getElementById("kstatus").textContent, document.querySelectorAll("#klist > li").length, document.getElementById("q").autocomplete])`); got != `["","",0,"off"]` {
		t.Fatalf("search screen after reset [box, status, results, autocomplete]=%s, want empty and no autofill", got)
	}
}
