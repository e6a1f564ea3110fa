package staff

import (
	"embed"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/server/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Deps is what the staff side needs besides the shared base, built by the command.
type Deps struct {
	Dispatch *dispatch.Service
	// Accounts signs people in, checks sessions and API tokens, and owns every account
	// change.
	Accounts *auth.Service
	Events   EventSource
	// Changes wakes live event streams (required with Events).
	Changes ChangeFeed
	Now     func() time.Time
	// Sessions serve the staff pages: sign-in, offers, requests.
	Sessions *scs.SessionManager
}

// Server serves the staff side: the staff pages, the JSON API under /api/v1, live
// events and calendar feeds, and /metrics.
type Server struct {
	*web.Base
	Deps
	e          *echo.Echo
	staffViews *web.Views

	streamsDone chan struct{} // closed by StopStreams
	stopOnce    sync.Once
}

// Paths are the path patterns (net/http ServeMux) the staff side answers when it shares a
// listener with the public side; everything else is the public side's.
var Paths = []string{"/staff/", "/api/", "/calendar/", "/metrics"}

// New builds the staff side on base; templates are parsed here, once.
func New(base *web.Base, d Deps) (*Server, error) {
	s := &Server{Base: base, Deps: d, streamsDone: make(chan struct{})}
	// Dynamic responses are compressed on the fly; static files are already (web.Encoded)
	// and an event stream never is.
	s.e = base.NewEcho(middleware.GzipWithConfig(middleware.GzipConfig{Level: 6, MinLength: 1024, Skipper: func(c echo.Context) bool {
		return isEventStream(c) || strings.HasPrefix(c.Request().URL.Path, "/static/")
	}}))
	get := func(path string, h echo.HandlerFunc) {
		s.e.Match([]string{http.MethodGet, http.MethodHead}, path, h)
	}
	s.OpsRoutes(s.e, true)
	get("/static/:file", s.Static)
	s.apiRoutes()
	if err := s.staffRoutes(); err != nil {
		return nil, err
	}
	return s, nil
}

// ServeHTTP makes the staff side an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.e.ServeHTTP(w, r) }

// StopStreams ends every live event stream, so that a graceful shutdown is not held open
// by clients that never hang up; they reconnect to another instance with Last-Event-ID.
func (s *Server) StopStreams() { s.stopOnce.Do(func() { close(s.streamsDone) }) }
