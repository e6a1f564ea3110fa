package staff

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/dispatch"
)

type breakGlassPage struct {
	coordPage
	RequestID int64
	Facts     facts
	Reason    string
	// Granted: the details, the case type and when access ends.
	Granted             bool
	CaseType            string
	Expires, ExpiresISO string
}

// staffBreakGlassForm asks a coordinator why they need a confidential request's details.
// It shows only what they may already see.
func (s *Server) staffBreakGlassForm(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	v, err := s.Dispatch.Request(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return s.showBreakGlass(c, v, "", nil, http.StatusOK)
}

// staffBreakGlass grants an hour's access for the reason given (audited, and shown to
// the advocate) and shows the details with when the access ends.
func (s *Server) staffBreakGlass(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, reason := c.Request().Context(), c.FormValue("reason")
	v, err := s.Dispatch.BreakGlass(ctx, actor(c), id, reason)
	if err == nil {
		return s.showBreakGlass(c, v, reason, nil, http.StatusOK)
	}
	ui := s.UI.For(s.staffLocale(c, actor(c)).ID)
	fe, err := asFormError(err, ui, map[string]string{"reason": ui.T("CoordFieldReason")})
	if err != nil {
		return err
	}
	if v, err = s.Dispatch.Request(ctx, actor(c), id); err != nil {
		return err
	}
	return s.showBreakGlass(c, v, reason, fe, formStatus(fe))
}

func (s *Server) showBreakGlass(c echo.Context, v *dispatch.RequestView, reason string, fe *formError, status int) error {
	p, ui := s.newCoordPage(c, "CoordBreakGlassTitle")
	p.Err = fe
	data := breakGlassPage{coordPage: p, RequestID: v.ID, Facts: s.factsOf(ui, p.Locale, v), Reason: reason, Granted: v.Details && fe == nil && reason != ""}
	if data.Granted {
		data.CaseType = ui.T("CoordCaseType_" + string(v.CaseType))
		for _, g := range v.BreakGlass {
			if g.UserID == actor(c).ID {
				at := g.ExpiresAt.In(s.Site.Location)
				data.Expires, data.ExpiresISO = at.Format("2006-01-02 15:04"), at.Format(time.RFC3339)
			}
		}
	}
	return s.renderStaff(c, status, "staff-break-glass", data, p.Locale)
}
