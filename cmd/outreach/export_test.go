package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/outreach-project/outreach/internal/browsertest"
)

const exportBase = "https://outreach.example.org"

// MustExport writes the default content's kiosk bundle to a new folder.
func MustExport(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "bundle")
	code, stdout, stderr := runCmd(t, nil, "export", "--kiosk", dir, "--base-url", exportBase)
	if code != 0 || !strings.Contains(stdout, "Wrote ") {
		t.Fatalf("export: code=%d, want 0\n%s%s", code, stdout, stderr)
	}
	return dir
}

var bundleLink = regexp.MustCompile(`\s(?:href|src|data-home|data-sw)="([^"]*)"`)

// TestExportKiosk: the bundle has every kiosk's pages, linked by relative file names
// only, and QR codes that open the public site.
func TestExportKiosk(t *testing.T) {
	dir := MustExport(t)
	for _, name := range []string{"index.html", "kiosk/central/index.html", "kiosk/central/languages/fa-AF.html",
		"kiosk/thorncliffe/ur/index.html", "kiosk/central/ar/victim-services.html", "kiosk/central/ar/victim-services.svg", "kiosk/central/sw.js"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatalf("bundle has no %s: %v", name, err)
		}
	}
	pages := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		body, err := os.ReadFile(p)
		for _, m := range bundleLink.FindAllStringSubmatch(string(body), -1) {
			if strings.HasPrefix(m[1], "/") || strings.Contains(m[1], ":") {
				t.Fatalf("%s links to %q: a bundle links by relative file names only", p, m[1])
			}
			if target := filepath.Join(filepath.Dir(p), filepath.FromSlash(m[1])); !exists(target) {
				t.Fatalf("%s links to %q, which the bundle lacks", p, m[1])
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 3*(1+15*2+8*15) {
		t.Fatalf("bundle has %d pages, want every page of the three default kiosks", pages)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "kiosk", "central", "zh-Hant", "reporting-a-crime.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := browsertest.DecodeQR(t, browsertest.RasteriseQRSVG(t, svg, 4)), exportBase+"/zh-Hant/reporting-a-crime"; got != want {
		t.Fatalf("QR code decodes to %q, want %q", got, want)
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestExportReplacesOnlyABundle(t *testing.T) {
	dir := MustExport(t)
	stale := filepath.Join(dir, "static", "kiosk.old.css")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, nil, "export", "--kiosk", dir, "--base-url", exportBase); code != 0 {
		t.Fatalf("export over an earlier bundle: code=%d, want 0\n%s", code, stderr)
	}
	if exists(stale) {
		t.Fatalf("%s survived a new export, want the old bundle replaced whole", stale)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, nil, "export", "--kiosk", other, "--base-url", exportBase); code != 1 || !strings.Contains(stderr, "not empty") || !exists(filepath.Join(other, "notes.txt")) {
		t.Fatalf("export into a folder with other files: code=%d stderr=%q, want 1, a refusal and the files kept", code, stderr)
	}
}

func TestExportUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "name a folder"},
		{[]string{"export", "a", "b"}, "one folder for the site"},
		{[]string{"export", "x", "--kiosk", "x", "--base-url", exportBase}, "folders of their own"},
		{[]string{"export", "--kiosk", "x"}, "--base-url is required with --kiosk"},
		{[]string{"export", "--kiosk", "x", "--base-url", "outreach.example.org"}, `--base-url "outreach.example.org"`},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, nil, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Fatalf("%v: code=%d stderr=%q, want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	dir := t.TempDir()
	kiosks := filepath.Join(dir, "kiosks.toml")
	if err := os.WriteFile(kiosks, []byte("[[kiosk]]\nkey = \"a\"\nbranch = \"A\"\nlanguages = [\"de\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, nil, "export", "--kiosk", filepath.Join(dir, "out"), "--base-url", exportBase, "--kiosks", kiosks)
	if code != 1 || !strings.Contains(stderr, kiosks+":4:") {
		t.Fatalf("bad kiosk file: code=%d stderr=%q, want 1 with the file and line", code, stderr)
	}
}

// TestExportKioskInChromium opens the bundle from file:// in Chromium, with no server:
// the start page leads to the kiosk, a tap opens Arabic, styles and script work, and
// the QR code on screen opens the public page.
func TestExportKioskInChromium(t *testing.T) {
	ctx := browsertest.MustBrowser(t, 2*time.Minute)
	dir := MustExport(t)
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	wait := func(expr string) {
		t.Helper()
		browsertest.WaitJS(t, ctx, expr, 30*time.Second)
	}
	run(chromedp.Navigate("file://" + filepath.Join(dir, "index.html")))
	wait(`location.pathname.endsWith("/kiosk/central/index.html") && document.readyState === "complete"`)
	run(chromedp.Click(chromedp.CSS(`a[lang="ar"]`)))
	wait(`location.pathname.endsWith("/kiosk/central/ar/index.html") && document.readyState === "complete"`)
	run(chromedp.Click(chromedp.CSS(`a[href="victim-services.html"]`)))
	wait(`location.pathname.endsWith("/ar/victim-services.html") && document.readyState === "complete"`)
	wait(`document.querySelector("img.qr").complete && document.querySelector("img.qr").naturalWidth > 0`)
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[getComputedStyle(document.documentElement).direction,
		getComputedStyle(document.querySelector(".kbar")).backgroundColor, document.querySelector("[data-print]").hidden].join(" ")`))
	if err != nil {
		t.Fatal(err)
	}
	if state != "rtl rgb(11, 61, 145) false" {
		t.Fatalf("direction, header colour, print button hidden=%q, want rtl, the style sheet's blue and a print button shown by the script", state)
	}
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("img.qr"), chromedp.NodeVisible))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := browsertest.DecodeQRPNG(t, shot), exportBase+"/ar/victim-services"; got != want {
		t.Fatalf("QR code decodes to %q, want %q", got, want)
	}
}
