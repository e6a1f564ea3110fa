package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/jobs"
	"github.com/outreach-project/outreach/internal/schedule"
	"github.com/outreach-project/outreach/internal/store"
)

// clock is a settable time for the service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// world is a service on a real store with people in it.
type world struct {
	o           *store.Opened
	svc         *dispatch.Service
	clock       *clock
	advocate    *auth.User
	other       *auth.User // another advocate
	coordinator *auth.User
	interp      map[string]*dispatch.Interpreter
	users       map[int64]*auth.User // interpreter id -> user
}

func newWorld(t *testing.T, o *store.Opened) *world {
	t.Helper()
	return newWorldWith(t, o, func(*dispatch.Deps) {})
}

// newWorldWith is newWorld with the service's dependencies changed by adjust first.
func newWorldWith(t *testing.T, o *store.Opened, adjust func(*dispatch.Deps)) *world {
	t.Helper()
	toronto, _ := time.LoadLocation("America/Toronto")
	w := &world{o: o, clock: &clock{t: t0}, interp: map[string]*dispatch.Interpreter{}, users: map[int64]*auth.User{}}
	deps := dispatch.Deps{Store: o.Store, Now: w.clock.Now, Location: toronto, FallbackLine: "1-888-555-0199"}
	adjust(&deps)
	svc, err := dispatch.NewService(deps)
	if err != nil {
		t.Fatal(err)
	}
	w.svc = svc
	w.advocate = mustUser(t, o, "advocate@example.org", auth.Advocate)
	w.other = mustUser(t, o, "other@example.org", auth.Advocate)
	w.coordinator = mustUser(t, o, "coord@example.org", auth.Coordinator)
	return w
}

func (w *world) addInterpreter(t *testing.T, name string, vetted bool, langs ...string) *dispatch.Interpreter {
	t.Helper()
	in := dispatch.InterpreterInput{Name: name, Email: name + "@example.org", Languages: langs, Modalities: []dispatch.Modality{dispatch.Phone, dispatch.Video, dispatch.InPerson}, Gender: "female"}
	if vetted {
		d, _ := dispatch.ParseDate("2026-01-05")
		in.BackgroundCheckOn, in.DVTrainingOn = &d, &d
	}
	i, err := w.svc.CreateInterpreter(context.Background(), w.coordinator, in)
	if err != nil {
		t.Fatal(err)
	}
	w.interp[name] = i
	w.users[i.ID] = &auth.User{ID: i.UserID, Role: auth.Interpreter, Active: true}
	return i
}

func (w *world) shift(t *testing.T, i *dispatch.Interpreter, lang string, level schedule.Level) {
	t.Helper()
	now := w.clock.Now()
	sh := &schedule.Shift{InterpreterID: i.ID, Language: lang, Level: level, StartsAt: now.Add(-time.Hour), EndsAt: now.Add(3 * time.Hour)}
	if err := w.svc.AddShift(context.Background(), w.coordinator, sh); err != nil {
		t.Fatal(err)
	}
}

func (w *world) policy(t *testing.T, lang string, steps ...dispatch.Step) {
	t.Helper()
	if err := w.svc.PutPolicy(context.Background(), w.coordinator, &dispatch.Policy{Language: lang, Steps: steps}); err != nil {
		t.Fatal(err)
	}
}

func step(timeout int, targets ...dispatch.Target) dispatch.Step {
	return dispatch.Step{Targets: targets, TimeoutSeconds: timeout}
}

func (w *world) request(t *testing.T, in dispatch.RequestInput) *dispatch.RequestView {
	t.Helper()
	if in.Language == "" {
		in = dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Now, DurationMinutes: 60, CaseType: dispatch.General}
	}
	v, err := w.svc.CreateRequest(context.Background(), w.advocate, in)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// pending returns, by interpreter name, the pending offer ids of a request.
func (w *world) pending(t *testing.T, requestID int64) map[string]int64 {
	out := map[string]int64{}
	err := w.o.Store.InTx(context.Background(), func(ctx context.Context, tx dispatch.Tx) error {
		offers, err := tx.ListOffers(ctx, dispatch.OfferFilter{RequestID: requestID, Status: dispatch.OfferPending})
		for _, o := range offers {
			for name, i := range w.interp {
				if i.ID == o.InterpreterID {
					out[name] = o.ID
				}
			}
		}
		return err
	})
	if err != nil {
		panic(err)
	}
	return out
}

