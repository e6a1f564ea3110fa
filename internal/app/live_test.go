package app

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

func TestLive(t *testing.T) {
	reg, err := locale.NewRegistry([]locale.Spec{{ID: "en"}, {ID: "fr"}, {ID: "fa", Fallback: []string{"fa-AF"}}, {ID: "fa-AF", Fallback: []string{"fa"}}}, "en")
	if err != nil {
		t.Fatal(err)
	}
	version, failWith := 1, error(nil)
	build := func() (http.Handler, *Content, error) {
		if failWith != nil {
			return nil, nil, failWith
		}
		v := version
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, "version %d", v) })
		return h, &Content{Locales: reg}, nil
	}
	live, err := NewLive(build, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		live.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		body, _ := io.ReadAll(rec.Body)
		return rec.Code, string(body)
	}

	version = 2
	live.Reload()
	if code, body := get("/fr/a"); code != 200 || body != "version 2" {
		t.Fatalf("after a good reload: %d %q, want version 2", code, body)
	}

	failWith = fmt.Errorf("content has 1 problem(s):\n%w", pamphlet.Problems{{File: "content/a/fa-AF.md", Line: 7, Reason: "unknown placeholder {{phone.x}}"}})
	live.Reload()
	tests := []struct {
		path     string
		code     int
		contains string
	}{
		{"/fa-AF/a", 500, "content/a/fa-AF.md:7</code>: unknown placeholder {{phone.x}}"},
		{"/fa/a", 500, "content/a/fa-AF.md:7"}, // fa falls back to fa-AF
		{"/fr/a", 200, "version 2"},            // the rest keeps serving
		{"/fa-AF/b", 200, "version 2"},
	}
	for _, tt := range tests {
		if code, body := get(tt.path); code != tt.code || !strings.Contains(body, tt.contains) {
			t.Fatalf("GET %s=%d %q, want %d with %q", tt.path, code, body, tt.code, tt.contains)
		}
	}

	failWith = &site.Error{File: "content/site.toml", Line: 3, Reason: "unknown time zone"}
	live.Reload()
	if code, body := get("/fr/"); code != 500 || !strings.Contains(body, "content/site.toml:3</code>: unknown time zone") {
		t.Fatalf("site file problem: %d %q, want it on every page", code, body)
	}
	if code, _ := get("/static/style.css"); code != 200 {
		t.Fatalf("static file during a problem: %d, want 200", code)
	}

	failWith, version = nil, 3
	live.Reload()
	if code, body := get("/fa/a"); code != 200 || body != "version 3" {
		t.Fatalf("after the fix: %d %q, want version 3", code, body)
	}
	if _, err := NewLive(func() (http.Handler, *Content, error) { return nil, nil, errors.New("broken") }, slog.New(slog.DiscardHandler)); err == nil {
		t.Fatalf("NewLive with broken content: err=nil, want the error")
	}
}
