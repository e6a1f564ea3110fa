package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/schedule"
	"github.com/outreach-project/outreach/internal/store"
)

func TestReportRecords(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		w := newWorld(t, o)
		hana := w.addInterpreter(t, "hana", true, "ar")
		w.shift(t, hana, "ar", schedule.Primary)
		w.shift(t, w.addInterpreter(t, "leila", true, "fa"), "fa", schedule.Primary)
		w.policy(t, dispatch.DefaultPolicyLanguage, step(60, dispatch.TargetPrimary))

		accepted := w.request(t, dispatch.RequestInput{}) // Arabic, offered to hana
		w.clock.Advance(45 * time.Second)
		if _, err := w.svc.Accept(ctx, w.users[hana.ID], w.pending(t, accepted.ID)["hana"]); err != nil {
			t.Fatal(err)
		}
		acceptedAt := w.clock.Now()
		w.clock.Advance(time.Minute)
		cancelled := w.request(t, dispatch.RequestInput{Language: "fa", Modality: dispatch.Phone, Urgency: dispatch.Now, DurationMinutes: 30,
			CaseType: dispatch.SexualViolence, Notes: "SENTINEL"})
		if _, err := w.svc.Cancel(ctx, w.advocate, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		fallback := w.request(t, dispatch.RequestInput{Language: "so", Modality: dispatch.Phone, Urgency: dispatch.Now, DurationMinutes: 30, CaseType: dispatch.General})
		if fallback.Status != dispatch.StatusFallback {
			t.Fatalf("Status=%v, want %v (no Somali interpreter)", fallback.Status, dispatch.StatusFallback)
		}

		var got []dispatch.ReportRecord
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			var err error
			got, err = tx.ReportRecords(ctx, t0, t0.Add(time.Hour))
			return err
		})
		want := []dispatch.ReportRecord{
			{Language: "ar", Status: dispatch.StatusAccepted, CreatedAt: t0, AcceptedAt: &acceptedAt},
			{Language: "fa", Status: dispatch.StatusCancelled, CreatedAt: cancelled.CreatedAt},
			{Language: "so", Status: dispatch.StatusFallback, CreatedAt: fallback.CreatedAt},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("ReportRecords (-want +got):\n%s", diff)
		}
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			var err error
			got, err = tx.ReportRecords(ctx, t0.Add(time.Second), t0.Add(time.Hour))
			return err
		})
		if len(got) != 2 {
			t.Fatalf("ReportRecords from t0+1s: %d records, want 2 (from is inclusive, the first request is before it)", len(got))
		}

		r, err := w.svc.Report(ctx, w.coordinator, dispatch.ReportInput{From: "2026-11", To: "2026-11"})
		if err != nil {
			t.Fatal(err)
		}
		nov := dispatch.Month{Year: 2026, Month: time.November}
		wantRows := []dispatch.ReportRow{
			{Language: "ar", Month: nov, Requests: 1, Filled: 1, FillRate: 1, HasFillRate: true, MedianAccept: 45 * time.Second, P90Accept: 45 * time.Second},
			{Language: "fa", Month: nov, Requests: 1, Cancellations: 1},
			{Language: "so", Month: nov, Requests: 1, Fallbacks: 1, HasFillRate: true},
		}
		if diff := cmp.Diff(wantRows, r.Rows); diff != "" {
			t.Fatalf("Report rows (-want +got):\n%s", diff)
		}
		if _, err := w.svc.Report(ctx, w.advocate, dispatch.ReportInput{}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("Report as advocate: err=%v, want forbidden", err)
		}
	})
}