func (w *world) status(t *testing.T, id int64) (dispatch.Status, int) {
	t.Helper()
	v, err := w.svc.Request(context.Background(), w.advocate, id)
	if err != nil {
		t.Fatal(err)
	}
	return v.Status, v.Step
}

func keys(m map[string]int64) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func TestEscalation(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		ctx := context.Background()
		prim := w.addInterpreter(t, "prim", true, "ar")
		sec := w.addInterpreter(t, "sec", true, "ar-SD")
		w.addInterpreter(t, "third", true, "ar")
		w.addInterpreter(t, "farsi", true, "fa")
		w.shift(t, prim, "ar", schedule.Primary)
		w.shift(t, sec, "ar", schedule.Secondary)
		w.shift(t, w.interp["third"], "ar", schedule.Secondary)
		// An empty step (nobody on call for urdu-only targets is impossible to fill) is
		// skipped; the coordinator step alerts coordinators.
		w.policy(t, "ar", step(15, dispatch.TargetPrimary), step(20, dispatch.TargetSecondary), step(30, dispatch.TargetAllQualified), step(15, dispatch.TargetCoordinator))
		r := w.request(t, dispatch.RequestInput{})
		if r.Status != dispatch.StatusOffered || r.Step != 1 || !r.DeadlineAt.Equal(t0.Add(15*time.Second)) {
			t.Fatalf("after create: %s step %d deadline %v, want offered step 1 at +15s", r.Status, r.Step, r.DeadlineAt)
		}
		if got := keys(w.pending(t, r.ID)); len(got) != 1 || !got["prim"] {
			t.Fatalf("step 1 offers %v, want the primary only", got)
		}
		// The job for step 1 fires at +15s: offers move to the secondaries (ordered
		// primary, secondary, least recently assigned).
		w.clock.Advance(15 * time.Second)
		if err := w.svc.Deadline(ctx, r.ID, 1); err != nil {
			t.Fatal(err)
		}
		if got := keys(w.pending(t, r.ID)); len(got) != 2 || !got["sec"] || !got["third"] {
			t.Fatalf("step 2 offers %v, want both secondaries", got)
		}
		// A repeated or stale deadline changes nothing.
		for _, stale := range []int{1, 3} {
			if err := w.svc.Deadline(ctx, r.ID, stale); err != nil {
				t.Fatal(err)
			}
		}
		if st, n := w.status(t, r.ID); st != dispatch.StatusOffered || n != 2 {
			t.Fatalf("after stale deadlines: %s step %d, want offered step 2", st, n)
		}
		w.clock.Advance(20 * time.Second)
		_ = w.svc.Deadline(ctx, r.ID, 2)
		if got := keys(w.pending(t, r.ID)); len(got) != 3 || got["farsi"] {
			t.Fatalf("step 3 offers %v, want every Arabic interpreter and not the Farsi one", got)
		}
		w.clock.Advance(30 * time.Second)
		_ = w.svc.Deadline(ctx, r.ID, 3)
		if st, n := w.status(t, r.ID); st != dispatch.StatusOffered || n != 4 {
			t.Fatalf("coordinator step: %s step %d, want offered step 4", st, n)
		}
		w.clock.Advance(15 * time.Second)
		_ = w.svc.Deadline(ctx, r.ID, 4)
		v, _ := w.svc.Request(ctx, w.advocate, r.ID)
		if v.Status != dispatch.StatusFallback || v.FallbackLine != "1-888-555-0199" || v.DeadlineAt != nil {
			t.Fatalf("after the last step: %+v, want fallback with the line", v)
		}
		var jobs int
		if err := o.SQL.QueryRow("SELECT count(*) FROM river_job WHERE kind = 'escalation_deadline'").Scan(&jobs); err != nil || jobs != 4 {
			t.Fatalf("%d deadline jobs (%v), want one for each of 4 steps", jobs, err)
		}
		var alerts, fallbacks int
		_ = o.SQL.QueryRow("SELECT count(*) FROM notifications WHERE kind = 'coordinator_alert'").Scan(&alerts)
		_ = o.SQL.QueryRow("SELECT count(*) FROM notifications WHERE kind = 'request_fallback'").Scan(&fallbacks)
		if alerts != 1 || fallbacks != 2 {
			t.Fatalf("alerts=%d fallbacks=%d, want 1 and 2 (advocate and coordinator)", alerts, fallbacks)
		}
	})
}

