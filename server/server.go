package server

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"context"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

// Deps is what the server needs, built by the command.
type Deps struct {
	Site      *site.Site
	Locales   *locale.Registry
	Pamphlets *pamphlet.Catalog
	UI        *i18n.Catalog
	Logger    *slog.Logger
	// BaseURL is the public URL for absolute links ("https://outreach.example.org");
	// empty means the request's own scheme and host.
	BaseURL string

	// Dispatch and Tokens serve the interpreter-request API; without them the server
	// serves the public site only.
	Dispatch *dispatch.Service
	Tokens   TokenAuthenticator
	Events   EventSource
	Now      func() time.Time
	// Sessions and Staff serve the staff pages that message links open.
	Sessions *scs.SessionManager
	Staff    StaffAccounts
	// Audit appends sign-ins and failed sign-ins to the audit log.
	Audit func(ctx context.Context, e audit.Event) error
	// TrustedProxies are the reverse proxies whose forwarded headers are believed.
	TrustedProxies []*net.IPNet
	// Metrics is the registry /metrics serves (nil: no /metrics); DB answers /readyz.
	Metrics *prometheus.Registry
	DB      Pinger
}

// Server serves the public pamphlet site.
type Server struct {
	Deps
	e      *echo.Echo
	views  *views
	assets map[string]*asset // by file name
	byPath map[string]*asset // by hashed path
	pages  *pageCache

	staffViews *views
	metrics    *httpMetrics

	streamsDone chan struct{} // closed by StopStreams
	stopOnce    sync.Once
}

// StopStreams ends every live event stream, so that a graceful shutdown is not held open
// by clients that never hang up; they reconnect to another instance with Last-Event-ID.
func (s *Server) StopStreams() { s.stopOnce.Do(func() { close(s.streamsDone) }) }

// maxBody bounds request bodies; the public site reads none.
const maxBody = "64K"

// New builds the server: templates are parsed and static files hashed here, once.
func New(d Deps) (*Server, error) {
	v, err := newViews(d.UI, d.Site, d.Locales)
	if err != nil {
		return nil, err
	}
	assets, err := loadAssets()
	if err != nil {
		return nil, fmt.Errorf("server: load static files: %w", err)
	}
	s := &Server{Deps: d, e: echo.New(), views: v, assets: assets, byPath: make(map[string]*asset), streamsDone: make(chan struct{}),
		pages: newPageCache(4 * len(d.Locales.All()) * (len(d.Pamphlets.All()) + 1))}
	for _, a := range assets {
		s.byPath[a.path] = a
	}
	s.e.HideBanner, s.e.HidePort = true, true
	if d.Metrics != nil {
		s.metrics = newHTTPMetrics(d.Metrics)
	}
	// Client addresses come from the connection: forwarded headers are trusted only once
	// a reverse proxy is configured, never by default (they are the client's to forge).
	s.e.IPExtractor = echo.ExtractIPDirect()
	if len(d.TrustedProxies) > 0 {
		opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range d.TrustedProxies {
			opts = append(opts, echo.TrustIPRange(n))
		}
		s.e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
	}
	s.e.HTTPErrorHandler = s.handleError
	s.e.Use(
		s.logRequests,
		s.recoverPanics,
		separateSides,
		s.securityHeaders,
		middleware.BodyLimit(maxBody),
		middleware.GzipWithConfig(middleware.GzipConfig{Level: 6, MinLength: 1024, Skipper: isEventStream}),
	)
	if err := s.routes(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) routes() error {
	get := func(path string, h echo.HandlerFunc) {
		s.e.Match([]string{http.MethodGet, http.MethodHead}, path, h)
	}
	get("/healthz", s.healthz)
	s.opsRoutes(get)
	get("/sitemap.xml", s.sitemap)
	get("/robots.txt", s.robots)
	get("/static/:file", s.static)
	s.kioskRoutes(get)
	get("/", s.home)
	get("/:locale", s.localeOrSlug)
	get("/:locale/", s.index)
	get("/:locale/:slug", s.pamphlet)
	if s.Dispatch != nil && s.Tokens != nil {
		s.apiRoutes()
	}
	if s.Dispatch != nil && s.Sessions != nil && s.Staff != nil {
		return s.staffRoutes()
	}
	return nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.e.ServeHTTP(w, r) }
