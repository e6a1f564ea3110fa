package dispatch

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/locale"
)

// Reports are aggregates only: a ReportRecord carries no request id, no case type and no
// detail, so nothing a report shows can be traced back to one case.

// ReportRecord is one request as a report sees it.
type ReportRecord struct {
	Language  string
	Status    Status
	CreatedAt time.Time
	// AcceptedAt is when an interpreter accepted, if one did (the request may have been
	// completed or cancelled since).
	AcceptedAt *time.Time
}

// Month is a calendar month in the deployment's zone.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "2026-11".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return Month{}, fmt.Errorf("%q is not a month (YYYY-MM)", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

// MonthOf is the month t falls in, in loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	t = t.In(loc)
	return Month{t.Year(), t.Month()}
}

// String is "2026-11".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Start is the first instant of the month in loc.
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// Add is the month n months later (earlier for negative n).
func (m Month) Add(n int) Month {
	t := time.Date(m.Year, m.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return Month{t.Year(), t.Month()}
}

// Before reports whether m comes before o.
func (m Month) Before(o Month) bool {
	return m.Year < o.Year || m.Year == o.Year && m.Month < o.Month
}

// MaxReportMonths bounds one report's period.
const MaxReportMonths = 36

// DefaultReportMonths is the period of a report without a start month: this month and
// the five before it.
const DefaultReportMonths = 6

// ReportInput is a report's filters as typed: months "YYYY-MM" and a language tag, any
// of them empty.
type ReportInput struct {
	From, To, Language string
}

// ReportQuery is a checked report filter: every month from From to To inclusive, one
// language or all ("").
type ReportQuery struct {
	From, To Month
	Language string
}

// Normalize checks the filters: an empty To is this month, an empty From is
// DefaultReportMonths before To; the period is at most MaxReportMonths.
func (in ReportInput) Normalize(now time.Time, loc *time.Location) (ReportQuery, error) {
	q := ReportQuery{To: MonthOf(now, loc)}
	var err error
	if strings.TrimSpace(in.To) != "" {
		if q.To, err = ParseMonth(in.To); err != nil {
			return q, invalid("to", "%v", err)
		}
	}
	q.From = q.To.Add(1 - DefaultReportMonths)
	if strings.TrimSpace(in.From) != "" {
		if q.From, err = ParseMonth(in.From); err != nil {
			return q, invalid("from", "%v", err)
		}
	}
	switch {
	case q.To.Before(q.From):
		return q, invalid("to", "%s is before %s", q.To, q.From)
	case q.From.Add(MaxReportMonths - 1).Before(q.To):
		return q, invalid("from", "at most %d months", MaxReportMonths)
	}
	if lang := strings.TrimSpace(in.Language); lang != "" {
		if q.Language, err = locale.Canonical(lang); err != nil {
			return q, invalid("language", "%q is not a language tag", lang)
		}
	}
	return q, nil
}

// Months lists the months of the query, oldest first.
func (q ReportQuery) Months() []Month {
	var out []Month
	for m := q.From; !q.To.Before(m); m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

// ReportRow is one language in one month.
type ReportRow struct {
	Language string
	Month    Month
	// Requests made that month; Filled were accepted by an interpreter (even if later
	// completed or cancelled), Fallbacks went to the fallback line, Cancellations were
	// withdrawn.
	Requests, Filled, Fallbacks, Cancellations int
	// FillRate is Filled over the requests that were answered either way (Filled plus
	// Fallbacks); HasFillRate is false when there were none.
	FillRate    float64
	HasFillRate bool
	// MedianAccept and P90Accept are the times from request to acceptance (nearest rank);
	// zero when nothing was accepted.
	MedianAccept, P90Accept time.Duration
}

// Report is the answer to a query: one row per language and month that had requests,
// by language then month, and the languages seen in the period before the language
// filter, for choosing one.
type Report struct {
	Query     ReportQuery
	Rows      []ReportRow
	Languages []string
}

// BuildReport aggregates records (the query's period, any language) for q, months
// counted in loc.
func BuildReport(records []ReportRecord, q ReportQuery, loc *time.Location) *Report {
	type key struct {
		lang  string
		month Month
	}
	rows := map[key]*ReportRow{}
	waits := map[key][]time.Duration{}
	seen := map[string]bool{}
	for _, r := range records {
		m := MonthOf(r.CreatedAt, loc)
		if m.Before(q.From) || q.To.Before(m) {
			continue
		}
		seen[r.Language] = true
		if q.Language != "" && r.Language != q.Language {
			continue
		}
		k := key{r.Language, m}
		row := rows[k]
		if row == nil {
			row = &ReportRow{Language: r.Language, Month: m}
			rows[k] = row
		}
		row.Requests++
		if r.AcceptedAt != nil {
			row.Filled++
			waits[k] = append(waits[k], r.AcceptedAt.Sub(r.CreatedAt))
		}
		switch r.Status {
		case StatusFallback:
			row.Fallbacks++
		case StatusCancelled:
			row.Cancellations++
		}
	}
	out := &Report{Query: q, Rows: make([]ReportRow, 0, len(rows))}
	for k, row := range rows {
		if answered := row.Filled + row.Fallbacks; answered > 0 {
			row.FillRate, row.HasFillRate = float64(row.Filled)/float64(answered), true
		}
		row.MedianAccept, row.P90Accept = percentile(waits[k], 50), percentile(waits[k], 90)
		out.Rows = append(out.Rows, *row)
	}
	sort.Slice(out.Rows, func(i, j int) bool {
		a, b := out.Rows[i], out.Rows[j]
		if a.Language != b.Language {
			return a.Language < b.Language
		}
		return a.Month.Before(b.Month)
	})
	for l := range seen {
		out.Languages = append(out.Languages, l)
	}
	sort.Strings(out.Languages)
	return out
}

// percentile is the nearest-rank p-th percentile of ds (0 for none): the smallest value
// with at least p% of the values at or below it.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := int(math.Ceil(float64(p) / 100 * float64(len(s))))
	return s[max(rank, 1)-1]
}

// Report aggregates requests per language and month for coordinators and admins.
func (s *Service) Report(ctx context.Context, actor *auth.User, in ReportInput) (*Report, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	q, err := in.Normalize(s.now(), s.deps.Location)
	if err != nil {
		return nil, err
	}
	var records []ReportRecord
	err = s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		records, err = tx.ReportRecords(ctx, q.From.Start(s.deps.Location), q.To.Add(1).Start(s.deps.Location))
		return err
	})
	if err != nil {
		return nil, err
	}
	return BuildReport(records, q, s.deps.Location), nil
}
