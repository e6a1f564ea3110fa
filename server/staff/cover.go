package staff

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/schedule"
)

// coverItem is an open cover request on the offers page.
type coverItem struct {
	ID                        int64
	Language, Level, From, To string
	Mine, CanTake             bool
}

// staffAskCover asks colleagues to cover one of the interpreter's shifts (POST).
func (s *Server) staffAskCover(c echo.Context) error {
	from, err1 := time.Parse(time.RFC3339, c.FormValue("starts_at"))
	to, err2 := time.Parse(time.RFC3339, c.FormValue("ends_at"))
	if err1 != nil || err2 != nil {
		return apperr.InvalidField("shift", dispatch.KeyInvalidField, "bad shift times")
	}
	sh := schedule.Shift{Language: c.FormValue("language"), Level: schedule.Level(c.FormValue("level")), StartsAt: from, EndsAt: to}
	if _, err := s.Dispatch.AskCover(c.Request().Context(), actor(c), sh); err != nil {
		return err
	}
	return s.backToOffers(c, "CoverAsked")
}

// staffCoverAnswer takes a colleague's shift, or withdraws one's own cover request (POST).
func (s *Server) staffCoverAnswer(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), actor(c)
	switch c.Param("action") {
	case "take":
		_, err = s.Dispatch.TakeCover(ctx, u, id)
	case "withdraw":
		err = s.Dispatch.WithdrawCover(ctx, u, id)
	default:
		return apperr.New(apperr.NotFound, dispatch.KeyNotFound, "unknown action")
	}
	if err != nil {
		if apperr.CodeOf(err) != apperr.Conflict {
			return err
		}
		return s.backToOffers(c, apperr.KeyOf(err))
	}
	return s.backToOffers(c, "Cover_"+c.Param("action"))
}

func (s *Server) backToOffers(c echo.Context, key string) error {
	ui := s.UI.For(s.staffLocale(c, actor(c)).ID)
	s.Sessions.Put(c.Request().Context(), sessionFlashKey, ui.T(key))
	return c.Redirect(http.StatusSeeOther, staffPrefix+"/offers#covers")
}
