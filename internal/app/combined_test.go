package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Both sides on one listener: the same routing a ServeMux with the staff prefixes
// gives, without its allocations.
func TestCombinedRoutes(t *testing.T) {
	side := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Header().Set("Side", name) })
	}
	h := combined{staff: side("staff"), public: side("public")}
	tests := []struct {
		path, side, location string
	}{
		{"/", "public", ""},
		{"/ar/victim-services", "public", ""},
		{"/static/site.css", "public", ""},
		{"/staffing", "public", ""},
		{"/apiary", "public", ""},
		{"/metrics/x", "public", ""},
		{"/metricsx", "public", ""},
		{"/staff/", "staff", ""},
		{"/staff/requests/7", "staff", ""},
		{"/api/v1/requests", "staff", ""},
		{"/calendar/abc.ics", "staff", ""},
		{"/metrics", "staff", ""},
		{"/staff", "", "/staff/"},
		{"/api?x=1", "", "/api/?x=1"},
		{"/calendar", "", "/calendar/"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if got := w.Header().Get("Side"); got != tt.side {
				t.Fatalf("side=%q, want %q", got, tt.side)
			}
			if tt.location != "" && (w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != tt.location) {
				t.Fatalf("Status=%d Location=%q, want 301 to %q", w.Code, w.Header().Get("Location"), tt.location)
			}
		})
	}
}
