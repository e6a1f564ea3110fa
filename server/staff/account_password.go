package staff

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
)

// The set-password page is where an invitation or reset link leads. Opening it uses
// nothing up (a mail scanner may open it first); choosing a password uses the link,
// ends the account's other sessions and signs the owner in. The token travels in the
// query string, which request logs never carry, and then in the form body.

type setPasswordPage struct {
	staffPage
	Token, Name, Error string
	Valid              bool
}

func (s *Server) staffSetPasswordPage(c echo.Context) error {
	token := c.QueryParam("token")
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T("SetPasswordTitle")
	data := setPasswordPage{staffPage: p, Token: token}
	status := http.StatusOK
	info, err := s.Accounts.CheckLink(c.Request().Context(), token)
	switch {
	case err == nil:
		data.Valid, data.Name = true, info.Name
	case apperr.KeyOf(err) == auth.KeyLinkInvalid:
		data.Token, data.Error, status = "", ui.T(auth.KeyLinkInvalid), http.StatusNotFound
	default:
		return err
	}
	return s.renderStaff(c, status, "staff-set-password", data, p.Locale)
}

func (s *Server) staffSetPassword(c echo.Context) error {
	r := c.Request()
	token := r.PostFormValue("token")
	u, err := s.Accounts.SetPasswordWithLink(r.Context(), token, r.PostFormValue("password"))
	if code := apperr.CodeOf(err); code == apperr.Invalid || code == apperr.NotFound {
		p, ui := s.newStaffPage(c, "")
		p.Title = ui.T("SetPasswordTitle")
		data := setPasswordPage{staffPage: p, Token: token, Valid: code == apperr.Invalid, Error: ui.T(apperr.KeyOf(err))}
		if info, err := s.Accounts.CheckLink(r.Context(), token); err == nil {
			data.Name = info.Name
		}
		status := http.StatusUnprocessableEntity
		if code == apperr.NotFound {
			data.Token, status = "", http.StatusNotFound
		}
		return s.renderStaff(c, status, "staff-set-password", data, p.Locale)
	}
	if err != nil {
		return err
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, staffPrefix+"/")
}
