package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/schedule"
	"github.com/outreach-project/outreach/internal/store"
)

// TestListAudit: filters by action, actor (id or email), subject and time, newest
// first, paged by sequence number.
func TestListAudit(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		c := mustUser(t, o, "c@example.org", auth.Coordinator)
		events := []audit.Event{
			{At: t0, ActorID: c.ID, Action: audit.BreakGlass, Subject: "request:1", Detail: "a reason"},
			{At: t0.Add(time.Hour), Action: audit.ChangeRequest, Subject: "request:1", Detail: "fallback"},
			{At: t0.Add(2 * time.Hour), ActorID: c.ID, Action: audit.ReadRequest, Subject: "request:2", Detail: "metadata"},
		}
		for _, e := range events {
			if err := o.Audits.Append(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name string
			f    audit.Filter
			want []int64
		}{
			{name: "all, newest first", want: []int64{3, 2, 1}},
			{name: "action", f: audit.Filter{Action: audit.BreakGlass}, want: []int64{1}},
			{name: "actor id", f: audit.Filter{ActorID: c.ID}, want: []int64{3, 1}},
			{name: "actor email", f: audit.Filter{ActorEmail: "c@example.org"}, want: []int64{3, 1}},
			{name: "unknown email", f: audit.Filter{ActorEmail: "nobody@example.org"}},
			{name: "subject", f: audit.Filter{Subject: "request:1"}, want: []int64{2, 1}},
			{name: "from inclusive, to exclusive", f: audit.Filter{From: t0.Add(time.Hour), To: t0.Add(2 * time.Hour)}, want: []int64{2}},
			{name: "page", f: audit.Filter{Before: 3, Limit: 1}, want: []int64{2}},
		}
		for _, tt := range tests {
			var got []audit.Entry
			inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
				var err error
				got, err = tx.ListAudit(ctx, tt.f)
				return err
			})
			var seqs []int64
			for _, e := range got {
				seqs = append(seqs, e.Seq)
			}
			if diff := cmp.Diff(tt.want, seqs); diff != "" {
				t.Fatalf("%s: ListAudit seqs (-want +got):\n%s", tt.name, diff)
			}
			if len(got) > 0 && got[len(got)-1].Seq == 1 && (got[len(got)-1].ActorEmail != "c@example.org" || !got[len(got)-1].At.Equal(t0)) {
				t.Fatalf("%s: first event=%+v, want its actor's email and time", tt.name, got[len(got)-1])
			}
		}
	})
}

// TestUpdateInterpreter: the profile's name, phone, locale, gender and skills change;
// the email and vetting dates do not; the active flag is set on its own.
func TestUpdateInterpreter(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		i := mustInterpreter(t, o, "a@example.org", "ar", "fr")
		changed := *i
		changed.Name, changed.Phone, changed.PreferredLocale, changed.Gender = "Amal", "+14165550123", "ar", "male"
		changed.Languages, changed.Modalities = []string{"fa", "prs"}, []dispatch.Modality{dispatch.InPerson}
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			if err := tx.UpdateInterpreter(ctx, &changed); err != nil {
				return err
			}
			got, err := tx.GetInterpreter(ctx, i.ID)
			if err != nil {
				return err
			}
			want := changed
			want.Email = "a@example.org"
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Fatalf("after UpdateInterpreter (-want +got):\n%s", diff)
			}
			if err := tx.SetInterpreterActive(ctx, i.ID, false); err != nil {
				return err
			}
			if got, _ := tx.GetInterpreter(ctx, i.ID); got.Active {
				t.Fatalf("Active=%v after SetInterpreterActive(false), want false", got.Active)
			}
			if err := tx.SetInterpreterActive(ctx, i.ID, true); err != nil {
				return err
			}
			if got, _ := tx.GetInterpreter(ctx, i.ID); !got.Active {
				t.Fatalf("Active=%v after SetInterpreterActive(true), want true", got.Active)
			}
			return nil
		})
	})
}

