package staff

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
)

// historyItem is one change of a request's state, in the reader's words.
type historyItem struct {
	At, Text string
}

// requestPage is a request's status page: its facts, what happens next, and its history.
type requestPage struct {
	staffPage
	ID        int64
	Facts     facts
	Next      string // what happens next, and when, in plain words
	Assigned  *dispatch.Contact
	Closed    bool
	CanCancel bool
	History   []historyItem
	// DeadlineMS is when the current step ends (Unix milliseconds), for a reload then.
	DeadlineMS int64
}

// staffRequest shows a request's live status to whoever may see it. Without JavaScript
// the page refreshes itself; with it, it reloads when an event about the request arrives.
func (s *Server) staffRequest(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	o, err := s.Dispatch.Outlook(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T("RequestTitle")
	data := requestPage{staffPage: p, ID: id, Facts: s.factsOf(ui, p.Locale, o.RequestView), Next: s.nextText(ui, p.Locale, o),
		Assigned: o.Assigned, Closed: o.Status.Closed(), CanCancel: !o.Status.Closed() && o.Details}
	if o.DeadlineAt != nil && !data.Closed {
		data.DeadlineMS = o.DeadlineAt.UnixMilli()
	}
	for i := len(o.Events) - 1; i >= 0; i-- {
		e := o.Events[i]
		data.History = append(data.History, historyItem{At: e.At.In(s.Site.Location).Format("2006-01-02 15:04:05"),
			Text: ui.T("Status_" + string(e.To))})
	}
	return s.renderStaff(c, http.StatusOK, "staff-request", data, p.Locale)
}

// nextText says in plain words what happens next and when.
func (s *Server) nextText(ui *i18n.Localizer, l *locale.Locale, o *dispatch.Outlook) string {
	switch o.Status {
	case dispatch.StatusAccepted:
		if o.Assigned != nil {
			return ui.T("NextAcceptedBy", "Name", o.Assigned.Name)
		}
		return ui.T("NextAccepted")
	case dispatch.StatusFallback:
		return ui.T("NextFallback", "Number", o.FallbackLine)
	case dispatch.StatusCancelled:
		return ui.T("NextCancelled")
	case dispatch.StatusCompleted:
		return ui.T("NextCompleted")
	}
	if o.DeadlineAt == nil || len(o.Current) == 0 {
		return ui.T("NextFinding")
	}
	by := o.DeadlineAt.In(s.Site.Location).Format("15:04")
	if o.ToFallback {
		return ui.T("NextThenFallback", "Targets", targetsText(ui, o.Current), "Time", by)
	}
	return ui.T("NextThenStep", "Targets", targetsText(ui, o.Current), "Time", by, "Next", targetsText(ui, o.Next))
}

func targetsText(ui *i18n.Localizer, ts []dispatch.Target) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = ui.T("Target_" + string(t))
	}
	return strings.Join(names, ui.T("ListSeparator"))
}

// staffCancelRequest withdraws a request (POST with a CSRF token) and shows it again.
func (s *Server) staffCancelRequest(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), actor(c)
	ui := s.UI.For(s.staffLocale(c, u).ID)
	if _, err := s.Dispatch.Cancel(ctx, u, id); err != nil {
		if apperr.CodeOf(err) != apperr.Conflict {
			return err
		}
		s.Sessions.Put(ctx, sessionFlashKey, ui.T(apperr.KeyOf(err)))
	} else {
		s.Sessions.Put(ctx, sessionFlashKey, ui.T("RequestCancelled"))
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/requests/%d", staffPrefix, id))
}
