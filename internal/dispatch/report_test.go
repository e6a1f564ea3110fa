package dispatch

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/apperr"
)

func TestBuildReport(t *testing.T) {
	toronto, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, toronto)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	rec := func(lang string, st Status, created string, wait time.Duration) ReportRecord {
		r := ReportRecord{Language: lang, Status: st, CreatedAt: at(created).UTC()}
		if wait > 0 {
			a := r.CreatedAt.Add(wait)
			r.AcceptedAt = &a
		}
		return r
	}
	oct, nov := Month{2026, time.October}, Month{2026, time.November}
	all := ReportQuery{From: oct, To: nov}
	tests := []struct {
		name      string
		records   []ReportRecord
		query     ReportQuery
		want      []ReportRow
		languages []string
	}{
		{name: "nothing", query: all, want: []ReportRow{}},
		{
			name: "outcomes and waits",
			records: []ReportRecord{
				rec("ar", StatusAccepted, "2026-11-02 10:00:00", 30*time.Second),
				rec("ar", StatusCompleted, "2026-11-03 10:00:00", 90*time.Second),
				rec("ar", StatusCancelled, "2026-11-04 10:00:00", 60*time.Second), // accepted, then withdrawn
				rec("ar", StatusFallback, "2026-11-05 10:00:00", 0),
				rec("ar", StatusCancelled, "2026-11-06 10:00:00", 0),
				rec("ar", StatusOffered, "2026-11-07 10:00:00", 0),
			},
			query: all,
			want: []ReportRow{{Language: "ar", Month: nov, Requests: 6, Filled: 3, Fallbacks: 1, Cancellations: 2,
				FillRate: 0.75, HasFillRate: true, MedianAccept: 60 * time.Second, P90Accept: 90 * time.Second}},
			languages: []string{"ar"},
		},
		{
			name: "months in the deployment's zone, sorted by language then month",
			records: []ReportRecord{
				rec("so", StatusFallback, "2026-10-31 23:30:00", 0), // 03:30 UTC on 1 November: still October here
				rec("fa", StatusAccepted, "2026-11-01 00:10:00", 2*time.Minute),
				rec("so", StatusAccepted, "2026-11-01 00:10:00", 4*time.Minute),
			},
			query: all,
			want: []ReportRow{
				{Language: "fa", Month: nov, Requests: 1, Filled: 1, FillRate: 1, HasFillRate: true, MedianAccept: 2 * time.Minute, P90Accept: 2 * time.Minute},
				{Language: "so", Month: oct, Requests: 1, Fallbacks: 1, FillRate: 0, HasFillRate: true},
				{Language: "so", Month: nov, Requests: 1, Filled: 1, FillRate: 1, HasFillRate: true, MedianAccept: 4 * time.Minute, P90Accept: 4 * time.Minute},
			},
			languages: []string{"fa", "so"},
		},
		{
			name: "language filter keeps the list of languages",
			records: []ReportRecord{
				rec("fa", StatusCancelled, "2026-11-01 12:00:00", 0),
				rec("so", StatusCancelled, "2026-11-01 12:00:00", 0),
			},
			query:     ReportQuery{From: oct, To: nov, Language: "so"},
			want:      []ReportRow{{Language: "so", Month: nov, Requests: 1, Cancellations: 1}},
			languages: []string{"fa", "so"},
		},
		{
			name: "outside the period",
			records: []ReportRecord{
				rec("ar", StatusAccepted, "2026-09-30 23:59:59", time.Second),
				rec("ar", StatusAccepted, "2026-12-01 00:00:00", time.Second),
			},
			query: all,
			want:  []ReportRow{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BuildReport(tt.records, tt.query, toronto)
			if diff := cmp.Diff(tt.want, got.Rows); diff != "" {
				t.Fatalf("Rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.languages, got.Languages); diff != "" {
				t.Fatalf("Languages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	s := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Second)
		}
		return out
	}
	tests := []struct {
		name string
		in   []time.Duration
		p    int
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", s(7), 90, 7 * time.Second},
		{"median of four is the second", s(40, 10, 30, 20), 50, 20 * time.Second},
		{"p90 of ten is the ninth", s(1, 2, 3, 4, 5, 6, 7, 8, 9, 100), 90, 9 * time.Second},
		{"p90 of eleven is the tenth", s(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100), 90, 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.in, tt.p); got != tt.want {
				t.Fatalf("percentile=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestReportInputNormalize(t *testing.T) {
	toronto, _ := time.LoadLocation("America/Toronto")
	now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC) // still 30 November in Toronto
	tests := []struct {
		name    string
		in      ReportInput
		want    ReportQuery
		wantErr string // the field at fault
	}{
		{name: "defaults: six months to this one", want: ReportQuery{From: Month{2026, time.June}, To: Month{2026, time.November}}},
		{name: "explicit", in: ReportInput{From: "2025-01", To: "2025-03", Language: "fa-af"},
			want: ReportQuery{From: Month{2025, time.January}, To: Month{2025, time.March}, Language: "fa-AF"}},
		{name: "bad month", in: ReportInput{From: "2025-13"}, wantErr: "from"},
		{name: "to before from", in: ReportInput{From: "2025-03", To: "2025-01"}, wantErr: "to"},
		{name: "too long", in: ReportInput{From: "2020-01", To: "2025-01"}, wantErr: "from"},
		{name: "bad language", in: ReportInput{Language: "not a tag!"}, wantErr: "language"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Normalize(now, toronto)
			if tt.wantErr != "" {
				if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldOf(err) != tt.wantErr {
					t.Fatalf("err=%v, want invalid %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("Normalize=%+v, want %+v", got, tt.want)
			}
		})
	}
}
