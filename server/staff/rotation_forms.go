package staff

import (
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/schedule"
)

// staffAddShift adds a one-off shift or override from the rotations page; times are
// wall-clock in the site's zone.
func (s *Server) staffAddShift(c echo.Context) error {
	sh, err := s.shiftForm(c)
	if err == nil {
		err = s.Dispatch.AddShift(c.Request().Context(), actor(c), &sh)
	}
	return s.afterRotationForm(c, err, "CoordShiftAdded")
}

// staffAddSlot adds a weekly slot to a language's rotation at one level.
func (s *Server) staffAddSlot(c echo.Context) error {
	level, err := schedule.ParseLevel(c.FormValue("level"))
	var slot schedule.Slot
	if err != nil {
		err = errBadParam("level")
	} else if slot, err = slotForm(c); err == nil {
		err = s.Dispatch.AddRotationSlot(c.Request().Context(), actor(c), c.FormValue("language"), level, slot)
	}
	return s.afterRotationForm(c, err, "CoordSlotAdded")
}

func (s *Server) afterRotationForm(c echo.Context, err error, done string) error {
	language, week := c.FormValue("language"), c.FormValue("week")
	if err == nil {
		return s.flashRedirect(c, done, rotationsURL(language, week))
	}
	ui := s.UI.For(s.staffLocale(c, actor(c)).ID)
	fe, err := asFormError(err, ui, rotationLabels(ui))
	if err != nil {
		return err
	}
	if _, cerr := locale.Canonical(language); cerr != nil {
		language = ""
	}
	if _, werr := weekStart(week, s.now(), s.Site.Location); werr != nil {
		week = ""
	}
	return s.showRotations(c, language, week, fe)
}

func rotationLabels(ui *i18n.Localizer) map[string]string {
	return map[string]string{
		"language": ui.T("FieldLanguage"), "level": ui.T("CoordFieldLevel"), "interpreter_id": ui.T("CoordFieldInterpreter"),
		"starts_at": ui.T("CoordFieldStartsAt"), "ends_at": ui.T("CoordFieldEndsAt"), "day": ui.T("CoordFieldDay"),
		"start": ui.T("CoordFieldStart"), "end": ui.T("CoordFieldEnd"), "week": ui.T("CoordFieldWeek"),
	}
}

func (s *Server) shiftForm(c echo.Context) (schedule.Shift, error) {
	id, err := strconv.ParseInt(c.FormValue("interpreter_id"), 10, 64)
	if err != nil {
		return schedule.Shift{}, errBadParam("interpreter_id")
	}
	level, err := schedule.ParseLevel(c.FormValue("level"))
	if err != nil {
		return schedule.Shift{}, errBadParam("level")
	}
	sh := schedule.Shift{InterpreterID: id, Language: c.FormValue("language"), Level: level}
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"starts_at", &sh.StartsAt}, {"ends_at", &sh.EndsAt}} {
		t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(c.FormValue(f.name)), s.Site.Location)
		if err != nil {
			return sh, errBadParam(f.name)
		}
		*f.dst = t.UTC()
	}
	if err := sh.Validate(); err != nil {
		return sh, scheduleError(err)
	}
	return sh, nil
}

func slotForm(c echo.Context) (schedule.Slot, error) {
	id, err := strconv.ParseInt(c.FormValue("interpreter_id"), 10, 64)
	if err != nil {
		return schedule.Slot{}, errBadParam("interpreter_id")
	}
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if strings.ToLower(wd.String()) == c.FormValue("day") {
			return schedule.NewSlot(wd, c.FormValue("start"), c.FormValue("end"), id), nil
		}
	}
	return schedule.Slot{}, errBadParam("day")
}
