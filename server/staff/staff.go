package staff

import (
	"fmt"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/server/web"
)

// Staff pages are where links in messages lead: opening one never changes anything;
// accepting, declining or declaring a conflict takes a POST carrying a CSRF token, so a
// mail scanner or link preview that follows a link acts for no one.

const (
	sessionUserKey  = "user_id"
	sessionFlashKey = "flash"
	staffPrefix     = "/staff"
)

// NewSessions configures staff browser sessions on store: HttpOnly, SameSite=Lax,
// Secure over HTTPS, 12 hours at most and 2 hours idle.
func NewSessions(store scs.Store, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.Lifetime = 12 * time.Hour
	// No IdleTimeout here: scs would then write the session back on every request.
	// requireSession ends a session idle for SessionIdle instead.
	sm.Cookie.Name = "outreach_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Path = staffPrefix
	return sm
}

// staffPage is the data every staff page has.
type staffPage struct {
	web.Page
	User  *auth.User
	CSRF  string
	Flash string
	JS    string // the staff pages' script: progressive enhancement only
	Nav   []navLink
	// EventsAfter is the newest live event when the page was rendered: its live stream
	// starts after it, so that no change falls between the page and the stream.
	EventsAfter int64
}

func (s *Server) staffLocale(c echo.Context, u *auth.User) *locale.Locale {
	if u != nil && u.PreferredLocale != "" {
		if l, ok := s.Locales.Lookup(u.PreferredLocale); ok {
			return l
		}
		if l, ok := s.Locales.MatchTag(u.PreferredLocale); ok {
			return l
		}
	}
	return s.Negotiate(c)
}

func (s *Server) newStaffPage(c echo.Context, title string) (staffPage, *i18n.Localizer) {
	u := actor(c)
	l := s.staffLocale(c, u)
	p := staffPage{Page: web.Page{Locale: l, Site: s.Site, Title: title, CSS: s.AssetPath("style.css")}, User: u, JS: s.AssetPath("staff.js")}
	p.Nav = navFor(u, c.Request().URL.Path)
	if u != nil && s.Events != nil {
		p.EventsAfter, _ = s.Events.LatestEvent(c.Request().Context(), u.ID) // 0 on error: the stream starts from now
	}
	p.CSRF, _ = c.Get(middleware.DefaultCSRFConfig.ContextKey).(string)
	if u != nil {
		p.Flash = s.Sessions.PopString(c.Request().Context(), sessionFlashKey)
	}
	return p, s.UI.For(l.ID)
}

func (s *Server) renderStaff(c echo.Context, status int, name string, data any, l *locale.Locale) error {
	body, err := s.staffViews.Render(l.ID, name, data)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, body)
}

// facts is a request as a staff page shows it, in the reader's words.
type facts struct {
	Language, Modality, Urgency, Starts, Duration, Status string
	StatusCode                                            dispatch.Status
	Details, Confidential                                 bool
	Location, Notes, FallbackLine                         string
}

func (s *Server) factsOf(ui *i18n.Localizer, l *locale.Locale, v *dispatch.RequestView) facts {
	return facts{
		Language: locale.LanguageName(l, v.Language), Modality: ui.T("Modality_" + string(v.Modality)),
		Urgency: ui.T("Urgency_" + string(v.Urgency)), Starts: v.StartsAt.In(s.Site.Location).Format("2006-01-02 15:04"),
		Duration: ui.T("Minutes", "Minutes", v.DurationMinutes), Status: ui.T("Status_" + string(v.Status)), StatusCode: v.Status,
		Details: v.Details, Confidential: v.Confidential, Location: v.Location, Notes: v.Notes, FallbackLine: v.FallbackLine,
	}
}

type listItem struct {
	ID                                          int64
	Language, Modality, Urgency, Status, Starts string
}

type homePage struct {
	staffPage
	Requests []listItem
}

// staffHome is an advocate's requests, newest first, with the way to a new one;
// interpreters go to their offers.
func (s *Server) staffHome(c echo.Context) error {
	ctx, u := c.Request().Context(), actor(c)
	if u.Role == auth.Interpreter {
		return c.Redirect(http.StatusSeeOther, staffPrefix+"/offers")
	}
	p, ui := s.newStaffPage(c, "")
	data := homePage{staffPage: p}
	data.Title = ui.T("MyRequests")
	reqs, err := s.Dispatch.Requests(ctx, u, "")
	if err != nil {
		return err
	}
	for _, r := range reqs {
		if r.Details && r.AdvocateID == u.ID { // a coordinator's own, not the board
			f := s.factsOf(ui, p.Locale, r)
			data.Requests = append(data.Requests, listItem{r.ID, f.Language, f.Modality, f.Urgency, f.Status, f.Starts})
		}
	}
	return s.renderStaff(c, http.StatusOK, "staff-home", data, p.Locale)
}

type offerAction struct{ Action, Label string }

type offerPage struct {
	staffPage
	OfferID    int64
	Facts      facts
	Pending    bool
	StatusText string
	Actions    []offerAction
}

// staffOffer shows an offer to its interpreter. It changes nothing.
func (s *Server) staffOffer(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	p, ui := s.newStaffPage(c, "")
	offers, err := s.Dispatch.Offers(c.Request().Context(), actor(c), "")
	if err != nil {
		return err
	}
	for _, o := range offers {
		if o.ID != id {
			continue
		}
		p.Title = ui.T("OfferTitle")
		data := offerPage{staffPage: p, OfferID: id, Pending: o.Status == dispatch.OfferPending, StatusText: ui.T("OfferStatus_" + string(o.Status))}
		if o.Request != nil { // a closed offer shows nothing of its request
			data.Facts = s.factsOf(ui, p.Locale, o.Request)
		}
		data.Actions = []offerAction{{"accept", ui.T("Accept")}, {"decline", ui.T("Decline")}, {"conflict", ui.T("Conflict")}}
		return s.renderStaff(c, http.StatusOK, "staff-offer", data, p.Locale)
	}
	return apperr.New(apperr.NotFound, dispatch.KeyNotFound, "offer not found")
}

// staffAnswer accepts, declines or declares a conflict (POST with a CSRF token), then
// shows the offer again.
func (s *Server) staffAnswer(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	answers := map[string]offerAnswer{"accept": s.Dispatch.Accept, "decline": s.Dispatch.Decline, "conflict": s.Dispatch.Conflict}
	answer, ok := answers[c.Param("action")]
	if !ok {
		return apperr.New(apperr.NotFound, dispatch.KeyNotFound, "unknown action")
	}
	ctx := c.Request().Context()
	ui := s.UI.For(s.staffLocale(c, actor(c)).ID)
	if _, err := answer(ctx, actor(c), id); err != nil {
		if apperr.CodeOf(err) != apperr.Conflict {
			return err
		}
		s.Sessions.Put(ctx, sessionFlashKey, ui.T(apperr.KeyOf(err)))
	} else {
		s.Sessions.Put(ctx, sessionFlashKey, ui.T("Answered_"+c.Param("action")))
	}
	if c.FormValue("next") == staffPrefix+"/offers" {
		return c.Redirect(http.StatusSeeOther, staffPrefix+"/offers")
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/offers/%d", staffPrefix, id))
}
