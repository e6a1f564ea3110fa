package public

import "testing"

func TestRelPath(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"/kiosk/a/sw.js", "/kiosk/a/", "./"},
		{"/kiosk/a/sw.js", "/kiosk/a/en/", "en/"},
		{"/kiosk/a/sw.js", "/static/kiosk.1.css", "../../static/kiosk.1.css"},
		{"/kiosk/a/index.html", "/kiosk/a/ar/index.html", "ar/index.html"},
		{"/kiosk/a/ar/victim-services.html", "/kiosk/a/ar/victim-services.svg", "victim-services.svg"},
		{"/kiosk/a/ar/victim-services.html", "/kiosk/a/languages/ar.html", "../languages/ar.html"},
		{"/kiosk/a/languages/ar.html", "/kiosk/a/index.html", "../index.html"},
		{"/index.html", "/kiosk/a/index.html", "kiosk/a/index.html"},
	}
	for _, tt := range tests {
		if got := relPath(tt.from, tt.to); got != tt.want {
			t.Fatalf("relPath(%q, %q)=%v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestExportFile(t *testing.T) {
	for in, want := range map[string]string{
		"/kiosk/a/":                      "/kiosk/a/index.html",
		"/kiosk/a/en/calling-police":     "/kiosk/a/en/calling-police.html",
		"/kiosk/a/en/calling-police.svg": "/kiosk/a/en/calling-police.svg",
		"/kiosk/a/languages/zh-Hant":     "/kiosk/a/languages/zh-Hant.html",
		"/kiosk/a/sw.js":                 "/kiosk/a/sw.js",
	} {
		if got := exportFile(in); got != want {
			t.Fatalf("exportFile(%q)=%v, want %v", in, got, want)
		}
	}
}

func TestNeutraliseLinks(t *testing.T) {
	in := `<p>See <a href="https://evil.example/x" title="a &gt; b">the <em>site</em></a>, ` +
		`<a href="http://www.tps.ca">www.tps.ca</a> or call <a class="tel" href="tel:911" dir="ltr">911</a>.</p>`
	want := `<p>See <span class="link">the <em>site</em></span>, ` +
		`<span class="link">www.tps.ca</span> or call <span class="tel" dir="ltr">911</span>.</p>`
	if got := neutraliseLinks(in); got != want {
		t.Fatalf("neutraliseLinks=%v, want %v", got, want)
	}
}
