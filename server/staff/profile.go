package staff

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
)

// profilePage is an interpreter's own profile: what routing and messages use.
type profilePage struct {
	staffPage
	Name, Email, Phone, Languages string
	Modalities                    []checkChoice
	Locales                       []choice
	ByText                        bool // messages also reach them on their phone
	Error, ErrorField             string
}

type checkChoice struct {
	Value, Label string
	Checked      bool
}

// staffProfile shows the signed-in interpreter's profile.
func (s *Server) staffProfile(c echo.Context) error {
	me, err := s.Dispatch.InterpreterOf(c.Request().Context(), actor(c))
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return apperr.New(apperr.Forbidden, "ErrForbidden", "no interpreter profile")
		}
		return err
	}
	return s.renderProfile(c, http.StatusOK, me, nil)
}

// staffSaveProfile saves the interpreter's languages, ways of working, phone and message
// language (POST); bad input shows the form again with what to change.
func (s *Server) staffSaveProfile(c echo.Context) error {
	ctx, u := c.Request().Context(), actor(c)
	me, err := s.Dispatch.InterpreterOf(ctx, u)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	in := dispatch.InterpreterInput{Phone: c.FormValue("phone"), PreferredLocale: c.FormValue("preferred_locale")}
	for _, l := range strings.FieldsFunc(c.FormValue("languages"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		in.Languages = append(in.Languages, l)
	}
	for _, m := range form["modalities"] {
		in.Modalities = append(in.Modalities, dispatch.Modality(m))
	}
	if _, err := s.Dispatch.UpdateInterpreter(ctx, u, me.ID, in); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			return err
		}
		me.Phone, me.Languages, me.Modalities, me.PreferredLocale = in.Phone, in.Languages, in.Modalities, in.PreferredLocale
		return s.renderProfile(c, http.StatusUnprocessableEntity, me, err)
	}
	ui := s.UI.For(s.staffLocale(c, u).ID)
	s.Sessions.Put(ctx, sessionFlashKey, ui.T("ProfileSaved"))
	return c.Redirect(http.StatusSeeOther, staffPrefix+"/profile")
}

func (s *Server) renderProfile(c echo.Context, status int, me *dispatch.Interpreter, formErr error) error {
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T("ProfileTitle")
	data := profilePage{staffPage: p, Name: me.Name, Email: me.Email, Phone: me.Phone, Languages: strings.Join(me.Languages, ", "),
		ByText: me.Phone != ""}
	for _, m := range dispatch.Modalities {
		data.Modalities = append(data.Modalities, checkChoice{string(m), ui.T("Modality_" + string(m)), containsModality(me.Modalities, m)})
	}
	for _, l := range s.Locales.All() {
		data.Locales = append(data.Locales, choice{l.ID, l.Autonym, l.ID == me.PreferredLocale})
	}
	if formErr != nil {
		data.ErrorField = apperr.FieldOf(formErr)
		label := map[string]string{"languages": "FieldLanguages", "modalities": "FieldModalities", "phone": "Phone", "preferred_locale": "FieldMessageLanguage"}[data.ErrorField]
		data.Error = ui.T(apperr.KeyOf(formErr), "Field", ui.T(label))
	}
	return s.renderStaff(c, status, "staff-profile", data, p.Locale)
}

func containsModality(ms []dispatch.Modality, m dispatch.Modality) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}
