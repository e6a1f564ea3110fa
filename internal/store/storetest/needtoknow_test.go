package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/schedule"
	"github.com/outreach-project/outreach/internal/store"
)

// TestNeedToKnow puts one interpreter's offer in every state, on a confidential and an
// ordinary request, and checks what the interpreter may see and do: a pending offer shows
// what deciding needs (for an ordinary request also the location and notes, never the
// case type or who asked), the assignment shows everything, and every other state is
// 404 — for the request and for completing it.
func TestNeedToKnow(t *testing.T) {
	type outcome int
	const (
		hidden outcome = iota
		decide
		full
	)
	states := []struct {
		name string
		to   func(w *world, me *auth.User, offerID int64, r *dispatch.RequestView) error
		want outcome
	}{
		{"pending", nil, decide},
		{"accepted", func(w *world, me *auth.User, id int64, _ *dispatch.RequestView) error {
			_, err := w.svc.Accept(context.Background(), me, id)
			return err
		}, full},
		{"declined", func(w *world, me *auth.User, id int64, _ *dispatch.RequestView) error {
			_, err := w.svc.Decline(context.Background(), me, id)
			return err
		}, hidden},
		{"conflict", func(w *world, me *auth.User, id int64, _ *dispatch.RequestView) error {
			_, err := w.svc.Conflict(context.Background(), me, id)
			return err
		}, hidden},
		{"withdrawn", func(w *world, _ *auth.User, _ int64, r *dispatch.RequestView) error {
			_, err := w.svc.Accept(context.Background(), w.users[w.interp["rival"].ID], w.pending(nil, r.ID)["rival"])
			return err
		}, hidden},
		{"expired", func(w *world, _ *auth.User, _ int64, r *dispatch.RequestView) error {
			w.clock.Advance(2 * time.Minute)
			return w.svc.Deadline(context.Background(), r.ID, 1)
		}, hidden},
		{"undeliverable", func(w *world, _ *auth.User, id int64, _ *dispatch.RequestView) error {
			return w.svc.Unreachable(context.Background(), id)
		}, hidden},
	}
	for _, kind := range []dispatch.CaseType{dispatch.DomesticViolence, dispatch.General} {
		for _, st := range states {
			t.Run(string(kind)+" "+st.name, func(t *testing.T) {
				each(t, func(t *testing.T, o *store.Opened) {
					ctx := context.Background()
					w := newWorld(t, o)
					me := w.addInterpreter(t, "me", true, "ar")
					rival := w.addInterpreter(t, "rival", true, "ar")
					w.shift(t, me, "ar", schedule.Primary)
					w.shift(t, rival, "ar", schedule.Primary)
					w.policy(t, "ar", step(60, dispatch.TargetPrimary))
					r := w.request(t, dispatch.RequestInput{Language: "ar", Modality: dispatch.InPerson, Urgency: dispatch.Now, DurationMinutes: 45,
						CaseType: kind, Location: "SECRET-LOCATION", Notes: "SECRET-NOTES"})
					offerID := w.pending(t, r.ID)["me"]
					user := w.users[me.ID]
					if st.to != nil {
						if err := st.to(w, user, offerID, r); err != nil {
							t.Fatal(err)
						}
					}
					v, err := w.svc.Request(ctx, user, r.ID)
					switch st.want {
					case hidden:
						if apperr.CodeOf(err) != apperr.NotFound {
							t.Fatalf("Request: %+v %v, want not_found", v, err)
						}
					case decide:
						if err != nil {
							t.Fatal(err)
						}
						ordinary := kind == dispatch.General
						if v.Details || v.CaseType != "" || v.AdvocateID != 0 || v.AssignedInterpreterID != nil || v.Language != "ar" || v.DurationMinutes != 45 ||
							(v.Location == "SECRET-LOCATION") != ordinary || (v.Notes == "SECRET-NOTES") != ordinary {
							t.Fatalf("pending offer shows %+v", v)
						}
					case full:
						if err != nil || !v.Details || v.Notes != "SECRET-NOTES" {
							t.Fatalf("assigned: %+v %v, want the details", v, err)
						}
					}
					offers, err := w.svc.Offers(ctx, user, "")
					if err != nil || len(offers) != 1 {
						t.Fatalf("Offers=%v,%v", offers, err)
					}
					if (offers[0].Request != nil) != (st.want != hidden) {
						t.Fatalf("offer in state %s carries request %+v", offers[0].Status, offers[0].Request)
					}
					_, err = w.svc.Complete(ctx, user, r.ID)
					if st.want != full && apperr.CodeOf(err) != apperr.NotFound {
						t.Fatalf("Complete by an interpreter not assigned: %v, want not_found", err)
					}
					if st.want == full && err != nil {
						t.Fatalf("Complete by the assigned interpreter: %v", err)
					}
				})
			})
		}
	}
}

