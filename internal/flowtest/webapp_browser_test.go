package flowtest

// Browser tests of the staff web app in headless Chromium: an advocate files a request
// through the form, an interpreter in another browser accepts it, and the advocate's
// status page shows it without a reload; the language picker finds a language by
// another name; axe-core finds nothing on any staff page in English or Arabic. They
// skip loudly without chromium or axe-core and fail instead with
// OUTREACH_REQUIRE_BROWSER=1. OUTREACH_SCREENSHOTS=1 also writes docs/screenshots/staff-*.png.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/browsertest"
)

const staffBrowserTimeout = 3 * time.Minute

// browserSignIn signs in through the sign-in page in the browser tab ctx.
func browserSignIn(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	defer logTime(t, "sign in "+email)()
	browsertest.MustDo(t, ctx,
		chromedp.Navigate(base+"/staff/login"),
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#password`), password),
		chromedp.Click(chromedp.CSS(`form[action="/staff/login"] button`)),
	)
	browsertest.WaitJS(t, ctx, `location.pathname !== "/staff/login"`, 30*time.Second)
}

func logTime(t *testing.T, what string) func() {
	start := time.Now()
	return func() { t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond)) }
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("OUTREACH_SCREENSHOTS") != "1" {
		return
	}
	png := browsertest.MustRun(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join("..", "..", "docs", "screenshots", name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWebAppBrowserFlow(t *testing.T) {
	// The system first: cleanups run last-first, so the browser closes its live event
	// streams before the server waits for its requests to end.
	sys := Start(t, StartSMTP(t), nil)
	ctx := browsertest.MustBrowser(t, staffBrowserTimeout)
	axe := browsertest.AxeSource(t)
	setup(t, sys)
	sys.MustCall("coord", "POST", "/api/v1/interpreters", `{"name":"Parisa","email":"parisa@example.org","languages":["fa"],"modalities":["phone"]}`, 201)
	sys.User("amal", auth.Advocate, "ar")
	longSteps(t, sys)
	for _, email := range []string{"adv@example.org", "hana@example.org", "amal@example.org", "coord@example.org"} {
		setPassword(t, sys, email, "password of "+email)
	}
	base := sys.API.URL

	browsertest.MustDo(t, ctx, chromedp.Navigate(base+"/staff/login"))
	browsertest.CheckAccessible(t, ctx, axe, "sign-in (en)", 0)
	browserSignIn(t, ctx, base, "adv@example.org", "password of adv@example.org")
	browsertest.MustDo(t, ctx, chromedp.Navigate(base+"/staff/requests/new"))
	browsertest.CheckAccessible(t, ctx, axe, "request form", 0)

	// The picker finds Persian as "Farsi", and Arabic by its own name.
	browsertest.MustDo(t, ctx, chromedp.SendKeys(chromedp.CSS(`#language-filter`), "Farsi"))
	if got := browsertest.MustRun(t, ctx, chromedp.Value(chromedp.CSS(`#language`))); got != "fa" {
		t.Fatalf("typing Farsi selects %q, want fa", got)
	}
	browsertest.MustDo(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("language-filter").value = ""`), chromedp.SendKeys(chromedp.CSS(`#language-filter`), "العربية"))
	if got := browsertest.MustRun(t, ctx, chromedp.Value(chromedp.CSS(`#language`))); got != "ar" {
		t.Fatalf("typing العربية selects %q, want ar (%s)", got, browsertest.EvalString(t, ctx, `document.getElementById("language-filter").value + " | " + [...document.querySelectorAll("#language option")].map(o => o.value + (o.hidden ? "-" : "+")).join(",")`))
	}
	// Sexual-violence cases are confidential, and the box is locked.
	browsertest.MustDo(t, ctx, chromedp.SetValue(chromedp.CSS(`#case_type`), "sexual_violence"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("case_type").dispatchEvent(new Event("change", {bubbles: true}))`))
	if !browsertest.MustRun(t, ctx, chromedp.Evaluate[bool](`document.getElementById("confidential").checked && document.getElementById("confidential").disabled`)) {
		t.Fatalf("confidential is not checked and locked for a sexual-violence case")
	}
	browsertest.MustDo(t, ctx, chromedp.SendKeys(chromedp.CSS(`#notes`), "SENTINEL-NOTES-browser"))
	screenshot(t, ctx, "staff-request-new.png")
	browsertest.MustDo(t, ctx, chromedp.Click(chromedp.CSS(`.request-form button[type=submit]`)))
	browsertest.WaitJS(t, ctx, `/^\/staff\/requests\/\d+$/.test(location.pathname)`, 30*time.Second)
	status := browsertest.EvalString(t, ctx, `location.pathname`)
	browsertest.WaitJS(t, ctx, `!!document.querySelector(".state-offered")`, 30*time.Second)
	browsertest.CheckAccessible(t, ctx, axe, "status page", 0)

	// A coordinator watches the board: the request is open.
	board := browsertest.NewBrowserContext(t, ctx)
	browserSignIn(t, board, base, "coord@example.org", "password of coord@example.org")
	browsertest.MustDo(t, board, chromedp.Navigate(base+"/staff/board"))
	browsertest.WaitJS(t, board, `!!document.querySelector('#open-heading + .scroll a[href="`+status+`"]')`, 30*time.Second)
	if body := browsertest.EvalString(t, board, `document.body.innerText`); strings.Contains(body, "SENTINEL") {
		t.Fatalf("the board shows a confidential request's notes")
	}

	// The interpreter, in a browser of their own, accepts from their offers page.
	interp := browsertest.NewBrowserContext(t, ctx)
	browserSignIn(t, interp, base, "hana@example.org", "password of hana@example.org")
	browsertest.MustDo(t, interp, chromedp.Navigate(base+"/staff/offers"))
	if body := browsertest.EvalString(t, interp, `document.body.innerText`); strings.Contains(body, "SENTINEL") {
		t.Fatalf("a pending confidential offer shows its notes")
	}
	browsertest.CheckAccessible(t, interp, axe, "offers (ar)", 0)
	screenshot(t, interp, "staff-offers-ar.png")
	browsertest.MustDo(t, interp, chromedp.Click(chromedp.CSS(`.offer button.accept`)))
	browsertest.WaitJS(t, interp, `location.pathname === "/staff/offers" && !document.querySelector(".offer button.accept")`, 30*time.Second)

	// The advocate's page changes by itself.
	done := logTime(t, "live update")
	browsertest.WaitJS(t, ctx, `location.pathname === "`+status+`" && !!document.querySelector(".state-accepted") && document.body.innerText.includes("Hana")`, 30*time.Second)
	done()
	screenshot(t, ctx, "staff-request.png")
	// ... and the coordinator's board moves it from open to recent by itself.
	browsertest.WaitJS(t, board, `!!document.querySelector('#recent-heading + .scroll a[href="`+status+`"]')`, 30*time.Second)
	screenshot(t, board, "staff-board.png")
	browsertest.MustDo(t, ctx, chromedp.Navigate(base+"/staff/"))
	browsertest.CheckAccessible(t, ctx, axe, "my requests", 0)

	// Every staff page in Arabic, right to left.
	ar := browsertest.NewBrowserContext(t, ctx)
	browsertest.MustDo(t, ar, chromedp.Navigate(base+"/staff/login"),
		chromedp.Evaluate[chromedp.Void](`document.cookie = "outreach_locale=ar; path=/"`), chromedp.Navigate(base+"/staff/login"))
	if dir := browsertest.EvalString(t, ar, `document.documentElement.dir`); dir != "rtl" {
		t.Fatalf("Arabic sign-in page dir=%q, want rtl", dir)
	}
	browsertest.CheckAccessible(t, ar, axe, "sign-in (ar)", 0)
	browserSignIn(t, ar, base, "amal@example.org", "password of amal@example.org")
	for _, p := range []string{"/staff/", "/staff/requests/new"} {
		browsertest.MustDo(t, ar, chromedp.Navigate(base+p))
		browsertest.CheckAccessible(t, ar, axe, p+" (ar)", 0)
	}
	// Usable on a phone: nothing wider than a 360 px screen.
	browsertest.MustDo(t, ar, chromedp.EmulateViewport(360, 740))
	for _, p := range []string{"/staff/", "/staff/requests/new", status} {
		browsertest.MustDo(t, ar, chromedp.Navigate(base+p))
		if w := browsertest.MustRun(t, ar, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
			t.Fatalf("%s is %d px wide at 360 px", p, w)
		}
	}
	browsertest.MustDo(t, ar, chromedp.Navigate(base+"/staff/requests/new"))
	browsertest.MustDo(t, ar, chromedp.Click(chromedp.CSS(`.request-form button[type=submit]`)))
	browsertest.WaitJS(t, ar, `!!document.querySelector("[role=alert]")`, 30*time.Second)
	browsertest.CheckAccessible(t, ar, axe, "request form with an error (ar)", 0)
}