// TestListRequestsOpenOrChanged: the board's filter keeps open and offered requests
// whatever their age, and closed ones changed since the cut-off.
func TestListRequestsOpenOrChanged(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		adv := mustUser(t, o, "adv@example.org", auth.Advocate)
		var ids = map[string]int64{}
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			for _, c := range []struct {
				name    string
				status  dispatch.Status
				updated time.Time
			}{
				{"old open", dispatch.StatusOpen, t0.Add(-72 * time.Hour)},
				{"old offered", dispatch.StatusOffered, t0.Add(-72 * time.Hour)},
				{"old accepted", dispatch.StatusAccepted, t0.Add(-72 * time.Hour)},
				{"new cancelled", dispatch.StatusCancelled, t0},
			} {
				r := newRequest(adv.ID)
				r.Status, r.CreatedAt, r.UpdatedAt = c.status, c.updated, c.updated
				if err := tx.InsertRequest(ctx, r); err != nil {
					return err
				}
				ids[c.name] = r.ID
			}
			got, err := tx.ListRequests(ctx, dispatch.RequestFilter{OpenOrChangedSince: t0.Add(-24 * time.Hour)})
			if err != nil {
				return err
			}
			var gotIDs []int64
			for _, r := range got {
				gotIDs = append(gotIDs, r.ID)
			}
			want := []int64{ids["new cancelled"], ids["old offered"], ids["old open"]}
			if diff := cmp.Diff(want, gotIDs); diff != "" {
				t.Fatalf("ListRequests(OpenOrChangedSince) (-want +got):\n%s", diff)
			}
			return nil
		})
	})
}

// TestBoard: coordinators see waiting requests first with their step, its targets and
// deadline, then recently closed ones; metadata only; other roles are refused.
func TestBoard(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		ctx := context.Background()
		prim := w.addInterpreter(t, "prim", true, "ar")
		w.shift(t, prim, "ar", schedule.Primary)
		w.policy(t, "default", step(60, dispatch.TargetPrimary), step(60, dispatch.TargetAllQualified))
		first := w.request(t, dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Now, DurationMinutes: 30,
			CaseType: dispatch.SexualViolence, Notes: "SENTINEL"})
		w.clock.Advance(time.Minute)
		closed := w.request(t, dispatch.RequestInput{})
		if _, err := w.svc.Cancel(ctx, w.advocate, closed.ID); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(2 * time.Minute)
		items, err := w.svc.Board(ctx, w.coordinator)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 || items[0].ID != first.ID || items[1].ID != closed.ID {
			t.Fatalf("Board=%+v, want the waiting request then the cancelled one", items)
		}
		b := items[0]
		deadline := t0.Add(time.Minute) // the first step's timeout, from creation
		if b.Step != 1 || b.Steps != 2 || !cmp.Equal(b.StepTargets, []dispatch.Target{dispatch.TargetPrimary}) ||
			b.DeadlineAt == nil || !b.DeadlineAt.Equal(deadline) || b.Waiting != 3*time.Minute || !b.Confidential {
			t.Fatalf("waiting item=%+v, want step 1 of 2 (primary), deadline %v, waiting 3m", b, deadline)
		}
		if c := items[1]; c.DeadlineAt != nil || c.StepTargets != nil || c.Waiting != 0 || c.Status != dispatch.StatusCancelled {
			t.Fatalf("closed item=%+v, want no deadline or targets, waited 0", c)
		}
		w.clock.Advance(dispatch.BoardRecent)
		if items, _ := w.svc.Board(ctx, w.coordinator); len(items) != 1 || items[0].ID != first.ID {
			t.Fatalf("a day later Board=%+v, want only the waiting request", items)
		}
		for _, u := range []*auth.User{w.advocate, w.users[prim.ID]} {
			if _, err := w.svc.Board(ctx, u); apperr.CodeOf(err) != apperr.Forbidden {
				t.Fatalf("Board as %s error=%v, want forbidden", u.Role, err)
			}
		}
	})
}