func TestEmptyStepsSkippedAtOnce(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		w.addInterpreter(t, "anyone", true, "so")
		// Nobody on call: urgent requests reach no one, so every step is empty.
		w.policy(t, "default", step(15, dispatch.TargetPrimary), step(15, dispatch.TargetAllQualified))
		r := w.request(t, dispatch.RequestInput{Language: "so", Modality: dispatch.Phone, Urgency: dispatch.Now, DurationMinutes: 30, CaseType: dispatch.General})
		if r.Status != dispatch.StatusFallback {
			t.Fatalf("status %s, want fallback at once when every step is empty", r.Status)
		}
	})
}

func TestDeclineAndConflictMoveOn(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		ctx := context.Background()
		a := w.addInterpreter(t, "a", true, "uk")
		b := w.addInterpreter(t, "b", true, "uk")
		w.shift(t, a, "uk", schedule.Primary)
		w.shift(t, b, "uk", schedule.Secondary)
		w.policy(t, "uk", step(60, dispatch.TargetPrimary), step(60, dispatch.TargetAllQualified))
		r := w.request(t, dispatch.RequestInput{Language: "uk", Modality: dispatch.Video, Urgency: dispatch.Now, DurationMinutes: 30, CaseType: dispatch.General})
		offerA := w.pending(t, r.ID)["a"]
		if _, err := w.svc.Conflict(ctx, w.users[a.ID], offerA); err != nil {
			t.Fatal(err)
		}
		// No one left in step 1: step 2 at once, without a; a is excluded for good.
		if got := keys(w.pending(t, r.ID)); len(got) != 1 || !got["b"] {
			t.Fatalf("after a's conflict: offers %v, want b only", got)
		}
		v, _ := w.svc.Request(ctx, w.advocate, r.ID)
		if len(v.Exclusions) != 1 || v.Exclusions[0] != a.ID {
			t.Fatalf("exclusions %v, want [%d]", v.Exclusions, a.ID)
		}
		if _, err := w.svc.Accept(ctx, w.users[a.ID], offerA); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("accept after conflict: %v, want conflict", err)
		}
		if _, err := w.svc.Decline(ctx, w.users[b.ID], w.pending(t, r.ID)["b"]); err != nil {
			t.Fatal(err)
		}
		if st, _ := w.status(t, r.ID); st != dispatch.StatusFallback {
			t.Fatalf("after everyone refused: %s, want fallback", st)
		}
	})
}

