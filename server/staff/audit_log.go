package staff

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/audit"
)

type auditRow struct {
	Seq                                       int64
	At, AtISO, Actor, Action, Subject, Detail string
}

type auditPage struct {
	coordPage
	Rows                             []auditRow
	Action, Actor, Subject, From, To string
	Actions                          []string
	Older                            string // the next page's URL, "" on the last
}

// knownActions are offered as suggestions in the action filter.
var knownActions = []string{audit.BreakGlass, audit.ReadRequest, audit.ChangeRequest, audit.SignIn, audit.SignInFailed,
	audit.PasswordReset, audit.InterpreterChanged, audit.InterpreterDeactivated, audit.InterpreterReactivated, audit.RotationChanged,
	audit.UserAdded, audit.RoleChanged, audit.TokenCreated, audit.KeyRotated, audit.FieldsShredded}

// staffAudit shows the audit log, newest first, filtered by action, actor (email or
// user id), subject ("request:42") and a range of days in the site's zone, a page at a
// time. Events carry no confidential details, so neither does this page.
func (s *Server) staffAudit(c echo.Context) error {
	q := c.QueryParams()
	data := auditPage{Action: q.Get("action"), Actor: q.Get("actor"), Subject: q.Get("subject"), From: q.Get("from"), To: q.Get("to"), Actions: knownActions}
	f, err := s.auditFilter(data, q.Get("before"))
	var page *audit.Page
	if err == nil {
		page, err = s.Dispatch.AuditLog(c.Request().Context(), actor(c), f)
	}
	p, ui := s.newCoordPage(c, "CoordAuditTitle")
	if err != nil {
		labels := map[string]string{"from": ui.T("CoordFieldFrom"), "to": ui.T("CoordFieldTo"), "before": ui.T("CoordOlder"),
			"action": ui.T("CoordFieldAction"), "actor": ui.T("CoordFieldActor"), "subject": ui.T("CoordFieldSubject")}
		if p.Err, err = asFormError(err, ui, labels); err != nil {
			return err
		}
		data.coordPage = p
		return s.renderStaff(c, formStatus(p.Err), "staff-audit", data, p.Locale)
	}
	data.coordPage = p
	loc := s.Site.Location
	for _, e := range page.Entries {
		row := auditRow{Seq: e.Seq, At: e.At.In(loc).Format("2006-01-02 15:04:05"), AtISO: e.At.Format(time.RFC3339),
			Actor: e.ActorEmail, Action: e.Action, Subject: e.Subject, Detail: e.Detail}
		switch {
		case e.ActorID == 0:
			row.Actor = ui.T("CoordSystem")
		case row.Actor == "":
			row.Actor = "#" + strconv.FormatInt(e.ActorID, 10)
		}
		data.Rows = append(data.Rows, row)
	}
	if page.Next != 0 {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("before", strconv.FormatInt(page.Next, 10))
		data.Older = "/staff/audit?" + next.Encode()
	}
	return s.renderStaff(c, http.StatusOK, "staff-audit", data, p.Locale)
}

// auditFilter parses the filter form: days are whole days in the site's zone, "to"
// included.
func (s *Server) auditFilter(d auditPage, before string) (audit.Filter, error) {
	f := audit.Filter{Action: d.Action, Subject: d.Subject}
	if actor := strings.TrimSpace(d.Actor); actor != "" {
		if id, err := strconv.ParseInt(strings.TrimPrefix(actor, "#"), 10, 64); err == nil {
			f.ActorID = id
		} else {
			f.ActorEmail = actor
		}
	}
	for _, day := range []struct {
		field, value string
		dst          *time.Time
		add          int
	}{{"from", d.From, &f.From, 0}, {"to", d.To, &f.To, 1}} {
		if day.value == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", day.value, s.Site.Location)
		if err != nil {
			return f, errBadParam(day.field)
		}
		*day.dst = t.AddDate(0, 0, day.add)
	}
	if before != "" {
		n, err := strconv.ParseInt(before, 10, 64)
		if err != nil {
			return f, errBadParam("before")
		}
		f.Before = n
	}
	return f, nil
}
