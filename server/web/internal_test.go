package web

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// TestPanicBecomesErrorPage: a panic in a handler reaches the user as the generic error
// page in their language, and the log once.
func TestPanicBecomesErrorPage(t *testing.T) {
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := locale.NewRegistry(s.Locales, s.DefaultLocale)
	ui, _ := i18n.Load(outreach.Locales(), reg)
	var logs bytes.Buffer
	base, err := New(Deps{Site: s, Locales: reg, UI: ui, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := base.NewEcho()
	srv.GET("/boom", func(echo.Context) error { panic("secret detail") })
	req := httptest.NewRequest(http.MethodGet, "/boom", nil)
	req.Header.Set("Accept-Language", "es")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("Status=%v, want 500", rec.Code)
	}
	body := rec.Body.String()
	if strings.Contains(body, "secret detail") || !strings.Contains(body, ui.For("es").T("ErrorTitle")) {
		t.Fatalf("500 page leaks the panic or is not in Spanish:\n%s", body)
	}
	if !strings.Contains(logs.String(), "secret detail") || !strings.Contains(logs.String(), "level=ERROR msg=panic") {
		t.Fatalf("panic not logged:\n%s", logs.String())
	}
}

// TestRequestMetrics: requests are counted by route template, method and status; a
// method outside HTTP's set is counted as OTHER, so clients cannot add label values, and
// the same series counts every request made to it.
func TestRequestMetrics(t *testing.T) {
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := locale.NewRegistry(s.Locales, s.DefaultLocale)
	ui, _ := i18n.Load(outreach.Locales(), reg)
	metrics := prometheus.NewRegistry()
	base, err := New(Deps{Site: s, Locales: reg, UI: ui, Metrics: metrics, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := base.NewEcho()
	srv.Any("/things/:id", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	for _, m := range []string{"GET", "GET", "POST", "BREW", "PROPFIND"} {
		srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(m, "/things/42", nil))
	}
	// Echo's Any routes PROPFIND (WebDAV) and answers BREW with 405.
	want := map[string]float64{"GET 204": 2, "POST 204": 1, "OTHER 204": 1, "OTHER 405": 1}
	families, err := metrics.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "outreach_http_requests_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["route"] != "/things/:id" {
				t.Fatalf("labels=%v, want route /things/:id", labels)
			}
			got[labels["method"]+" "+labels["status"]] += m.GetCounter().GetValue()
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("requests by method (-want +got):\n%s", diff)
	}
}
