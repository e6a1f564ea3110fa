package browsertest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// MustRun runs a chromedp action and returns its value.
func MustRun[T any](tb testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	tb.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// MustDo runs chromedp actions that return nothing.
func MustDo(tb testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.Fatal(err)
	}
}

// EvalString evaluates expr (awaiting a promise) and returns its string value.
func EvalString(tb testing.TB, ctx context.Context, expr string) string {
	tb.Helper()
	return MustRun(tb, ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
}

// axeViolations runs axe-core on the page and lists its violations, with up to three
// offending elements each.
const axeViolations = `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(
	r.violations.map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))))`

// smallTargets lists the visible links and buttons smaller than minimum by minimum CSS
// pixels.
const smallTargets = `(min => JSON.stringify([...document.querySelectorAll("a[href], button")].filter(e => {
	const r = e.getBoundingClientRect();
	return r.width > 0 && r.height > 0 && (r.width < min || r.height < min);
}).map(e => e.outerHTML.slice(0, 120))))`

// CheckAccessible fails the test when axe-core (source axe, from AxeSource) reports a
// violation on the current page, or when a visible link or button is smaller than
// minTarget CSS pixels either way (0: not checked).
func CheckAccessible(tb testing.TB, ctx context.Context, axe, page string, minTarget int) {
	tb.Helper()
	MustDo(tb, ctx, chromedp.Evaluate[chromedp.Void](axe))
	var violations, small []string
	if err := json.Unmarshal([]byte(EvalString(tb, ctx, axeViolations)), &violations); err != nil {
		tb.Fatal(err)
	}
	if len(violations) > 0 {
		tb.Fatalf("axe-core on %s:\n%s", page, strings.Join(violations, "\n"))
	}
	if minTarget == 0 {
		return
	}
	if err := json.Unmarshal([]byte(EvalString(tb, ctx, smallTargets+"("+itoa(minTarget)+")")), &small); err != nil {
		tb.Fatal(err)
	}
	if len(small) > 0 {
		tb.Fatalf("touch targets under %d CSS px on %s:\n%s", minTarget, page, strings.Join(small, "\n"))
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// NewBrowserContext opens a tab in a new browser context of ctx's browser: its own
// cookies and storage, as a second person on another machine would have.
func NewBrowserContext(tb testing.TB, ctx context.Context) context.Context {
	tb.Helper()
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	tb.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		tb.Fatalf("new browser context: %v", err)
	}
	return tab
}
