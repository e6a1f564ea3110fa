package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// RequireEnv names the environment variable that turns a missing browser or axe-core
// from a skip into a failure.
const RequireEnv = "OUTREACH_REQUIRE_BROWSER"

// missing skips the test, saying why in capitals so that nobody mistakes a skip for a
// pass, or fails it when the environment requires browser tests.
func missing(tb testing.TB, what string) {
	tb.Helper()
	if os.Getenv(RequireEnv) == "1" {
		tb.Fatalf("%s, and %s=1 requires browser tests", what, RequireEnv)
	}
	tb.Skipf("SKIPPING BROWSER TEST: %s (install Debian's chromium and run npm ci --prefix internal/browsertest/testdata; %s=1 makes this a failure)", what, RequireEnv)
}

// ChromiumPath is Debian's chromium, or the first chromium on PATH, or "".
func ChromiumPath() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// MustBrowser starts a fresh headless Chromium, with its own profile directory, for
// the test and returns a chromedp context for one tab, closed at cleanup. timeout
// bounds everything the test does in the browser.
func MustBrowser(tb testing.TB, timeout time.Duration) context.Context {
	tb.Helper()
	path := ChromiumPath()
	if path == "" {
		missing(tb, "chromium is not installed")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	tb.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancel()
	})
	if err := chromedp.Do(tabCtx); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	return tabCtx
}

// AxeSource is axe-core's axe.min.js from the npm install in testdata, for injection
// into a page with chromedp.Evaluate.
func AxeSource(tb testing.TB) string {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(root, "internal", "browsertest", "testdata", "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		missing(tb, "axe-core is not installed at "+p)
	}
	return string(b)
}

// moduleRoot is the directory of go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// WaitJS evaluates expr, which may return a promise, until it is true. Errors while a
// page is being replaced are part of waiting; the last one is reported at the timeout.
func WaitJS(tb testing.TB, ctx context.Context, expr string, timeout time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	tb.Fatalf("waited %v for %s (last error: %v)", timeout, expr, last)
}
