package staff

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
)

// userState is what account endpoints answer: never a password, hash or link.
type userState struct {
	ID     int64     `json:"id"`
	Role   auth.Role `json:"role"`
	Active bool      `json:"active"`
}

// apiResetPassword ends every session and token of an account and emails a single-use
// reset link to the account's own address. The answer says whether it was emailed; the
// link itself is never in it.
func (s *Server) apiResetPassword(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	issued, err := s.Accounts.ResetPassword(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user_id": issued.UserID, "emailed": issued.Emailed, "expires_at": issued.ExpiresAt})
}

// apiInviteUser emails a single-use invitation link to an account without a password
// yet (an interpreter just added, say). The link is never in the answer.
func (s *Server) apiInviteUser(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	issued, err := s.Accounts.Invite(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user_id": issued.UserID, "emailed": issued.Emailed, "expires_at": issued.ExpiresAt})
}

func (s *Server) apiDeactivateUser(c echo.Context) error {
	return s.userAction(c, s.Accounts.Deactivate)
}

func (s *Server) apiReactivateUser(c echo.Context) error {
	return s.userAction(c, s.Accounts.Reactivate)
}

func (s *Server) userAction(c echo.Context, act func(ctx contextT, actor actorT, id int64) (*auth.User, error)) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	u, err := act(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, userState{ID: u.ID, Role: u.Role, Active: u.Active})
}

func (s *Server) apiRevokeToken(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if _, err := s.Accounts.RevokeToken(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiAttestVetting(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	data, err := body(c)
	if err != nil {
		return err
	}
	in, err := dispatch.DecodeVetting(data)
	if err != nil {
		return err
	}
	i, err := s.Dispatch.AttestVetting(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, i)
}

func (s *Server) apiVettingHistory(c echo.Context) error {
	list, err := s.Dispatch.VettingHistory(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, nonNil(list))
}

// apiBreakGlassGrants lists break-glass grants for admins, by default the last 30 days.
func (s *Server) apiBreakGlassGrants(c echo.Context) error {
	since := s.now().Add(-30 * 24 * time.Hour)
	if v := c.QueryParam("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return apperr.InvalidField("since", dispatch.KeyInvalidField, "want an RFC 3339 time")
		}
		since = t
	}
	list, err := s.Dispatch.BreakGlassGrants(c.Request().Context(), actor(c), since)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, nonNil(list))
}
