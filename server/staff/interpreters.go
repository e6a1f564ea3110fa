package staff

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
)

type interpreterRow struct {
	ID                                         int64
	Name, Email, Languages, Modalities, Vetted string
	Active                                     bool
}

type interpretersPage struct {
	coordPage
	Rows []interpreterRow
}

// option is one choice of a select or a group of checkboxes.
type option struct {
	Value, Label string
	Selected     bool
}

// interpreterForm is the interpreter form as sent, to show again with an error.
type interpreterForm struct {
	Name, Email, Phone, Languages, Gender, PreferredLocale, BackgroundCheckOn, DVTrainingOn string
	Modalities                                                                              []string
}

type interpreterPage struct {
	coordPage
	ID         int64 // 0 for a new interpreter
	Form       interpreterForm
	Modalities []option
	Locales    []option
	Active     bool
	Vetting    string // the vetting dates, shown on an existing profile
}

func (s *Server) staffInterpreters(c echo.Context) error {
	list, err := s.Dispatch.Interpreters(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	p, ui := s.newCoordPage(c, "CoordInterpretersTitle")
	data := interpretersPage{coordPage: p}
	for _, i := range list {
		data.Rows = append(data.Rows, interpreterRow{ID: i.ID, Name: i.Name, Email: i.Email, Languages: languageList(p.Locale, i.Languages),
			Modalities: modalityList(ui, i.Modalities), Vetted: yesNo(ui, i.Vetted()), Active: i.Active})
	}
	return s.renderStaff(c, http.StatusOK, "staff-interpreters", data, p.Locale)
}

func (s *Server) staffInterpreterNew(c echo.Context) error {
	return s.showInterpreter(c, nil, interpreterForm{Modalities: []string{string(dispatch.Phone)}}, nil)
}

func (s *Server) staffInterpreterCreate(c echo.Context) error {
	form := interpreterFormOf(c)
	in, err := form.input()
	if err == nil {
		_, err = s.Dispatch.CreateInterpreter(c.Request().Context(), actor(c), in)
	}
	if err != nil {
		return s.interpreterFormError(c, nil, form, err)
	}
	return s.flashRedirect(c, "CoordInterpreterSaved", "/staff/interpreters")
}

func (s *Server) staffInterpreter(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	i, err := s.Dispatch.Interpreter(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return s.showInterpreter(c, i, formOfInterpreter(i), nil)
}

func (s *Server) staffInterpreterUpdate(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	i, err := s.Dispatch.Interpreter(ctx, actor(c), id)
	if err != nil {
		return err
	}
	form := interpreterFormOf(c)
	in, err := form.input()
	if err == nil {
		_, err = s.Dispatch.UpdateInterpreter(ctx, actor(c), id, in)
	}
	if err != nil {
		return s.interpreterFormError(c, i, form, err)
	}
	return s.flashRedirect(c, "CoordInterpreterSaved", fmt.Sprintf("/staff/interpreters/%d", id))
}

// staffInterpreterActive deactivates an interpreter (active=false) or makes them
// active again.
func (s *Server) staffInterpreterActive(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	active := c.FormValue("active") == "true"
	if err := s.Dispatch.SetInterpreterActive(c.Request().Context(), actor(c), id, active); err != nil {
		return err
	}
	key := "CoordInterpreterDeactivated"
	if active {
		key = "CoordInterpreterReactivated"
	}
	return s.flashRedirect(c, key, fmt.Sprintf("/staff/interpreters/%d", id))
}

func (s *Server) flashRedirect(c echo.Context, key, to string) error {
	ui := s.UI.For(s.staffLocale(c, actor(c)).ID)
	s.Sessions.Put(c.Request().Context(), sessionFlashKey, ui.T(key))
	return c.Redirect(http.StatusSeeOther, to)
}

func (s *Server) interpreterFormError(c echo.Context, i *dispatch.Interpreter, form interpreterForm, err error) error {
	ui := s.UI.For(s.staffLocale(c, actor(c)).ID)
	fe, err := asFormError(err, ui, interpreterLabels(ui))
	if err != nil {
		return err
	}
	return s.showInterpreter(c, i, form, fe)
}

func interpreterLabels(ui *i18n.Localizer) map[string]string {
	return map[string]string{
		"name": ui.T("CoordFieldName"), "email": ui.T("Email"), "phone": ui.T("CoordFieldPhone"),
		"languages": ui.T("CoordFieldLanguages"), "modalities": ui.T("CoordFieldModalities"), "gender": ui.T("CoordFieldGender"),
		"preferred_locale": ui.T("CoordFieldLocale"), "background_check_on": ui.T("CoordFieldBackgroundCheck"),
		"dv_training_on": ui.T("CoordFieldDVTraining"), "": ui.T("Email"),
	}
}

// showInterpreter renders the form for a new interpreter (i nil) or an existing one.
func (s *Server) showInterpreter(c echo.Context, i *dispatch.Interpreter, form interpreterForm, fe *formError) error {
	p, ui := s.newCoordPage(c, "CoordInterpreterNewTitle")
	p.Err = fe
	data := interpreterPage{coordPage: p, Form: form}
	if i != nil {
		data.ID, data.Active, data.Title = i.ID, i.Active, i.Name
		data.Vetting = ui.T("CoordVettingDates", "BackgroundCheck", dateOrDash(i.BackgroundCheckOn), "DVTraining", dateOrDash(i.DVTrainingOn))
	}
	for _, m := range dispatch.Modalities {
		data.Modalities = append(data.Modalities, option{Value: string(m), Label: ui.T("Modality_" + string(m)), Selected: contains(form.Modalities, string(m))})
	}
	data.Locales = []option{{Value: "", Label: ui.T("CoordLocaleNone"), Selected: form.PreferredLocale == ""}}
	for _, l := range s.Locales.All() {
		data.Locales = append(data.Locales, option{Value: l.ID, Label: l.Autonym, Selected: form.PreferredLocale == l.ID})
	}
	return s.renderStaff(c, formStatus(fe), "staff-interpreter", data, p.Locale)
}

func interpreterFormOf(c echo.Context) interpreterForm {
	f := interpreterForm{
		Name: c.FormValue("name"), Email: c.FormValue("email"), Phone: c.FormValue("phone"), Languages: c.FormValue("languages"),
		Gender: c.FormValue("gender"), PreferredLocale: c.FormValue("preferred_locale"),
		BackgroundCheckOn: c.FormValue("background_check_on"), DVTrainingOn: c.FormValue("dv_training_on"),
	}
	if params, err := c.FormParams(); err == nil {
		f.Modalities = params["modalities"]
	}
	return f
}

func formOfInterpreter(i *dispatch.Interpreter) interpreterForm {
	f := interpreterForm{Name: i.Name, Email: i.Email, Phone: i.Phone, Languages: strings.Join(i.Languages, ", "), Gender: i.Gender, PreferredLocale: i.PreferredLocale}
	for _, m := range i.Modalities {
		f.Modalities = append(f.Modalities, string(m))
	}
	return f
}

// input parses the form; the service validates it.
func (f interpreterForm) input() (dispatch.InterpreterInput, error) {
	in := dispatch.InterpreterInput{Name: f.Name, Email: f.Email, Phone: f.Phone, Gender: f.Gender, PreferredLocale: f.PreferredLocale,
		Languages: strings.FieldsFunc(f.Languages, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })}
	for _, m := range f.Modalities {
		in.Modalities = append(in.Modalities, dispatch.Modality(m))
	}
	for _, d := range []struct {
		field, value string
		dst          **dispatch.Date
	}{{"background_check_on", f.BackgroundCheckOn, &in.BackgroundCheckOn}, {"dv_training_on", f.DVTrainingOn, &in.DVTrainingOn}} {
		if strings.TrimSpace(d.value) == "" {
			continue
		}
		v, err := dispatch.ParseDate(strings.TrimSpace(d.value))
		if err != nil {
			return in, errBadParam(d.field)
		}
		*d.dst = &v
	}
	return in, nil
}

func languageList(l *locale.Locale, tags []string) string {
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = languageLabel(l, t)
	}
	return strings.Join(names, ", ")
}

func modalityList(ui *i18n.Localizer, ms []dispatch.Modality) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = ui.T("Modality_" + string(m))
	}
	return strings.Join(names, ", ")
}

func yesNo(ui *i18n.Localizer, v bool) string {
	if v {
		return ui.T("CoordYes")
	}
	return ui.T("CoordNo")
}

func dateOrDash(d *dispatch.Date) string {
	if d == nil {
		return "—"
	}
	return d.String()
}
