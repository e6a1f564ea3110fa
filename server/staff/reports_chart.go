package staff

import (
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
)

// reportChart is a bar chart drawn on the server: for each month, the requests, those
// filled and those handed to the fallback line, all languages of the report together.
// Everything is positioned here so that the template only writes attributes (the CSP
// allows no inline style or script).
type reportChart struct {
	Title, Desc   string
	Width, Height int
	Ticks         []chartTick
	Groups        []chartGroup
	Legend        []chartLegend
}

type chartTick struct {
	Y, LabelY int
	Label     int
}

type chartGroup struct {
	Title          string
	Label          string
	LabelX, LabelY int
	Bars           []chartBar
}

type chartBar struct {
	Class      string
	X, Y, W, H int
}

type chartLegend struct {
	Class, Label string
	X, TextX     int
}

const (
	chartWidth, chartHeight = 640, 280
	chartLeft, chartRight   = 44, 8
	chartTop, chartBottom   = 36, 40
)

type monthTotals struct{ requests, filled, fallbacks int }

func newReportChart(ui *i18n.Localizer, r *dispatch.Report) reportChart {
	months := r.Query.Months()
	totals := make(map[dispatch.Month]*monthTotals, len(months))
	var all monthTotals
	for _, m := range months {
		totals[m] = &monthTotals{}
	}
	for _, row := range r.Rows {
		t := totals[row.Month]
		t.requests, t.filled, t.fallbacks = t.requests+row.Requests, t.filled+row.Filled, t.fallbacks+row.Fallbacks
		all.requests, all.filled, all.fallbacks = all.requests+row.Requests, all.filled+row.Filled, all.fallbacks+row.Fallbacks
	}
	top := 4
	for _, t := range totals {
		top = max(top, t.requests)
	}
	top = (top + 3) / 4 * 4 // four equal steps of whole requests
	c := reportChart{Width: chartWidth, Height: chartHeight, Title: ui.T("ReportsChartTitle"),
		Desc: ui.T("ReportsChartDesc", "From", r.Query.From.String(), "To", r.Query.To.String(),
			"Requests", all.requests, "Filled", all.filled, "Fallbacks", all.fallbacks)}
	plotH := chartHeight - chartTop - chartBottom
	y := func(v int) int { return chartTop + plotH - v*plotH/top }
	for i := 0; i <= 4; i++ {
		c.Ticks = append(c.Ticks, chartTick{Y: y(top * i / 4), LabelY: y(top*i/4) + 4, Label: top * i / 4})
	}
	groupW := (chartWidth - chartLeft - chartRight) / len(months)
	barW := max(groupW*8/10/3, 1)
	for i, m := range months {
		t := totals[m]
		x := chartLeft + i*groupW + groupW/10
		g := chartGroup{Label: m.String(), LabelX: chartLeft + i*groupW + groupW/2, LabelY: chartHeight - chartBottom + 18,
			Title: ui.T("ReportsChartMonth", "Month", m.String(), "Requests", t.requests, "Filled", t.filled, "Fallbacks", t.fallbacks)}
		if every := (len(months) + 11) / 12; i%every != 0 {
			g.Label = "" // at most twelve month labels fit under the bars
		}
		for j, b := range []struct {
			class string
			v     int
		}{{"bar-requests", t.requests}, {"bar-filled", t.filled}, {"bar-fallbacks", t.fallbacks}} {
			g.Bars = append(g.Bars, chartBar{Class: b.class, X: x + j*barW, Y: y(b.v), W: barW - 1, H: y(0) - y(b.v)})
		}
		c.Groups = append(c.Groups, g)
	}
	for i, l := range []struct{ class, key string }{{"bar-requests", "ReportsRequests"}, {"bar-filled", "ReportsFilled"}, {"bar-fallbacks", "ReportsFallbacks"}} {
		x := chartLeft + i*170
		c.Legend = append(c.Legend, chartLegend{Class: l.class, Label: ui.T(l.key), X: x, TextX: x + 18})
	}
	return c
}