// TestCoverageAndRotationSlots: adding weekly slots through the service, the gaps of
// a period, and that a deactivated interpreter covers nothing.
func TestCoverageAndRotationSlots(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		ctx := context.Background()
		a := w.addInterpreter(t, "a", true, "ar")
		b := w.addInterpreter(t, "b", true, "ar")
		// t0 is Wednesday 2026-11-25 02:00 UTC, Tuesday 21:00 in Toronto.
		if err := w.svc.AddRotationSlot(ctx, w.coordinator, "ar", schedule.Primary, schedule.NewSlot(time.Wednesday, "00:00", "12:00", a.ID)); err != nil {
			t.Fatal(err)
		}
		err := w.svc.AddRotationSlot(ctx, w.coordinator, "ar", schedule.Primary, schedule.NewSlot(time.Wednesday, "11:00", "13:00", b.ID))
		if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldOf(err) != "start" {
			t.Fatalf("overlapping slot error=%v field=%q, want invalid on start", err, apperr.FieldOf(err))
		}
		err = w.svc.AddRotationSlot(ctx, w.coordinator, "ar", schedule.Primary, schedule.NewSlot(time.Wednesday, "25:00", "13:00", b.ID))
		if apperr.FieldOf(err) != "start" {
			t.Fatalf("bad time error=%v field=%q, want start", err, apperr.FieldOf(err))
		}
		if err := w.svc.AddRotationSlot(ctx, w.users[a.ID], "ar", schedule.Primary, schedule.NewSlot(time.Thursday, "00:00", "12:00", a.ID)); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("interpreter adding a slot error=%v, want forbidden", err)
		}
		sh := &schedule.Shift{InterpreterID: b.ID, Language: "ar", Level: schedule.Secondary, StartsAt: t0.Add(15 * time.Hour), EndsAt: t0.Add(16 * time.Hour)}
		if err := w.svc.AddShift(ctx, w.coordinator, sh); err != nil {
			t.Fatal(err)
		}
		from, to := t0, t0.Add(24*time.Hour)
		c, err := w.svc.Coverage(ctx, w.coordinator, "ar", from, to)
		if err != nil {
			t.Fatal(err)
		}
		// a is on call Wednesday 00:00-12:00 Toronto = 05:00-17:00 UTC; b 17:00-18:00 UTC.
		want := []schedule.Span{{From: t0, To: t0.Add(3 * time.Hour)}, {From: t0.Add(16 * time.Hour), To: to}}
		if diff := cmp.Diff(want, c.Gaps); diff != "" || len(c.Rotation) != 1 || len(c.Shifts) != 1 {
			t.Fatalf("Coverage gaps (-want +got):\n%s\nrotation=%v shifts=%v", diff, c.Rotation, c.Shifts)
		}
		if err := w.svc.SetInterpreterActive(ctx, w.coordinator, a.ID, false); err != nil {
			t.Fatal(err)
		}
		c, _ = w.svc.Coverage(ctx, w.coordinator, "ar", from, to)
		want = []schedule.Span{{From: t0, To: t0.Add(15 * time.Hour)}, {From: t0.Add(16 * time.Hour), To: to}}
		if diff := cmp.Diff(want, c.Gaps); diff != "" {
			t.Fatalf("gaps with a deactivated (-want +got):\n%s", diff)
		}
		if _, err := w.svc.Coverage(ctx, w.coordinator, "ar", from, from.Add(40*24*time.Hour)); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("Coverage over 40 days error=%v, want invalid", err)
		}
	})
}

