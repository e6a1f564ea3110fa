package public_test

import (
	"bytes"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
	"github.com/outreach-project/outreach/server/public"
	"github.com/outreach-project/outreach/server/web"
)

// fixture is a server with its content and a buffer holding its log.
type fixture struct {
	*public.Server
	Site    *site.Site
	Locales *locale.Registry
	UI      *i18n.Catalog
	Log     *bytes.Buffer
}

// MustServer builds a server on a content folder (the real UI strings); nil means the
// embedded default content.
func MustServer(tb testing.TB, content fs.FS) *fixture {
	tb.Helper()
	return mustServer(tb, content, "", nil)
}

// mustServer builds a server on content with a base URL and a kiosk file (nil: built in).
func mustServer(tb testing.TB, content fs.FS, baseURL string, kiosks *kiosk.Config) *fixture {
	tb.Helper()
	return mustServerWith(tb, content, baseURL, kiosks, public.New)
}

// mustServerWith is mustServer with the constructor that builds the server.
func mustServerWith(tb testing.TB, content fs.FS, baseURL string, kiosks *kiosk.Config,
	newServer func(*web.Base, *pamphlet.Catalog, *kiosk.Config) (*public.Server, error)) *fixture {
	tb.Helper()
	if content == nil {
		content = outreach.Content()
	}
	s, err := site.Load(content, "site.toml")
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		tb.Fatal(err)
	}
	ui, err := i18n.Load(outreach.Locales(), reg)
	if err != nil {
		tb.Fatal(err)
	}
	cat, err := pamphlet.Load(content, s, reg)
	if err != nil {
		tb.Fatal(err)
	}
	var logs bytes.Buffer
	base, err := web.New(web.Deps{Site: s, Locales: reg, UI: ui, BaseURL: baseURL, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	srv, err := newServer(base, cat, kiosks)
	if err != nil {
		tb.Fatal(err)
	}
	return &fixture{Server: srv, Site: s, Locales: reg, UI: ui, Log: &logs}
}

// MustFixtureServer serves testdata/content: a pamphlet "alpha" in en (revision 2),
// fr (machine), ar (stale) and fa, and "beta" in English only.
func MustFixtureServer(tb testing.TB) *fixture {
	return MustServer(tb, os.DirFS("testdata/content"))
}

// get sends a GET with headers given as name, value pairs.
func (f *fixture) get(tb testing.TB, target string, headers ...string) (*http.Response, string) {
	tb.Helper()
	return f.do(tb, http.MethodGet, target, headers...)
}

func (f *fixture) do(tb testing.TB, method, target string, headers ...string) (*http.Response, string) {
	tb.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}
