package staff

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
)

// boardRow is a request on the board: metadata only.
type boardRow struct {
	ID                                  int64
	Language, Modality, Urgency, Status string
	Confidential                        bool
	Waiting, Step                       string
	Deadline, DeadlineISO               string
}

type boardPage struct {
	coordPage
	Open, Recent []boardRow
	Updated      string
	Script       string
}

// staffBoard shows coordinators the requests waiting for an interpreter and those closed
// in the last day, updated live by board.js.
func (s *Server) staffBoard(c echo.Context) error {
	items, err := s.Dispatch.Board(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	p, ui := s.newCoordPage(c, "CoordBoardTitle")
	data := boardPage{coordPage: p, Script: s.AssetPath("board.js"), Updated: s.now().In(s.Site.Location).Format("15:04:05")}
	for _, b := range items {
		row := s.boardRow(ui, p.Locale, b)
		if b.Open() {
			data.Open = append(data.Open, row)
		} else {
			data.Recent = append(data.Recent, row)
		}
	}
	return s.renderStaff(c, http.StatusOK, "staff-board", data, p.Locale)
}

func (s *Server) boardRow(ui *i18n.Localizer, l *locale.Locale, b *dispatch.BoardItem) boardRow {
	row := boardRow{
		ID: b.ID, Language: languageLabel(l, b.Language), Modality: ui.T("Modality_" + string(b.Modality)),
		Urgency: ui.T("Urgency_" + string(b.Urgency)), Status: ui.T("Status_" + string(b.Status)),
		Confidential: b.Confidential, Waiting: duration(ui, b.Waiting), Step: "—", Deadline: "—",
	}
	if b.Step >= 1 && b.Step <= b.Steps {
		var targets []string
		for _, t := range b.StepTargets {
			targets = append(targets, ui.T("CoordTarget_"+string(t)))
		}
		row.Step = ui.T("CoordStepOf", "Step", b.Step, "Steps", b.Steps)
		if len(targets) > 0 {
			row.Step += ": " + strings.Join(targets, ", ")
		}
	}
	if b.DeadlineAt != nil {
		at := b.DeadlineAt.In(s.Site.Location)
		row.Deadline, row.DeadlineISO = at.Format("15:04:05"), at.Format(time.RFC3339)
		if now := s.now().In(s.Site.Location); at.Year() != now.Year() || at.YearDay() != now.YearDay() {
			row.Deadline = at.Format("2006-01-02 15:04:05")
		}
	}
	return row
}
