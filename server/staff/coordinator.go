package staff

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
)

// The coordinator pages: board, interpreters, rotations, policies, audit log and
// break-glass. The services decide who may do what; coordinatorsOnly turns everyone
// else away before any form is shown.

func coordinatorsOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u := actor(c); u == nil || !u.Is(auth.Coordinator, auth.Admin) {
			return apperr.New(apperr.Forbidden, "ErrForbidden", "coordinator pages")
		}
		return next(c)
	}
}

// coordPage is the data every coordinator page has.
type coordPage struct {
	staffPage
	// Err is a form's error, in the reader's words, and the field at fault.
	Err *formError
}

// formError is bad input shown above the form it came from, with the status to answer
// with: 422 for invalid input, 409 for a conflict (an email already taken).
type formError struct {
	Message, Field string
	Status         int
}

func (s *Server) newCoordPage(c echo.Context, titleKey string) (coordPage, *i18n.Localizer) {
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T(titleKey)
	return coordPage{staffPage: p}, ui
}

// asFormError turns bad input (invalid or conflicting) into a message naming the field
// by its label; any other error is returned for the error page.
func asFormError(err error, ui *i18n.Localizer, labels map[string]string) (*formError, error) {
	code := apperr.CodeOf(err)
	if code != apperr.Invalid && code != apperr.Conflict {
		return nil, err
	}
	field := apperr.FieldOf(err)
	label, ok := labels[field]
	if !ok {
		label = field
	}
	key := apperr.KeyOf(err)
	if key == "" {
		key = "ErrInvalidField"
	}
	status := http.StatusUnprocessableEntity
	if code == apperr.Conflict {
		status = http.StatusConflict
	}
	return &formError{Message: ui.T(key, "Field", label), Field: field, Status: status}, nil
}

// formStatus is the status of a form shown again with an error.
func formStatus(fe *formError) int {
	if fe == nil {
		return http.StatusOK
	}
	return fe.Status
}

// duration says how long, in the reader's words: "12 min", "3 h 5 min", "45 s".
func duration(ui *i18n.Localizer, d time.Duration) string {
	switch {
	case d < time.Minute:
		return ui.T("CoordSeconds", "Seconds", int(d/time.Second))
	case d < time.Hour:
		return ui.T("Minutes", "Minutes", int(d/time.Minute))
	}
	return ui.T("CoordHoursMinutes", "Hours", int(d/time.Hour), "Minutes", int(d%time.Hour/time.Minute))
}

// languageLabel names a tag in the reader's language, with the tag: "Arabic (ar)".
func languageLabel(l *locale.Locale, tag string) string {
	return fmt.Sprintf("%s (%s)", locale.LanguageName(l, tag), tag)
}

// errBadParam is a query or form value that does not parse.
func errBadParam(field string) error {
	return apperr.InvalidField(field, "ErrInvalidField", "does not parse")
}

// Invalid reports whether the form's error is about field, for aria-invalid.
func (p coordPage) Invalid(field string) bool { return p.Err != nil && p.Err.Field == field }

func secondsOf(n int) time.Duration { return time.Duration(n) * time.Second }
