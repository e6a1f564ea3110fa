package staff

import (
	"net/http"
	"sort"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/locale"
)

// offerItem is a pending offer with what the interpreter needs to decide.
type offerItem struct {
	ID    int64
	Facts facts
}

// assignmentItem is a request the interpreter accepted.
type assignmentItem struct {
	ID    int64
	Facts facts
}

// shiftItem is one on-call shift, in the deployment's time zone.
type shiftItem struct {
	Language, Level, From, To string
	// Tag, LevelCode, StartsAt, EndsAt identify the shift for a cover request.
	Tag, LevelCode, StartsAt, EndsAt string
	CoverAsked                       bool
}

type offersPage struct {
	staffPage
	Offers      []offerItem
	Assignments []assignmentItem
	Shifts      []shiftItem
	Covers      []coverItem
	Actions     []offerAction
	CalendarURL string
}

// shiftsAhead is how far the offers page lists an interpreter's shifts.
const shiftsAhead = 14 * 24 * time.Hour

// staffOffers is an interpreter's page: pending offers with accept, decline and "I have a
// conflict" as POST forms, current and upcoming assignments, and their shifts.
func (s *Server) staffOffers(c echo.Context) error {
	ctx, u := c.Request().Context(), actor(c)
	me, err := s.Dispatch.InterpreterOf(ctx, u)
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return apperr.New(apperr.Forbidden, "ErrForbidden", "no interpreter profile")
		}
		return err
	}
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T("MyOffers")
	data := offersPage{staffPage: p,
		Actions: []offerAction{{"accept", ui.T("Accept")}, {"decline", ui.T("Decline")}, {"conflict", ui.T("Conflict")}}}
	offers, err := s.Dispatch.Offers(ctx, u, dispatch.OfferPending)
	if err != nil {
		return err
	}
	for _, o := range offers {
		data.Offers = append(data.Offers, offerItem{ID: o.ID, Facts: s.factsOf(ui, p.Locale, o.Request)})
	}
	assigned, err := s.Dispatch.Requests(ctx, u, dispatch.StatusAccepted)
	if err != nil {
		return err
	}
	for _, r := range assigned {
		if r.Details && r.AssignedInterpreterID != nil && *r.AssignedInterpreterID == me.ID {
			data.Assignments = append(data.Assignments, assignmentItem{ID: r.ID, Facts: s.factsOf(ui, p.Locale, r)})
		}
	}
	now := s.now()
	shifts, err := s.Dispatch.InterpreterShifts(ctx, me.ID, now, now.Add(shiftsAhead))
	if err != nil {
		return err
	}
	sort.Slice(shifts, func(i, j int) bool { return shifts[i].StartsAt.Before(shifts[j].StartsAt) })
	covers, err := s.Dispatch.Covers(ctx, u)
	if err != nil {
		return err
	}
	asked := map[string]bool{}
	for _, cv := range covers {
		data.Covers = append(data.Covers, coverItem{ID: cv.ID, Language: locale.LanguageName(p.Locale, cv.Language), Level: ui.T("Level_" + string(cv.Level)),
			From: s.localTime(cv.StartsAt), To: s.localTime(cv.EndsAt), Mine: cv.Mine, CanTake: cv.CanTake})
		if cv.Mine {
			asked[cv.Language+string(cv.Level)+cv.StartsAt.Format(time.RFC3339)] = true
		}
	}
	for _, sh := range shifts {
		data.Shifts = append(data.Shifts, shiftItem{Language: locale.LanguageName(p.Locale, sh.Language), Level: ui.T("Level_" + string(sh.Level)),
			From: s.localTime(sh.StartsAt), To: s.localTime(sh.EndsAt), Tag: sh.Language, LevelCode: string(sh.Level),
			StartsAt: sh.StartsAt.UTC().Format(time.RFC3339), EndsAt: sh.EndsAt.UTC().Format(time.RFC3339),
			CoverAsked: asked[sh.Language+string(sh.Level)+sh.StartsAt.UTC().Format(time.RFC3339)] || !sh.StartsAt.After(now)})
	}
	data.CalendarURL = s.Sessions.PopString(ctx, sessionCalendarKey)
	return s.renderStaff(c, http.StatusOK, "staff-offers", data, p.Locale)
}

// sessionCalendarKey holds a new calendar link until the offers page shows it once.
const sessionCalendarKey = "calendar_url"

// staffCalendarLink makes a new secret calendar-feed link for the signed-in interpreter
// (an earlier one stops working) and shows it once.
func (s *Server) staffCalendarLink(c echo.Context) error {
	ctx, u := c.Request().Context(), actor(c)
	me, err := s.Dispatch.InterpreterOf(ctx, u)
	if err != nil {
		return err
	}
	token, err := s.Dispatch.NewCalendarToken(ctx, u, me.ID)
	if err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessionCalendarKey, s.RequestBaseURL(c)+"/calendar/"+token+".ics")
	return c.Redirect(http.StatusSeeOther, staffPrefix+"/offers")
}

// localTime is a time as staff pages show it, in the deployment's zone.
func (s *Server) localTime(t time.Time) string {
	return t.In(s.Site.Location).Format("2006-01-02 15:04")
}
