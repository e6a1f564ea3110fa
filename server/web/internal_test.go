package web

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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
	var logs bytes.Buffer
	d := defaultDeps(t)
	d.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	ui := d.UI
	base, err := New(d)
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
	metrics := prometheus.NewRegistry()
	d := defaultDeps(t)
	d.Metrics, d.Logger = metrics, slog.New(slog.NewTextHandler(io.Discard, nil))
	base, err := New(d)
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

// lineRecorder is a log handler that writes request lines itself (RequestLineWriter),
// or declines them all when decline is set.
type lineRecorder struct {
	slog.Handler
	decline bool
	lines   []RequestLine
}

func (r *lineRecorder) WriteRequestLine(l RequestLine) bool {
	if r.decline {
		return false
	}
	r.lines = append(r.lines, l)
	return true
}

// TestRequestLog: each request gets one line with its method, path (a calendar feed's
// secret path hidden), final status and size, handed as fields to a handler that can
// write them and as a record to one that cannot or will not.
func TestRequestLog(t *testing.T) {
	for _, decline := range []bool{false, true} {
		var records bytes.Buffer
		rec := &lineRecorder{Handler: slog.NewJSONHandler(&records, nil), decline: decline}
		d := defaultDeps(t)
		d.Logger = slog.New(rec)
		base, err := New(d)
		if err != nil {
			t.Fatal(err)
		}
		srv := base.NewEcho()
		srv.GET("/ok", func(c echo.Context) error { return c.String(http.StatusOK, "hello") })
		srv.GET("/calendar/:token", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
		for _, p := range []string{"/ok?q=secret", "/calendar/s3cr3t-feed", "/missing"} {
			srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
		}
		want := []RequestLine{
			{Level: slog.LevelInfo, Method: "GET", Path: "/ok", Status: 200, Bytes: 5},
			{Level: slog.LevelInfo, Method: "GET", Path: "/calendar/…", Status: 204},
			{Level: slog.LevelInfo, Method: "GET", Path: "/missing", Status: 404},
		}
		got := rec.lines
		if decline {
			got = nil
			for _, line := range strings.Split(strings.TrimSpace(records.String()), "\n") {
				var l struct {
					Level, Msg, Method, Path string
					Status                   int
					Bytes                    int64
				}
				if err := json.Unmarshal([]byte(line), &l); err != nil || l.Msg != RequestLogMessage {
					t.Fatalf("log line %q: %v", line, err)
				}
				got = append(got, RequestLine{Level: slog.LevelInfo, Method: l.Method, Path: l.Path, Status: l.Status, Bytes: l.Bytes})
			}
		} else if records.Len() > 0 {
			t.Errorf("lines the handler wrote itself also went through slog:\n%s", records.String())
		}
		for i := range got {
			if got[i].Time.IsZero() != decline || got[i].Duration < 0 {
				t.Errorf("line %d: time %v, duration %v", i, got[i].Time, got[i].Duration)
			}
			got[i].Time, got[i].Duration = time.Time{}, 0
			if got[i].Path == "/missing" {
				got[i].Bytes = 0 // the error page's size
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("decline=%v: request lines (-want +got):\n%s", decline, diff)
		}
	}
}

// defaultDeps are the default content's site facts, locales and UI strings.
func defaultDeps(t *testing.T) Deps {
	t.Helper()
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		t.Fatal(err)
	}
	ui, err := i18n.Load(outreach.Locales(), reg)
	if err != nil {
		t.Fatal(err)
	}
	return Deps{Site: s, Locales: reg, UI: ui}
}
