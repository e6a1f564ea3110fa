package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

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
