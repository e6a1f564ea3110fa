package kiosk_test

import (
	"strings"
	"testing"

	"github.com/outreach-project/outreach/internal/browsertest"
	"github.com/outreach-project/outreach/internal/kiosk"
)

// TestQRSVGDecodes draws the SVG as a browser would and reads it back with ZXing.
func TestQRSVGDecodes(t *testing.T) {
	for _, url := range []string{
		"https://outreach.example.org/ar/victim-services",
		"http://127.0.0.1:8080/zh-Hant/reporting-a-crime",
		"https://outreach.example.org/fa-AF/youth-drugs-overdose",
	} {
		q, err := kiosk.NewQR(url)
		if err != nil {
			t.Fatal(err)
		}
		svg := q.SVG("QR <code>")
		if got := browsertest.DecodeQR(t, browsertest.RasteriseQRSVG(t, svg, 4)); got != url {
			t.Fatalf("decoded %q, want %q", got, url)
		}
		if !strings.Contains(string(svg), "<title>QR &lt;code&gt;</title>") || strings.Contains(string(svg), "<script") {
			t.Fatalf("SVG title not escaped, or SVG has a script:\n%s", svg)
		}
		if q.Content() != url || q.Size() < 21 {
			t.Fatalf("Content=%q Size=%d, want %q and 21 modules or more", q.Content(), q.Size(), url)
		}
	}
}

func TestQRTooLong(t *testing.T) {
	if _, err := kiosk.NewQR(strings.Repeat("x", 5000)); err == nil {
		t.Fatalf("NewQR of 5000 bytes succeeded, want an error")
	}
}
