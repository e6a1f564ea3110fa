package staff

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// reportCSVHeader names the CSV columns; they are stable identifiers for spreadsheets and
// scripts, so they are not translated.
var reportCSVHeader = []string{"language", "month", "requests", "filled", "fallbacks", "cancellations",
	"fill_rate", "median_seconds_to_accept", "p90_seconds_to_accept"}

// staffReportsCSV sends the aggregate report as a CSV download.
func (s *Server) staffReportsCSV(c echo.Context) error {
	r, err := s.Dispatch.Report(c.Request().Context(), actor(c), reportInput(c))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(reportCSVHeader)
	for _, row := range r.Rows {
		rate, median, p90 := "", "", ""
		if row.HasFillRate {
			rate = strconv.FormatFloat(row.FillRate, 'f', 3, 64)
		}
		if row.Filled > 0 {
			median, p90 = seconds(row.MedianAccept), seconds(row.P90Accept)
		}
		_ = w.Write([]string{row.Language, row.Month.String(), strconv.Itoa(row.Requests), strconv.Itoa(row.Filled),
			strconv.Itoa(row.Fallbacks), strconv.Itoa(row.Cancellations), rate, median, p90})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	name := fmt.Sprintf("outreach-report-%s-%s.csv", r.Query.From, r.Query.To)
	if r.Query.Language != "" {
		name = fmt.Sprintf("outreach-report-%s-%s-%s.csv", r.Query.Language, r.Query.From, r.Query.To)
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func seconds(d time.Duration) string { return strconv.Itoa(int(d.Round(time.Second) / time.Second)) }
