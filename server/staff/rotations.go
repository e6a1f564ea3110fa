package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/schedule"
)

// rotationEntry is one line of a day in the week view: a shift, or a gap.
type rotationEntry struct {
	Time, Level, Who, Kind string
	Gap                    bool
}

type rotationDay struct {
	Heading string
	Entries []rotationEntry
}

type rotationsPage struct {
	coordPage
	Language, LanguageName      string
	Languages                   []option
	Week, PrevWeek, NextWeek    string
	Days                        []rotationDay
	Gaps                        []string
	GapTotal                    string
	Interpreters, Levels, Wdays []option
	ShiftStart, ShiftEnd        string
	SlotStart, SlotEnd          string
}

// staffRotations shows a language's week (?language=ar&week=2026-W49): weekly slots,
// one-off shifts and overrides, and the hours nobody is on call, with the gaps of the
// coming 14 days.
func (s *Server) staffRotations(c echo.Context) error {
	return s.showRotations(c, c.QueryParam("language"), c.QueryParam("week"), nil)
}

func (s *Server) showRotations(c echo.Context, language, week string, fe *formError) error {
	ctx, u := c.Request().Context(), actor(c)
	interpreters, err := s.Dispatch.Interpreters(ctx, u)
	if err != nil {
		return err
	}
	p, ui := s.newCoordPage(c, "CoordRotationsTitle")
	p.Err = fe
	data := rotationsPage{coordPage: p, Languages: rotationLanguages(p.Locale, interpreters)}
	if language == "" && len(data.Languages) > 0 {
		language = data.Languages[0].Value
	}
	if language == "" {
		return s.renderStaff(c, http.StatusOK, "staff-rotations", data, p.Locale)
	}
	if language, err = locale.Canonical(language); err != nil {
		return errBadParam("language")
	}
	from, err := weekStart(week, s.now(), s.Site.Location)
	if err != nil {
		return err
	}
	to := from.AddDate(0, 0, 7)
	cov, err := s.Dispatch.Coverage(ctx, u, language, from, to)
	if err != nil {
		return err
	}
	ahead, err := s.Dispatch.Coverage(ctx, u, language, s.now(), s.now().Add(dispatch.GapHorizon))
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, i := range interpreters {
		names[i.ID] = i.Name
		if i.Active && slices.ContainsFunc(i.Languages, func(t string) bool { return locale.Speaks(t, language) }) {
			data.Interpreters = append(data.Interpreters, option{Value: strconv.FormatInt(i.ID, 10), Label: i.Name})
		}
	}
	for i := range data.Languages {
		data.Languages[i].Selected = data.Languages[i].Value == language
	}
	data.Language, data.LanguageName = language, languageLabel(p.Locale, language)
	data.Title = ui.T("CoordRotationsFor", "Language", data.LanguageName)
	data.Week, data.PrevWeek, data.NextWeek = isoWeek(from), isoWeek(from.AddDate(0, 0, -7)), isoWeek(from.AddDate(0, 0, 7))
	data.Days = s.weekDays(ui, cov, names, from)
	var total time.Duration
	for _, g := range ahead.Gaps {
		data.Gaps = append(data.Gaps, s.span(ui, g)+" ("+duration(ui, g.Duration())+")")
		total += g.Duration()
	}
	data.GapTotal = duration(ui, total)
	data.Levels = []option{{Value: string(schedule.Primary), Label: ui.T("CoordLevel_primary")}, {Value: string(schedule.Secondary), Label: ui.T("CoordLevel_secondary")}}
	for d := 0; d < 7; d++ {
		wd := time.Weekday((int(time.Monday) + d) % 7)
		data.Wdays = append(data.Wdays, option{Value: strings.ToLower(wd.String()), Label: ui.T("CoordDay_" + strings.ToLower(wd.String()))})
	}
	data.ShiftStart, data.ShiftEnd = c.FormValue("starts_at"), c.FormValue("ends_at")
	data.SlotStart, data.SlotEnd = c.FormValue("start"), c.FormValue("end")
	return s.renderStaff(c, formStatus(fe), "staff-rotations", data, p.Locale)
}

