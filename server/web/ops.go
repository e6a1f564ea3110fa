package web

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// httpMetrics counts requests by route template — "/api/v1/requests/:id", never the
// id — method and status, so that no label can carry anything a person typed. A method
// outside HTTP's standard set is counted as "OTHER", so clients cannot grow the label set.
//
// Each label combination's counter and histogram are looked up once and kept: finding
// them through the vectors hashes every label value on every request.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	series   sync.Map // seriesKey -> *seriesMetrics
}

type seriesKey struct {
	route, method string
	status        int
}

type seriesMetrics struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "outreach_http_requests_total", Help: "HTTP requests by route template, method and status."},
			[]string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "outreach_http_request_duration_seconds", Help: "HTTP request duration by route template.",
			Buckets: []float64{.001, .005, .01, .05, .1, .5, 1, 5}}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *httpMetrics) observe(c echo.Context, took time.Duration) {
	route := c.Path() // the template Echo matched
	if route == "" {
		route = "unmatched"
	}
	k := seriesKey{route: route, method: metricMethod(c.Request().Method), status: c.Response().Status}
	s, ok := m.series.Load(k)
	if !ok {
		s, _ = m.series.LoadOrStore(k, &seriesMetrics{
			requests: m.requests.WithLabelValues(k.route, k.method, strconv.Itoa(k.status)),
			duration: m.duration.WithLabelValues(k.route),
		})
	}
	sm := s.(*seriesMetrics)
	sm.requests.Inc()
	sm.duration.Observe(took.Seconds())
}

// metricMethod is the method as a label: one of HTTP's standard methods, else "OTHER".
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}

// Pinger checks that the database answers.
type Pinger interface {
	PingContext(ctx context.Context) error
}

// readyz answers 200 when the database answers, 503 otherwise: a load balancer stops
// sending requests to an instance that cannot serve them.
func (s *Base) readyz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if s.DB != nil {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		if err := s.DB.PingContext(ctx); err != nil {
			return c.String(http.StatusServiceUnavailable, "database unavailable\n")
		}
	}
	return c.String(http.StatusOK, "ready\n")
}

// OpsRoutes registers /healthz and /readyz, and /metrics when metrics is set and the
// deployment has a registry.
func (s *Base) OpsRoutes(e *echo.Echo, metrics bool) {
	get := func(path string, h echo.HandlerFunc) { e.Match([]string{http.MethodGet, http.MethodHead}, path, h) }
	get("/healthz", s.healthz)
	get("/readyz", s.readyz)
	if metrics && s.Metrics != nil {
		// The gzip middleware compresses; promhttp must not do it a second time.
		get("/metrics", echo.WrapHandler(promhttp.HandlerFor(s.Metrics, promhttp.HandlerOpts{DisableCompression: true})))
	}
}