func TestAcceptRaceExactlyOneWins(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		ctx := context.Background()
		const n = 12
		for i := 0; i < n; i++ {
			w.addInterpreter(t, "i"+string(rune('a'+i)), true, "ta")
		}
		w.policy(t, "ta", step(60, dispatch.TargetAllQualified))
		r := w.request(t, dispatch.RequestInput{Language: "ta", Modality: dispatch.Phone, Urgency: dispatch.Scheduled,
			StartsAt: ptr(t0.Add(24 * time.Hour)), DurationMinutes: 30, CaseType: dispatch.General})
		offers := w.pending(t, r.ID)
		if len(offers) != n {
			t.Fatalf("%d offers, want %d", len(offers), n)
		}
		var wg sync.WaitGroup
		results := make(chan error, n)
		for name, id := range offers {
			u := w.users[w.interp[name].ID]
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := w.svc.Accept(ctx, u, id)
				results <- err
			}()
		}
		wg.Wait()
		close(results)
		wins := 0
		for err := range results {
			switch {
			case err == nil:
				wins++
			case apperr.CodeOf(err) == apperr.Conflict:
			default:
				t.Fatalf("accept failed with %v, want success or conflict", err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d accepts won, want exactly 1", wins)
		}
		v, _ := w.svc.Request(ctx, w.advocate, r.ID)
		if v.Status != dispatch.StatusAccepted || v.AssignedInterpreterID == nil || len(w.pending(t, r.ID)) != 0 {
			t.Fatalf("after the race: %+v with pending offers left", v)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestConfidentialAccess(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		ctx := context.Background()
		vetted := w.addInterpreter(t, "vetted", true, "fa")
		unvetted := w.addInterpreter(t, "unvetted", false, "fa")
		w.shift(t, vetted, "fa", schedule.Primary)
		w.shift(t, unvetted, "fa", schedule.Primary)
		w.policy(t, "fa", step(60, dispatch.TargetPrimary))
		r := w.request(t, dispatch.RequestInput{Language: "fa", Modality: dispatch.InPerson, Urgency: dispatch.Now, DurationMinutes: 60,
			CaseType: dispatch.SexualViolence, Location: "SECRET-LOCATION", Notes: "SECRET-NOTES"})
		if !r.Confidential {
			t.Fatalf("sexual-violence request not confidential")
		}
		if got := keys(w.pending(t, r.ID)); len(got) != 1 || !got["vetted"] {
			t.Fatalf("offers %v, want only the vetted interpreter", got)
		}
		me := w.users[vetted.ID]
		check := func(who string, u *auth.User, wantDetails bool, wantFound bool) {
			t.Helper()
			v, err := w.svc.Request(ctx, u, r.ID)
			if !wantFound {
				if apperr.CodeOf(err) != apperr.NotFound {
					t.Fatalf("%s: error=%v, want not_found", who, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", who, err)
			}
			if v.Details != wantDetails || (v.Location == "SECRET-LOCATION") != wantDetails || (v.Notes == "SECRET-NOTES") != wantDetails || (v.CaseType != "") != wantDetails {
				t.Fatalf("%s: details=%v location=%q case=%q, want details %v", who, v.Details, v.Location, v.CaseType, wantDetails)
			}
		}
		check("requesting advocate", w.advocate, true, true)
		check("another advocate", w.other, false, false)
		check("coordinator", w.coordinator, false, true)
		check("offered interpreter before accepting", me, false, true)
		check("unrelated interpreter", w.users[unvetted.ID], false, false)
		offers, err := w.svc.Offers(ctx, me, dispatch.OfferPending)
		if err != nil || len(offers) != 1 || offers[0].Request.Location != "" {
			t.Fatalf("Offers=%v,%v, want one offer without the location", offers, err)
		}
		if _, err := w.svc.Accept(ctx, me, offers[0].ID); err != nil {
			t.Fatal(err)
		}
		check("assigned interpreter", me, true, true)
		check("coordinator after accept", w.coordinator, false, true)
		if _, err := w.svc.Accept(ctx, w.users[unvetted.ID], offers[0].ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("someone else's offer: %v, want not_found", err)
		}
		// A coordinator who asks for an interpreter is that request's requester.
		own, err := w.svc.CreateRequest(ctx, w.coordinator, dispatch.RequestInput{Language: "fa", Modality: dispatch.Phone, Urgency: dispatch.Now,
			DurationMinutes: 30, CaseType: dispatch.DomesticViolence, Notes: "SECRET-NOTES"})
		if err != nil {
			t.Fatal(err)
		}
		if v, err := w.svc.Request(ctx, w.coordinator, own.ID); err != nil || v.Notes != "SECRET-NOTES" {
			t.Fatalf("coordinator's own request: %+v %v, want its details", v, err)
		}
		if _, err := w.svc.Request(ctx, w.advocate, own.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("an advocate on the coordinator's request: %v, want not_found", err)
		}
		// Break-glass: a coordinator gets the details for an hour, for a written reason the
		// requester can see.
		if _, err := w.svc.BreakGlass(ctx, w.coordinator, r.ID, "why?"); apperr.FieldOf(err) != "reason" {
			t.Fatalf("break-glass without a real reason: %v, want invalid reason", err)
		}
		if _, err := w.svc.BreakGlass(ctx, w.advocate, r.ID, "I would like to see it please"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("break-glass by an advocate: %v, want forbidden", err)
		}
		reason := "Advocate unreachable; interpreter needs the address"
		if v, err := w.svc.BreakGlass(ctx, w.coordinator, r.ID, reason); err != nil || v.Location != "SECRET-LOCATION" {
			t.Fatalf("break-glass: %+v %v, want the details", v, err)
		}
		check("coordinator during break-glass", w.coordinator, true, true)
		if v, _ := w.svc.Request(ctx, w.advocate, r.ID); len(v.BreakGlass) != 1 || v.BreakGlass[0].Reason != reason || v.BreakGlass[0].UserID != w.coordinator.ID {
			t.Fatalf("the requester does not see the break-glass: %+v", v.BreakGlass)
		}
		w.clock.Advance(dispatch.BreakGlassFor + time.Second)
		check("coordinator after break-glass expired", w.coordinator, false, true)
		// Every read and change of the confidential requests is in an intact chain.
		var v audit.Verifier
		reads := 0
		err = o.Audits.Each(ctx, func(e *audit.Event) error {
			if e.Action == audit.ReadRequest {
				reads++
			}
			return v.Next(e)
		})
		if err != nil || reads < 6 || v.Count() < 10 {
			t.Fatalf("audit: %d events, %d reads, err %v", v.Count(), reads, err)
		}
	})
}

func TestInputErrorsChangeNothing(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		_, err := w.svc.CreateRequest(context.Background(), w.advocate, dispatch.RequestInput{Language: "ar", Modality: "fax", Urgency: dispatch.Now, DurationMinutes: 5, CaseType: dispatch.General})
		if apperr.CodeOf(err) != apperr.Invalid || apperr.FieldOf(err) != "modality" {
			t.Fatalf("error=%v, want invalid modality", err)
		}
		if _, err := w.svc.CreateRequest(context.Background(), w.users[0], dispatch.RequestInput{}); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("no user: %v, want unauthorized", err)
		}
		var n int
		_ = o.SQL.QueryRow("SELECT count(*) FROM requests").Scan(&n)
		if n != 0 {
			t.Fatalf("%d requests stored after bad input", n)
		}
	})
}