// TestInterpreterEditAndDeactivation: coordinators edit a profile (not its email or
// vetting) and deactivate it; a deactivated interpreter gets no offers; both audited.
func TestInterpreterEditAndDeactivation(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		ctx := context.Background()
		a := w.addInterpreter(t, "a", true, "ar")
		in := dispatch.InterpreterInput{Name: "Amal", Email: "other@example.org", Languages: []string{"ar", "fa"}, Modalities: []dispatch.Modality{dispatch.Phone}}
		got, err := w.svc.UpdateInterpreter(ctx, w.coordinator, a.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Amal" || got.Email != a.Email || got.BackgroundCheckOn == nil || !cmp.Equal(got.Languages, []string{"ar", "fa"}) {
			t.Fatalf("UpdateInterpreter=%+v, want the new name and languages, the old email and vetting", got)
		}
		if _, err := w.svc.UpdateInterpreter(ctx, w.coordinator, a.ID, dispatch.InterpreterInput{Name: "Amal"}); apperr.FieldOf(err) != "languages" {
			t.Fatalf("UpdateInterpreter without languages error=%v, want a languages field error", err)
		}
		if _, err := w.svc.UpdateInterpreter(ctx, w.advocate, a.ID, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("advocate UpdateInterpreter error=%v, want forbidden", err)
		}
		if err := w.svc.SetInterpreterActive(ctx, w.coordinator, 9999, false); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("SetInterpreterActive(9999) error=%v, want not_found", err)
		}
		if err := w.svc.SetInterpreterActive(ctx, w.coordinator, a.ID, false); err != nil {
			t.Fatal(err)
		}
		w.policy(t, "default", step(60, dispatch.TargetAllQualified))
		starts := t0.Add(48 * time.Hour)
		r := w.request(t, dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Scheduled,
			StartsAt: &starts, DurationMinutes: 60, CaseType: dispatch.General})
		if p := w.pending(t, r.ID); len(p) != 0 {
			t.Fatalf("offers to a deactivated interpreter: %v", p)
		}
		page, err := w.svc.AuditLog(ctx, w.coordinator, audit.Filter{Subject: "interpreter:" + strconv.FormatInt(a.ID, 10)})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range page.Entries {
			actions = append(actions, e.Action)
		}
		if diff := cmp.Diff([]string{audit.InterpreterDeactivated, audit.InterpreterChanged, audit.VettingRecorded}, actions); diff != "" {
			t.Fatalf("audit of the interpreter (-want +got):\n%s", diff)
		}
	})
}

// TestAuditLogService: pages, validation and roles.
func TestAuditLogService(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		ctx := context.Background()
		for i := 0; i < dispatch.AuditPageSize+5; i++ {
			if err := o.Audits.Append(ctx, audit.Event{At: t0, Action: audit.SignIn, Subject: "staff"}); err != nil {
				t.Fatal(err)
			}
		}
		page, err := w.svc.AuditLog(ctx, w.coordinator, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Entries) != dispatch.AuditPageSize || page.Next != page.Entries[len(page.Entries)-1].Seq {
			t.Fatalf("first page: %d entries, next %d, want %d and the last seq", len(page.Entries), page.Next, dispatch.AuditPageSize)
		}
		page, err = w.svc.AuditLog(ctx, w.coordinator, audit.Filter{Before: page.Next})
		if err != nil || len(page.Entries) != 5 || page.Next != 0 {
			t.Fatalf("second page: %d entries, next %d, %v; want 5 and no next", len(page.Entries), page.Next, err)
		}
		if _, err := w.svc.AuditLog(ctx, w.coordinator, audit.Filter{From: t0, To: t0}); apperr.FieldOf(err) != "to" {
			t.Fatalf("empty range error=%v, want a field error on to", err)
		}
		for _, u := range []*auth.User{w.advocate, {ID: 99, Role: auth.Interpreter, Active: true}} {
			if _, err := w.svc.AuditLog(ctx, u, audit.Filter{}); apperr.CodeOf(err) != apperr.Forbidden {
				t.Fatalf("AuditLog as %s error=%v, want forbidden", u.Role, err)
			}
		}
	})
}
