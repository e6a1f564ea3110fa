package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
)

// A deployment may serve the interpreter-request workflow (API and staff pages) on a
// listener of its own (--staff-addr), on an internal network, and the public site and
// kiosks on another. Each listener's handler marks its requests; routes of the other side
// then answer 404, as if they did not exist.

type listenerKey struct{}

const (
	publicSide = "public"
	staffSide  = "staff"
)

// PublicHandler is the handler for a listener that serves the public site and kiosks only.
func (s *Server) PublicHandler() http.Handler { return s.side(publicSide) }

// StaffHandler is the handler for a listener that serves the workflow only (and operations
// endpoints and static files).
func (s *Server) StaffHandler() http.Handler { return s.side(staffSide) }

func (s *Server) side(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), listenerKey{}, name)))
	})
}

func isWorkflowPath(p string) bool {
	return strings.HasPrefix(p, apiPrefix+"/") || p == staffPrefix || strings.HasPrefix(p, staffPrefix+"/") ||
		strings.HasPrefix(p, "/calendar/")
}

func isSharedPath(p string) bool {
	return p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/static/")
}

// separateSides turns away, on each side's listener, the routes of the other side.
func separateSides(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		side, _ := c.Request().Context().Value(listenerKey{}).(string)
		p := c.Request().URL.Path
		switch {
		case side == publicSide && (isWorkflowPath(p) || p == "/metrics"):
			return apperr.New(apperr.NotFound, "NotFoundBody", "workflow route on the public listener")
		case side == staffSide && !isWorkflowPath(p) && !isSharedPath(p) && p != "/metrics":
			return apperr.New(apperr.NotFound, "NotFoundBody", "public route on the staff listener")
		}
		return next(c)
	}
}
