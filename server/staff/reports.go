package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
)

type reportsPage struct {
	staffPage
	From, To, Language string // the period and language shown
	Languages          []reportLanguage
	Rows               []reportLine
	Chart              reportChart
	CSV                string // the same report as CSV
	Caption            string
}

type reportLanguage struct {
	Tag, Name string
	Selected  bool
}

// reportLine is a report row in the reader's words.
type reportLine struct {
	Language, Month                            string
	Requests, Filled, Fallbacks, Cancellations int
	FillRate, MedianAccept, P90Accept          string
}

// staffReports shows the aggregate report as a table and a chart, or sends it as CSV
// with ?format=csv.
func (s *Server) staffReports(c echo.Context) error {
	if c.QueryParam("format") == "csv" {
		return s.staffReportsCSV(c)
	}
	r, err := s.Dispatch.Report(c.Request().Context(), actor(c), reportInput(c))
	if err != nil {
		return err
	}
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T("ReportsTitle")
	q := r.Query
	data := reportsPage{staffPage: p, From: q.From.String(), To: q.To.String(), Language: q.Language,
		Chart: newReportChart(ui, r), Caption: ui.T("ReportsCaption", "From", q.From.String(), "To", q.To.String())}
	for _, tag := range r.Languages {
		data.Languages = append(data.Languages, reportLanguage{Tag: tag, Name: locale.LanguageName(p.Locale, tag), Selected: tag == q.Language})
	}
	for _, row := range r.Rows {
		data.Rows = append(data.Rows, reportLineOf(ui, p.Locale, row))
	}
	v := url.Values{"format": {"csv"}, "from": {data.From}, "to": {data.To}}
	if q.Language != "" {
		v.Set("language", q.Language)
	}
	data.CSV = staffPrefix + "/reports.csv?" + v.Encode()
	return s.renderStaff(c, http.StatusOK, "staff-reports", data, p.Locale)
}

func reportInput(c echo.Context) dispatch.ReportInput {
	return dispatch.ReportInput{From: c.QueryParam("from"), To: c.QueryParam("to"), Language: c.QueryParam("language")}
}

func reportLineOf(ui *i18n.Localizer, l *locale.Locale, row dispatch.ReportRow) reportLine {
	line := reportLine{Language: locale.LanguageName(l, row.Language), Month: row.Month.String(), Requests: row.Requests,
		Filled: row.Filled, Fallbacks: row.Fallbacks, Cancellations: row.Cancellations, FillRate: "—", MedianAccept: "—", P90Accept: "—"}
	if row.HasFillRate {
		line.FillRate = ui.T("ReportsPercent", "Percent", int(row.FillRate*100+0.5))
	}
	if row.Filled > 0 {
		line.MedianAccept, line.P90Accept = minSec(row.MedianAccept), minSec(row.P90Accept)
	}
	return line
}

// minSec writes a wait as minutes:seconds, rounded to the second.
func minSec(d time.Duration) string {
	sec := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}