// weekDays lays the week's shifts and gaps out by the local day they start on.
func (s *Server) weekDays(ui *i18n.Localizer, cov *dispatch.Coverage, names map[int64]string, from time.Time) []rotationDay {
	days := make([]rotationDay, 7)
	for d := range days {
		day := from.AddDate(0, 0, d)
		days[d].Heading = ui.T("CoordDay_"+strings.ToLower(day.Weekday().String())) + " " + day.Format("2006-01-02")
	}
	type timed struct {
		at time.Time
		e  rotationEntry
	}
	var all []timed
	add := func(shifts []schedule.Shift, kind string) {
		for _, sh := range shifts {
			all = append(all, timed{sh.StartsAt, rotationEntry{Time: s.span(ui, schedule.Span{From: sh.StartsAt, To: sh.EndsAt}),
				Level: ui.T("CoordLevel_" + string(sh.Level)), Who: names[sh.InterpreterID], Kind: ui.T(kind)}})
		}
	}
	add(cov.Rotation, "CoordKindWeekly")
	add(cov.Shifts, "CoordKindOneOff")
	for _, g := range cov.Gaps {
		for _, part := range byDay(g, from) {
			all = append(all, timed{part.From, rotationEntry{Time: s.span(ui, part), Who: ui.T("CoordNobodyOnCall"), Gap: true}})
		}
	}
	slices.SortStableFunc(all, func(a, b timed) int { return a.at.Compare(b.at) })
	for _, t := range all {
		d := 0 // a shift that began the week before is shown on its first day
		for d < 6 && !t.at.Before(from.AddDate(0, 0, d+1)) {
			d++
		}
		days[d].Entries = append(days[d].Entries, t.e)
	}
	return days
}

// byDay cuts a gap at the local midnights of the week starting at from, so that each
// day shows its own part.
func byDay(g schedule.Span, from time.Time) []schedule.Span {
	var out []schedule.Span
	for d := 1; d <= 7 && g.From.Before(g.To); d++ {
		midnight := from.AddDate(0, 0, d)
		if !g.To.After(midnight) {
			break
		}
		if g.From.Before(midnight) {
			out = append(out, schedule.Span{From: g.From, To: midnight})
			g.From = midnight
		}
	}
	return append(out, g)
}

// span formats a period in the site's zone: "Mon 2026-12-07 18:00 – Tue 08:00".
func (s *Server) span(ui *i18n.Localizer, sp schedule.Span) string {
	loc := s.Site.Location
	a, b := sp.From.In(loc), sp.To.In(loc)
	day := func(t time.Time) string { return ui.T("CoordDayShort_" + strings.ToLower(t.Weekday().String())) }
	end := b.Format("15:04")
	if a.YearDay() != b.YearDay() || a.Year() != b.Year() {
		end = day(b) + " " + b.Format("01-02 15:04")
	}
	return fmt.Sprintf("%s %s – %s", day(a), a.Format("01-02 15:04"), end)
}

// rotationLanguages lists the languages of active interpreters, by name.
func rotationLanguages(l *locale.Locale, interpreters []*dispatch.Interpreter) []option {
	seen := map[string]bool{}
	var out []option
	for _, i := range interpreters {
		for _, t := range i.Languages {
			if i.Active && !seen[t] {
				seen[t] = true
				out = append(out, option{Value: t, Label: languageLabel(l, t)})
			}
		}
	}
	slices.SortFunc(out, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	return out
}

// weekStart parses an ISO week ("2026-W49"; empty means the week of now) into the
// local midnight starting its Monday.
func weekStart(week string, now time.Time, loc *time.Location) (time.Time, error) {
	var y, w int
	if week == "" {
		y, w = now.In(loc).ISOWeek()
	} else if n, err := fmt.Sscanf(week, "%4d-W%2d", &y, &w); err != nil || n != 2 || w < 1 || w > 53 || y < 2000 || y > 2200 {
		return time.Time{}, errBadParam("week")
	}
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, loc)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+(w-1)*7)
	if yy, ww := monday.ISOWeek(); yy != y || ww != w {
		return time.Time{}, errBadParam("week")
	}
	return monday, nil
}

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func rotationsURL(language, week string) string {
	return "/staff/rotations?" + url.Values{"language": {language}, "week": {week}}.Encode()
}