// TestOnlyAssignedCompletes: on an ordinary request, the interpreter who declined cannot
// complete it once someone else is assigned.
func TestOnlyAssignedCompletes(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		w := newWorld(t, o)
		a := w.addInterpreter(t, "a", true, "ar")
		b := w.addInterpreter(t, "b", true, "ar")
		w.shift(t, a, "ar", schedule.Primary)
		w.shift(t, b, "ar", schedule.Primary)
		w.policy(t, "ar", step(60, dispatch.TargetPrimary))
		r := w.request(t, dispatch.RequestInput{})
		p := w.pending(t, r.ID)
		if _, err := w.svc.Decline(ctx, w.users[a.ID], p["a"]); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Accept(ctx, w.users[b.ID], p["b"]); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Complete(ctx, w.users[a.ID], r.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("Complete by the one who declined: %v, want not_found", err)
		}
		if v, err := w.svc.Complete(ctx, w.advocate, r.ID); err != nil || v.Status != dispatch.StatusCompleted {
			t.Fatalf("Complete by the advocate: %+v %v", v, err)
		}
	})
}

// TestSockPuppetInterpreter reproduces the hole: under the two-person rule, a coordinator
// who creates an interpreter with typed-in vetting dates does not get a vetted
// interpreter; confidential requests are not offered to it until someone else attests.
func TestSockPuppetInterpreter(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		w := newWorldWith(t, o, func(d *dispatch.Deps) { d.VettingTwoPersonRule = true })
		puppet := w.addInterpreter(t, "puppet", true, "ar")
		if puppet.Vetted() {
			t.Fatalf("the creator's own dates count as attested: %+v", puppet)
		}
		w.shift(t, puppet, "ar", schedule.Primary)
		w.policy(t, "ar", step(60, dispatch.TargetPrimary))
		r := w.request(t, dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Now, DurationMinutes: 30, CaseType: dispatch.SexualViolence})
		if got := w.pending(t, r.ID); len(got) != 0 {
			t.Fatalf("confidential request offered to an unattested interpreter: %v", got)
		}
		d, _ := dispatch.ParseDate("2026-02-01")
		in := dispatch.VettingInput{BackgroundCheckOn: &d, DVTrainingOn: &d}
		if _, err := w.svc.AttestVetting(ctx, w.coordinator, puppet.ID, in); apperr.KeyOf(err) != dispatch.KeyTwoPersonRule {
			t.Fatalf("creator attesting: %v, want the two-person rule", err)
		}
		second := mustUser(t, o, "second@example.org", auth.Coordinator)
		i, err := w.svc.AttestVetting(ctx, second, puppet.ID, in)
		if err != nil || !i.Vetted() || *i.VettingAttestedBy != second.ID {
			t.Fatalf("second coordinator attesting: %+v %v", i, err)
		}
		if _, err := w.svc.VettingHistory(ctx, second); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("history for a coordinator: %v, want forbidden", err)
		}
		admin := mustUser(t, o, "admin@example.org", auth.Admin)
		hist, err := w.svc.VettingHistory(ctx, admin)
		if err != nil || len(hist) != 2 || !hist[0].Attested || hist[0].RecordedBy != second.ID || hist[1].Attested || hist[1].RecordedBy != w.coordinator.ID {
			t.Fatalf("history=%+v %v, want the attestation then the unattested record", hist, err)
		}
		r2 := w.request(t, dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Now, DurationMinutes: 30, CaseType: dispatch.SexualViolence})
		if got := w.pending(t, r2.ID); !keys(got)["puppet"] {
			t.Fatalf("attested interpreter not offered: %v", got)
		}
	})
}

func TestBreakGlassLimits(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		w := newWorld(t, o)
		reason := "Advocate unreachable; interpreter needs the address"
		ordinary := w.request(t, dispatch.RequestInput{})
		if _, err := w.svc.BreakGlass(ctx, w.coordinator, ordinary.ID, reason); apperr.KeyOf(err) != dispatch.KeyNotConfidential {
			t.Fatalf("break-glass on an ordinary request: %v, want %s", err, dispatch.KeyNotConfidential)
		}
		conf := func() int64 {
			return w.request(t, dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Now, DurationMinutes: 30, CaseType: dispatch.DomesticViolence}).ID
		}
		first := conf()
		if _, err := w.svc.BreakGlass(ctx, w.coordinator, first, reason); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.BreakGlass(ctx, w.coordinator, first, reason); apperr.KeyOf(err) != dispatch.KeyBreakGlassOpen {
			t.Fatalf("second open grant: %v, want %s", err, dispatch.KeyBreakGlassOpen)
		}
		for i := 1; i < dispatch.MaxBreakGlassPerDay; i++ {
			if _, err := w.svc.BreakGlass(ctx, w.coordinator, conf(), reason); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.BreakGlass(ctx, w.coordinator, conf(), reason); apperr.KeyOf(err) != dispatch.KeyTooManyBreakGlass {
			t.Fatalf("grant %d in a day: %v, want %s", dispatch.MaxBreakGlassPerDay+1, err, dispatch.KeyTooManyBreakGlass)
		}
		admin := mustUser(t, o, "admin@example.org", auth.Admin)
		grants, err := w.svc.BreakGlassGrants(ctx, admin, t0.Add(-time.Hour))
		if err != nil || len(grants) != dispatch.MaxBreakGlassPerDay || !strings.Contains(grants[0].Reason, "unreachable") {
			t.Fatalf("grants listed for admins: %d %v", len(grants), err)
		}
		if _, err := w.svc.BreakGlassGrants(ctx, w.coordinator, t0); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("grants listed for a coordinator: %v", err)
		}
	})
}
