package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/locale"
)

// statusOf is the one place application error codes become HTTP statuses.
var statusOf = map[apperr.Code]int{
	apperr.Invalid:      http.StatusBadRequest,
	apperr.NotFound:     http.StatusNotFound,
	apperr.Conflict:     http.StatusConflict,
	apperr.Unauthorized: http.StatusUnauthorized,
	apperr.Forbidden:    http.StatusForbidden,
	apperr.Internal:     http.StatusInternalServerError,
}

// classify turns any error into a status, a code and a message key. Echo's own errors
// (no route, wrong method, body too large) are mapped here too. Input that parses but
// breaks a rule about a field is 422; input that does not parse is 400.
func classify(err error) (int, apperr.Code, string) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, apperr.NotFound, "NotFoundBody"
		case http.StatusMethodNotAllowed:
			return he.Code, apperr.Invalid, "MethodNotAllowed"
		case http.StatusRequestEntityTooLarge:
			return he.Code, apperr.Invalid, "ErrBodyTooLarge"
		}
		if he.Code >= 400 && he.Code < 500 {
			return he.Code, apperr.Invalid, "BadRequestTitle"
		}
		return http.StatusInternalServerError, apperr.Internal, "ErrorBody"
	}
	code := apperr.CodeOf(err)
	key := apperr.KeyOf(err)
	if code == apperr.Internal || key == "" {
		key = "ErrorBody"
	}
	status := statusOf[code]
	if code == apperr.Invalid && (key == "ErrInvalidField" || key == "ErrRequiredField") {
		status = http.StatusUnprocessableEntity
	}
	switch key {
	case "ErrUnsupportedMediaType":
		status = http.StatusUnsupportedMediaType
	case "ErrTooManyAttempts":
		status = http.StatusTooManyRequests
	}
	return status, code, key
}

// HandleError writes the error response: a page in the reader's language, or JSON under
// /api/. Internal errors are logged here, once, and the user sees a generic message.
func (s *Base) HandleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, code, key := classify(err)
	if status >= 500 {
		// Internal errors carry no request data: stores wrap driver errors with the step,
		// never with values.
		s.Logger.Error("request failed", slog.String("path", c.Request().URL.Path), slog.String("error", err.Error()))
	}
	l := s.errorLocale(c)
	ui := s.UI.For(l.ID)
	field := apperr.FieldOf(err)
	message := ui.T(key, "Number", s.Site.Phones["emergency"], "Field", field)
	var werr error
	switch {
	case c.Request().Method == http.MethodHead:
		werr = c.NoContent(status)
	case s.isAPI(c.Request().URL.Path):
		body := map[string]string{"code": string(code), "message": message}
		if field != "" {
			body["field"] = field
		}
		werr = c.JSON(status, map[string]any{"error": body})
	default:
		heading := ui.T("ErrorTitle")
		switch code {
		case apperr.NotFound:
			heading = ui.T("NotFoundTitle")
		case apperr.Invalid:
			heading = ui.T("BadRequestTitle")
		}
		data := ErrorPage{Page: s.NewPage(c, l, heading, ""), Heading: heading, Message: message}
		werr = s.renderError(c, status, l.ID, data)
	}
	if werr != nil {
		s.Logger.Error("write error response", slog.String("error", werr.Error()))
	}
}

// errorLocale is the locale of the path's first segment when it names one, else the
// negotiated one.
func (s *Base) errorLocale(c echo.Context) *locale.Locale {
	first, _, _ := strings.Cut(strings.TrimPrefix(c.Request().URL.Path, "/"), "/")
	if l, _, ok := s.PathLocale(first); ok {
		return l
	}
	return s.Negotiate(c)
}
