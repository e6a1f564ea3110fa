package staff

import (
	"io/fs"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/server/web"
)

// staffRoutes registers the staff pages under /staff: sign-in, then everything else
// behind a session. Each page has its handler file and its template
// templates/staff-<name>.html.
func (s *Server) staffRoutes() error {
	v, err := s.parsePages()
	if err != nil {
		return err
	}
	s.staffViews = v
	g := s.e.Group(staffPrefix, echo.WrapMiddleware(s.Sessions.LoadAndSave), s.csrf())
	g.GET("/login", s.staffLoginPage)
	g.POST("/login", s.staffLogin, signInLimiter())
	g.GET("/set-password", s.staffSetPasswordPage)
	g.POST("/set-password", s.staffSetPassword, signInLimiter())
	a := g.Group("", s.requireSession)
	a.POST("/logout", s.staffLogout)
	a.GET("/", s.staffHome)
	a.GET("/offers/:id", s.staffOffer)
	a.POST("/offers/:id/:action", s.staffAnswer)
	a.GET("/requests/new", s.staffNewRequest)
	a.POST("/requests", s.staffCreateRequest)
	a.GET("/requests/:id", s.staffRequest)
	a.POST("/requests/:id/cancel", s.staffCancelRequest)
	a.GET("/offers", s.staffOffers)
	a.POST("/calendar-link", s.staffCalendarLink)
	a.POST("/cover", s.staffAskCover)
	a.POST("/cover/:id/:action", s.staffCoverAnswer)
	if s.Events != nil {
		a.GET("/events", s.apiEvents) // for EventSource, which cannot send a bearer token
	}
	a.GET("/board", s.staffBoard, coordinatorsOnly)
	a.GET("/interpreters", s.staffInterpreters, coordinatorsOnly)
	a.GET("/interpreters/new", s.staffInterpreterNew, coordinatorsOnly)
	a.POST("/interpreters", s.staffInterpreterCreate, coordinatorsOnly)
	a.GET("/interpreters/:id", s.staffInterpreter, coordinatorsOnly)
	a.POST("/interpreters/:id", s.staffInterpreterUpdate, coordinatorsOnly)
	a.POST("/interpreters/:id/active", s.staffInterpreterActive, coordinatorsOnly)
	a.GET("/rotations", s.staffRotations, coordinatorsOnly)
	a.POST("/rotations/shifts", s.staffAddShift, coordinatorsOnly)
	a.POST("/rotations/slots", s.staffAddSlot, coordinatorsOnly)
	a.GET("/policies", s.staffPolicies, coordinatorsOnly)
	a.GET("/policies/:language", s.staffPolicy, coordinatorsOnly)
	a.POST("/policies/:language", s.staffPolicySave, coordinatorsOnly)
	a.GET("/audit", s.staffAudit, coordinatorsOnly)
	a.GET("/requests/:id/break-glass", s.staffBreakGlassForm, coordinatorsOnly)
	a.POST("/requests/:id/break-glass", s.staffBreakGlass, coordinatorsOnly)
	return nil
}

// parsePages parses every templates/staff-*.html but the layout, each with the layout.
func (s *Server) parsePages() (*web.Views, error) {
	files, err := fs.Glob(templateFS, "templates/staff-*.html")
	if err != nil {
		return nil, err
	}
	var pages []string
	for _, f := range files {
		if name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html"); name != "staff-layout" {
			pages = append(pages, name)
		}
	}
	return web.ParseViews(s.UI, s.Site, s.Locales, web.ViewSet{LayoutFS: templateFS, Layout: "templates/staff-layout.html",
		PagesFS: templateFS, Prefix: "templates/", Pages: pages})
}
