package staff_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/outreach-project/outreach/internal/browsertest"
	"github.com/outreach-project/outreach/internal/dispatch"
)

// axeRun lists axe-core's violations on the page, with up to three elements each.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(
	r.violations.map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))))`

// TestCoordinatorPagesInBrowser signs a coordinator in through the form in Chromium on
// a 360 px wide screen, runs axe-core on every coordinator page in English and Arabic,
// checks that no page scrolls sideways, and that the board shows a new request without
// a reload.
func TestCoordinatorPagesInBrowser(t *testing.T) {
	f := mustCoordinatorSite(t) // first, so that the browser and its event stream close before the server
	ctx := browsertest.MustBrowser(t, 3*time.Minute)
	axe := browsertest.AxeSource(t)
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	language := func(lang string) {
		t.Helper()
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": lang}}); err != nil {
			t.Fatal(err)
		}
	}
	do(chromedp.EmulateViewport(360, 800), chromedp.Navigate(f.url+"/staff/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), "coordinator@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), "correct horse battery staple"),
		chromedp.Click(chromedp.CSS(`main button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`nav.staffnav`)))
	pages := []string{"/staff/board", "/staff/interpreters", "/staff/interpreters/new", fmt.Sprintf("/staff/interpreters/%d", f.interpreter),
		"/staff/rotations?language=ar", "/staff/policies", "/staff/policies/ar", "/staff/audit", fmt.Sprintf("/staff/requests/%d/break-glass", f.requestID)}
	for _, lang := range []string{"en", "ar"} {
		language(lang)
		for _, p := range pages {
			do(chromedp.Navigate(f.url+p), chromedp.WaitVisible(chromedp.CSS("h1")), chromedp.Evaluate[chromedp.Void](axe))
			out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			var violations []string
			if err := json.Unmarshal([]byte(out), &violations); err != nil {
				t.Fatal(err)
			}
			if len(violations) > 0 {
				t.Fatalf("axe-core on %s (%s):\n%s", p, lang, strings.Join(violations, "\n"))
			}
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if wide {
				t.Fatalf("%s (%s) is wider than a 360 px screen", p, lang)
			}
		}
	}
	language("en")
	do(chromedp.Navigate(f.url+"/staff/board"), chromedp.WaitVisible(chromedp.CSS("#board")))
	v, err := f.svc.CreateRequest(context.Background(), f.advocate, dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone,
		Urgency: dispatch.Now, DurationMinutes: 30, CaseType: dispatch.General})
	if err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, fmt.Sprintf(`!!document.querySelector('#board a[href="/staff/requests/%d"]')`, v.ID), 30*time.Second)
}
