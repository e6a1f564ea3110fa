package staff

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/server/web"
)

// apiPrefix is where the JSON API lives.
const apiPrefix = "/api/v1"

// apiRoutes registers the interpreter-request API. Every route but the OpenAPI document
// needs an API token.
func (s *Server) apiRoutes() {
	g := s.e.Group(apiPrefix)
	g.GET("/openapi.json", s.openAPI)
	s.e.GET("/calendar/:file", s.calendarFeed)
	a := g.Group("", s.requireToken)
	a.GET("/me", s.apiMe)
	a.GET("/events", s.apiEvents)
	a.POST("/interpreters", s.apiCreateInterpreter)
	a.GET("/interpreters", s.apiListInterpreters)
	a.GET("/interpreters/:id/shifts.ics", s.apiInterpreterCalendar)
	a.POST("/interpreters/:id/calendar-url", s.apiCalendarURL)
	a.POST("/shifts", s.apiCreateShift)
	a.PUT("/rotations/:language/:level", s.apiPutRotation)
	a.GET("/oncall", s.apiOnCall)
	a.PUT("/escalation-policies/:language", s.apiPutPolicy)
	a.GET("/escalation-policies/:language", s.apiGetPolicy)
	a.POST("/requests", s.apiCreateRequest)
	a.GET("/requests", s.apiListRequests)
	a.GET("/requests/:id", s.apiGetRequest)
	a.POST("/requests/:id/cancel", s.apiCancelRequest)
	a.POST("/requests/:id/complete", s.apiCompleteRequest)
	a.POST("/requests/:id/break-glass", s.apiBreakGlass)
	a.POST("/users/:id/password-reset", s.apiResetPassword)
	a.POST("/users/:id/invite", s.apiInviteUser)
	a.POST("/users/:id/deactivate", s.apiDeactivateUser)
	a.POST("/users/:id/reactivate", s.apiReactivateUser)
	a.DELETE("/tokens/:id", s.apiRevokeToken)
	a.PUT("/interpreters/:id/vetting", s.apiAttestVetting)
	a.GET("/vetting", s.apiVettingHistory)
	a.GET("/break-glass", s.apiBreakGlassGrants)
	a.GET("/offers", s.apiListOffers)
	a.POST("/offers/:id/accept", s.apiAcceptOffer)
	a.POST("/offers/:id/decline", s.apiDeclineOffer)
	a.POST("/offers/:id/conflict", s.apiConflictOffer)
}

// requireToken authenticates "Authorization: Bearer TOKEN".
func (s *Server) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get("Authorization")
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="outreach"`)
			return apperr.New(apperr.Unauthorized, "ErrUnauthorized", "no bearer token")
		}
		// Every authenticated answer may carry details: none is kept by a cache.
		c.Response().Header().Set("Cache-Control", "no-store")
		u, err := s.Accounts.Authenticate(c.Request().Context(), strings.TrimSpace(token))
		if err != nil {
			if apperr.CodeOf(err) == apperr.NotFound {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="outreach", error="invalid_token"`)
				return apperr.New(apperr.Unauthorized, "ErrUnauthorized", "unknown token")
			}
			return err
		}
		ctx := auth.NewContextWithUser(c.Request().Context(), u)
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func actor(c echo.Context) *auth.User { return auth.UserFromContext(c.Request().Context()) }

// body reads a JSON request body: the content type must be JSON; size is bounded by the
// body-limit middleware.
func body(c echo.Context) ([]byte, error) {
	ct := c.Request().Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "ErrUnsupportedMediaType", Detail: "content type " + ct}
	}
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "ErrBodyTooLarge", Detail: "read body", Err: err}
	}
	if err := dispatch.RejectDuplicateKeys(data); err != nil {
		return nil, err
	}
	return data, nil
}

// idParam parses a positive integer path parameter; anything else is not found.
func idParam(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, dispatch.KeyNotFound, "bad id %q", c.Param("id"))
	}
	return id, nil
}

func (s *Server) apiMe(c echo.Context) error {
	u := actor(c)
	return c.JSON(http.StatusOK, map[string]any{"id": u.ID, "email": u.Email, "name": u.Name, "role": u.Role})
}

func (s *Server) openAPI(c echo.Context) error {
	return web.SendCached(c, "application/json", "public, max-age=3600", openAPIDocument)
}

// APIRoutes lists the API's routes as "METHOD /api/v1/path/{param}", for the OpenAPI
// check.
func (s *Server) APIRoutes() []string {
	var out []string
	for _, r := range s.e.Routes() {
		if !strings.HasPrefix(r.Path, apiPrefix+"/") || strings.HasPrefix(r.Method, "echo_route") {
			continue
		}
		parts := strings.Split(r.Path, "/")
		for i, p := range parts {
			if strings.HasPrefix(p, ":") {
				parts[i] = "{" + p[1:] + "}"
			}
		}
		out = append(out, r.Method+" "+strings.Join(parts, "/"))
	}
	return out
}
