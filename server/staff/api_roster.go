package staff

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/schedule"
)

type (
	contextT = context.Context
	actorT   = *auth.User
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func (s *Server) apiCreateInterpreter(c echo.Context) error {
	data, err := body(c)
	if err != nil {
		return err
	}
	in, err := dispatch.DecodeInterpreter(data)
	if err != nil {
		return err
	}
	i, err := s.Dispatch.CreateInterpreter(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, i)
}

func (s *Server) apiListInterpreters(c echo.Context) error {
	list, err := s.Dispatch.Interpreters(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, nonNil(list))
}

// scheduleError turns the schedule package's field errors into an invalid-input error.
// A value that does not parse is 400; one that breaks a rule is 422 (see classify).
func scheduleError(err error) error {
	var first *schedule.FieldError
	if fe, ok := err.(schedule.FieldErrors); ok && len(fe) > 0 {
		first = fe[0]
	} else if fe, ok := err.(*schedule.FieldError); ok {
		first = fe
	}
	switch {
	case first == nil || first.Field == "":
		return &apperr.Error{Code: apperr.Invalid, Key: dispatch.KeyInvalidJSON, Detail: err.Error()}
	case strings.Contains(first.Reason, "unknown field"):
		// The field's name is the client's text: the answer does not echo it.
		return &apperr.Error{Code: apperr.Invalid, Key: dispatch.KeyUnknownFieldUnnamed, Detail: "unknown field"}
	}
	return apperr.InvalidField(first.Field, dispatch.KeyInvalidField, "%s", err.Error())
}

func (s *Server) apiCreateShift(c echo.Context) error {
	data, err := body(c)
	if err != nil {
		return err
	}
	sh, err := schedule.DecodeShift(data)
	if err != nil {
		return scheduleError(err)
	}
	if err := s.Dispatch.AddShift(c.Request().Context(), actor(c), &sh); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, sh)
}

func (s *Server) apiPutRotation(c echo.Context) error {
	data, err := body(c)
	if err != nil {
		return err
	}
	r, err := schedule.DecodeRotation(data)
	if err != nil {
		return scheduleError(err)
	}
	lang, err := locale.Canonical(c.Param("language"))
	if err != nil || lang != r.Language || string(r.Level) != c.Param("level") {
		return apperr.InvalidField("language", dispatch.KeyInvalidField, "language and level must match the address")
	}
	if err := s.Dispatch.PutRotation(c.Request().Context(), actor(c), r); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiOnCall(c echo.Context) error {
	lang, err := locale.Canonical(c.QueryParam("language"))
	if err != nil || c.QueryParam("language") == "" {
		return apperr.InvalidField("language", dispatch.KeyRequiredField, "a BCP 47 language tag is required")
	}
	at := s.now()
	if v := c.QueryParam("at"); v != "" {
		if at, err = time.Parse(time.RFC3339, v); err != nil {
			return apperr.InvalidField("at", dispatch.KeyInvalidField, "want an RFC 3339 time")
		}
	}
	oc, err := s.Dispatch.WhoIsOnCall(c.Request().Context(), actor(c), lang, at)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, oc)
}

// apiInterpreterCalendar serves an interpreter's shifts for the next eight weeks as iCal:
// to the interpreter themself, or to coordinators and admins.
func (s *Server) apiInterpreterCalendar(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), actor(c)
	if !u.Is(auth.Coordinator, auth.Admin) {
		mine, err := s.Dispatch.InterpreterOf(ctx, u)
		if err != nil || mine.ID != id {
			return apperr.New(apperr.NotFound, dispatch.KeyNotFound, "not this interpreter's calendar")
		}
	}
	now := s.now()
	shifts, err := s.Dispatch.InterpreterShifts(ctx, id, now.Add(-7*24*time.Hour), now.Add(8*7*24*time.Hour))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", schedule.ICal(s.Site.Name+": on call", shifts, now))
}

func (s *Server) apiPutPolicy(c echo.Context) error {
	data, err := body(c)
	if err != nil {
		return err
	}
	p, err := dispatch.DecodePolicy(policyLanguage(c), data)
	if err != nil {
		return err
	}
	if err := s.Dispatch.PutPolicy(c.Request().Context(), actor(c), p); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiGetPolicy(c echo.Context) error {
	p, err := s.Dispatch.Policy(c.Request().Context(), actor(c), policyLanguage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func policyLanguage(c echo.Context) string {
	if l := c.Param("language"); l == dispatch.DefaultPolicyLanguage {
		return l
	}
	if l, err := locale.Canonical(c.Param("language")); err == nil {
		return l
	}
	return c.Param("language")
}

// apiCalendarURL makes a secret calendar feed URL for an interpreter's shifts (calendar
// apps cannot send a bearer token) and returns it once.
func (s *Server) apiCalendarURL(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	token, err := s.Dispatch.NewCalendarToken(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]string{"url": s.RequestBaseURL(c) + "/calendar/" + token + ".ics"})
}

// calendarFeed serves the shifts of the interpreter whose secret is in the URL.
func (s *Server) calendarFeed(c echo.Context) error {
	token := strings.TrimSuffix(c.Param("file"), ".ics")
	if !strings.HasPrefix(token, "otk_") || !strings.HasSuffix(c.Param("file"), ".ics") {
		return apperr.New(apperr.NotFound, dispatch.KeyNotFound, "no such calendar")
	}
	shifts, err := s.Dispatch.CalendarFeed(c.Request().Context(), token)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=300")
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", schedule.ICal(s.Site.Name+": on call", shifts, s.now()))
}
