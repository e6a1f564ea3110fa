package staff

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/locale"
)

// languageChoice is one language of the request form's picker.
type languageChoice struct {
	Tag, Name, Search string
	OnCall            int
	Selected          bool
}

type choice struct {
	Value, Label string
	Selected     bool
}

// requestForm is the request form, with what was sent when it comes back with an error.
type requestForm struct {
	staffPage
	OnCall, OffCall         []languageChoice
	Modalities, Urgencies   []choice
	CaseTypes               []choice
	StartsAt, Duration      string
	Location, Gender, Notes string
	Confidential, InPerson  bool
	Error, ErrorField       string
	MinStart                string
}

// fieldLabels are the message keys of the form's labels, by field name.
var fieldLabels = map[string]string{
	"language": "FieldLanguage", "modality": "FieldModality", "urgency": "FieldUrgency", "starts_at": "FieldStarts",
	"duration_minutes": "FieldDuration", "case_type": "FieldCaseType", "location": "FieldLocation",
	"gender_preference": "FieldGender", "notes": "FieldNotes", "confidential": "FieldConfidential",
}

// staffNewRequest shows the request form: phone, now and 60 minutes unless changed.
func (s *Server) staffNewRequest(c echo.Context) error {
	return s.renderRequestForm(c, http.StatusOK, dispatch.RequestInput{Modality: dispatch.Phone, Urgency: dispatch.Now,
		DurationMinutes: 60, CaseType: dispatch.General}, nil)
}

// staffCreateRequest files a request from the form and opens its status page; bad input
// shows the form again, filled in, with what to change.
func (s *Server) staffCreateRequest(c echo.Context) error {
	in, err := s.requestInput(c)
	if err == nil {
		var v *dispatch.RequestView
		if v, err = s.Dispatch.CreateRequest(c.Request().Context(), actor(c), in); err == nil {
			return c.Redirect(http.StatusSeeOther, staffPrefix+"/requests/"+itoa(v.ID))
		}
	}
	if apperr.CodeOf(err) != apperr.Invalid {
		return err
	}
	return s.renderRequestForm(c, http.StatusUnprocessableEntity, in, err)
}

// requestInput reads the form's fields, named as in the API. A time is read in the
// deployment's time zone.
func (s *Server) requestInput(c echo.Context) (dispatch.RequestInput, error) {
	in := dispatch.RequestInput{
		Language: strings.TrimSpace(c.FormValue("language")), Modality: dispatch.Modality(c.FormValue("modality")),
		Urgency: dispatch.Urgency(c.FormValue("urgency")), CaseType: dispatch.CaseType(c.FormValue("case_type")),
		Location: c.FormValue("location"), GenderPreference: c.FormValue("gender_preference"), Notes: c.FormValue("notes"),
		Confidential: c.FormValue("confidential") != "",
	}
	if d := strings.TrimSpace(c.FormValue("duration_minutes")); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return in, apperr.InvalidField("duration_minutes", dispatch.KeyInvalidField, "not a number")
		}
		in.DurationMinutes = n
	}
	if in.Urgency == dispatch.Scheduled {
		if v := strings.TrimSpace(c.FormValue("starts_at")); v != "" {
			t, err := time.ParseInLocation("2006-01-02T15:04", v, s.Site.Location)
			if err != nil {
				return in, apperr.InvalidField("starts_at", dispatch.KeyInvalidField, "not a date and time")
			}
			in.StartsAt = &t
		}
	}
	return in, nil
}

func (s *Server) renderRequestForm(c echo.Context, status int, in dispatch.RequestInput, formErr error) error {
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T("NewRequestTitle")
	now := s.now()
	supplies, err := s.Dispatch.Supplies(c.Request().Context(), actor(c), now)
	if err != nil {
		return err
	}
	f := requestForm{staffPage: p, Duration: strconv.Itoa(in.DurationMinutes), Location: in.Location, Gender: in.GenderPreference,
		Notes: in.Notes, Confidential: in.Confidential, InPerson: in.Modality == dispatch.InPerson,
		MinStart: now.In(s.Site.Location).Format("2006-01-02T15:04")}
	if in.StartsAt != nil {
		f.StartsAt = in.StartsAt.In(s.Site.Location).Format("2006-01-02T15:04")
	}
	for _, sp := range supplies {
		ch := languageChoice{Tag: sp.Language, Name: locale.LanguageName(p.Locale, sp.Language), OnCall: sp.OnCall, Selected: sp.Language == in.Language,
			Search: strings.Join(locale.SearchNames(sp.Language, p.Locale), " | ")}
		if sp.OnCall > 0 {
			f.OnCall = append(f.OnCall, ch)
		} else {
			f.OffCall = append(f.OffCall, ch)
		}
	}
	for _, m := range dispatch.Modalities {
		f.Modalities = append(f.Modalities, choice{string(m), ui.T("Modality_" + string(m)), m == in.Modality})
	}
	for _, u := range []dispatch.Urgency{dispatch.Now, dispatch.Scheduled} {
		f.Urgencies = append(f.Urgencies, choice{string(u), ui.T("Urgency_" + string(u)), u == in.Urgency})
	}
	for _, ct := range dispatch.CaseTypes {
		f.CaseTypes = append(f.CaseTypes, choice{string(ct), ui.T("CaseType_" + string(ct)), ct == in.CaseType})
	}
	if formErr != nil {
		f.ErrorField = apperr.FieldOf(formErr)
		f.Error = ui.T(apperr.KeyOf(formErr), "Field", ui.T(fieldLabels[f.ErrorField]), "Number", s.Site.Phones["emergency"])
	}
	return s.renderStaff(c, status, "staff-request-new", f, p.Locale)
}