// TestDeadlineFiresThroughRiver runs the real job runner: the service's clock is set 14.5 s
// behind, so a 15 s step falls due half a second from now.
func TestDeadlineFiresThroughRiver(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		w.clock.t = time.Now().Add(-14500 * time.Millisecond)
		a := w.addInterpreter(t, "a", true, "pa")
		w.shift(t, a, "pa", schedule.Primary)
		w.policy(t, "pa", step(15, dispatch.TargetPrimary))
		runner, err := jobs.NewRunner(context.Background(), jobs.Deps{SQL: o.SQL, PostgresURL: o.URL, Changes: o.Changes, Logger: quietLogger()},
			jobs.Handlers{Deadline: w.svc.Deadline, Delivery: func(context.Context, int64, int, time.Time) error { return nil },
				Retention: func(context.Context) error { return nil }})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if err := runner.Start(ctx); err != nil {
			runner.Close()
			t.Fatal(err)
		}
		defer runner.Stop(context.Background()) //nolint:errcheck
		r := w.request(t, dispatch.RequestInput{Language: "pa", Modality: dispatch.Phone, Urgency: dispatch.Scheduled,
			StartsAt: ptr(time.Now().Add(time.Hour)), DurationMinutes: 30, CaseType: dispatch.General})
		if r.Status != dispatch.StatusOffered {
			t.Fatalf("status %s, want offered", r.Status)
		}
		for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(100 * time.Millisecond) {
			if st, _ := w.status(t, r.ID); st == dispatch.StatusFallback {
				return
			}
		}
		t.Fatalf("deadline did not fire through River within 20 s")
	})
}

// TestRetentionShredsClosedRequests moves the clock past the retention period: requests
// closed before it lose their confidential fields; later ones and all metadata stay.
func TestRetentionShredsClosedRequests(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newWorld(t, o)
		ctx := context.Background()
		in := dispatch.RequestInput{Language: "ur", Modality: dispatch.Phone, Urgency: dispatch.Now, DurationMinutes: 30,
			CaseType: dispatch.DomesticViolence, Notes: "SECRET-NOTES"}
		w.policy(t, "ur", step(15, dispatch.TargetPrimary))
		closed := w.request(t, in) // nobody speaks Urdu: fallback at once
		w.clock.Advance(10 * 24 * time.Hour)
		open := w.request(t, in) // closed too, but ten days later
		const retention = 30 * 24 * time.Hour
		if n, _ := w.svc.Shred(ctx, retention); n != 0 {
			t.Fatalf("shredded %d before the retention period", n)
		}
		w.clock.Advance(retention - 5*24*time.Hour) // the first is 35 days closed, the second 25
		if n, err := w.svc.Shred(ctx, retention); err != nil || n != 1 {
			t.Fatalf("Shred=%d,%v, want 1", n, err)
		}
		old, _ := w.svc.Request(ctx, w.advocate, closed.ID)
		recent, _ := w.svc.Request(ctx, w.advocate, open.ID)
		if old.Notes != "" || old.Language != "ur" || old.Status != dispatch.StatusFallback || recent.Notes != "SECRET-NOTES" {
			t.Fatalf("after retention: old notes %q (%s %s), recent notes %q", old.Notes, old.Language, old.Status, recent.Notes)
		}
		var shredEvents int
		_ = o.SQL.QueryRow("SELECT count(*) FROM audit_events WHERE action = 'request.shred'").Scan(&shredEvents)
		if shredEvents != 1 {
			t.Fatalf("%d shred audit events, want 1", shredEvents)
		}
	})
}
