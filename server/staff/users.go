package staff

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
)

type usersPage struct {
	staffPage
	Users []userLine
}

// userLine is an account in the reader's words.
type userLine struct {
	Name, Email, Role, LastSignIn, Locked string
	Active                                bool
}

// staffUsers lists every account for admins: role, active flag, last sign-in.
func (s *Server) staffUsers(c echo.Context) error {
	if s.Directory == nil {
		return apperr.New(apperr.NotFound, dispatch.KeyNotFound, "no account directory")
	}
	users, err := s.Directory.List(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T("UsersTitle")
	data := usersPage{staffPage: p}
	for _, u := range users {
		line := userLine{Name: u.Name, Email: u.Email, Role: ui.T("UsersRole_" + string(u.Role)), Active: u.Active, LastSignIn: ui.T("UsersNever")}
		if u.LastSignIn != nil {
			line.LastSignIn = u.LastSignIn.In(s.Site.Location).Format("2006-01-02 15:04")
		}
		if u.LockedUntil.After(s.now()) {
			line.Locked = ui.T("UsersLockedUntil", "Until", u.LockedUntil.In(s.Site.Location).Format("2006-01-02 15:04"))
		}
		data.Users = append(data.Users, line)
	}
	return s.renderStaff(c, http.StatusOK, "staff-users", data, p.Locale)
}
