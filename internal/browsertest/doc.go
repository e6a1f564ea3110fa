// Package browsertest starts headless Chromium for tests that need a real browser
// (Debian's chromium, driven by chromedp), finds axe-core for accessibility checks, and
// reads QR codes back from SVG files and screenshots with ZXing's Go port.
//
// Without Chromium or axe-core, tests skip loudly; with OUTREACH_REQUIRE_BROWSER=1 set
// (CI sets it) they fail instead. axe-core is installed by
// `npm ci --prefix internal/browsertest/testdata`, pinned by the package-lock.json there.
//
// It is test support: only _test.go files import it, and it never imports server/.
package browsertest
