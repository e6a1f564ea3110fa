package storetest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/schedule"
	"github.com/outreach-project/outreach/internal/seal"
	"github.com/outreach-project/outreach/internal/store"
)

var t0 = time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)

// each runs fn on every engine, in parallel.
func each(t *testing.T, fn func(t *testing.T, o *store.Opened)) {
	for _, e := range Engines {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, e.Open(t))
		})
	}
}

func inTx(t testing.TB, o *store.Opened, fn func(ctx context.Context, tx dispatch.Tx) error) {
	t.Helper()
	if err := o.Store.InTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func mustUser(t testing.TB, o *store.Opened, email string, role auth.Role) *auth.User {
	t.Helper()
	u := &auth.User{Email: email, Name: "N " + email, Role: role, Active: true, CreatedAt: t0}
	if err := o.Accounts.InTx(context.Background(), func(ctx context.Context, tx auth.Tx) error { return tx.InsertUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	return u
}

func mustInterpreter(t testing.TB, o *store.Opened, email string, langs ...string) *dispatch.Interpreter {
	t.Helper()
	u := mustUser(t, o, email, auth.Interpreter)
	bg, _ := dispatch.ParseDate("2026-01-02")
	i := &dispatch.Interpreter{UserID: u.ID, Languages: langs, Modalities: []dispatch.Modality{dispatch.Phone, dispatch.Video}, Gender: "female", BackgroundCheckOn: &bg, Active: true}
	inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error { return tx.InsertInterpreter(ctx, i) })
	return i
}

func TestUsersAndTokens(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		u := mustUser(t, o, "ana@example.org", auth.Advocate)
		err := o.Accounts.InTx(ctx, func(ctx context.Context, tx auth.Tx) error {
			dup := &auth.User{Email: "ana@example.org", Name: "Other", Role: auth.Admin, Active: true, CreatedAt: t0}
			err := tx.InsertUser(ctx, dup)
			if apperr.CodeOf(err) != apperr.Conflict || apperr.FieldOf(err) != "email" {
				t.Fatalf("duplicate email: error=%v, want conflict on email", err)
			}
			return err // a failed statement ends a PostgreSQL transaction: roll it back
		})
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("transaction with a duplicate email: error=%v, want the conflict", err)
		}
		err = o.Accounts.InTx(ctx, func(ctx context.Context, tx auth.Tx) error {
			got, err := tx.UserByEmail(ctx, "ana@example.org")
			if err != nil || got.ID != u.ID || got.Role != auth.Advocate || !got.Active || !got.CreatedAt.Equal(t0) {
				t.Fatalf("UserByEmail=%+v,%v", got, err)
			}
			if _, err := tx.UserByEmail(ctx, "nobody@example.org"); apperr.CodeOf(err) != apperr.NotFound {
				t.Fatalf("UserByEmail(unknown) error=%v, want not_found", err)
			}
			tok, hash := auth.NewToken()
			k := &auth.Token{UserID: u.ID, Name: "cli", Hash: hash, CreatedAt: t0}
			if err := tx.InsertToken(ctx, k); err != nil {
				return err
			}
			byTok, owner, err := tx.TokenUser(ctx, auth.HashToken(tok))
			if err != nil || byTok.ID != k.ID || owner.ID != u.ID || byTok.RevokedAt != nil {
				t.Fatalf("TokenUser=%v,%v,%v, want token %d of user %d", byTok, owner, err, k.ID, u.ID)
			}
			if _, _, err := tx.TokenUser(ctx, auth.HashToken(tok+"x")); apperr.CodeOf(err) != apperr.NotFound {
				t.Fatalf("TokenUser(wrong) error=%v, want not_found", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			var err error
			ids, err = tx.UsersWithRole(ctx, auth.Advocate)
			return err
		})
		if diff := cmp.Diff([]int64{u.ID}, ids); diff != "" {
			t.Fatalf("UsersWithRole (-want +got):\n%s", diff)
		}
	})
}

func TestInterpreters(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		a := mustInterpreter(t, o, "a@example.org", "ar", "ar-SD", "fr")
		b := mustInterpreter(t, o, "b@example.org", "prs")
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			got, err := tx.GetInterpreter(ctx, a.ID)
			if err != nil {
				return err
			}
			want := *a
			want.Name, want.Email = "N a@example.org", "a@example.org"
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Fatalf("GetInterpreter (-want +got):\n%s", diff)
			}
			byUser, err := tx.InterpreterByUser(ctx, b.UserID)
			if err != nil || byUser.ID != b.ID {
				t.Fatalf("InterpreterByUser=%v,%v", byUser, err)
			}
			if err := tx.TouchLastAssigned(ctx, b.ID, t0); err != nil {
				return err
			}
			all, err := tx.ListInterpreters(ctx)
			if err != nil {
				return err
			}
			if len(all) != 2 || all[1].LastAssignedAt == nil || !all[1].LastAssignedAt.Equal(t0) {
				t.Fatalf("ListInterpreters=%v", all)
			}
			if _, err := tx.GetInterpreter(ctx, 9999); apperr.CodeOf(err) != apperr.NotFound {
				t.Fatalf("GetInterpreter(9999) error=%v, want not_found", err)
			}
			return nil
		})
	})
}

func newRequest(advocate int64) *dispatch.Request {
	return &dispatch.Request{AdvocateID: advocate, Language: "ar", Modality: dispatch.InPerson, Urgency: dispatch.Scheduled,
		StartsAt: t0.Add(time.Hour), DurationMinutes: 60, CaseType: dispatch.DomesticViolence, Confidential: true,
		Location: "Room 4", Notes: "notes", GenderPreference: "female", Status: dispatch.StatusOpen, CreatedAt: t0, UpdatedAt: t0}
}

func TestRequestsAndOffers(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		adv := mustUser(t, o, "adv@example.org", auth.Advocate)
		i1 := mustInterpreter(t, o, "i1@example.org", "ar")
		i2 := mustInterpreter(t, o, "i2@example.org", "ar")
		r := newRequest(adv.ID)
		r.Exclusions = []int64{i2.ID}
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			if err := tx.InsertRequest(ctx, r); err != nil {
				return err
			}
			got, err := tx.GetRequest(ctx, r.ID, true)
			if err != nil {
				return err
			}
			if diff := cmp.Diff(r, got); diff != "" {
				t.Fatalf("GetRequest (-want +got):\n%s", diff)
			}
			deadline := t0.Add(time.Minute)
			r.Status, r.Step, r.DeadlineAt = dispatch.StatusOffered, 1, &deadline
			if err := tx.UpdateRequest(ctx, r); err != nil {
				return err
			}
			for _, i := range []*dispatch.Interpreter{i1, i2} {
				o := &dispatch.Offer{RequestID: r.ID, InterpreterID: i.ID, Step: 1, Status: dispatch.OfferPending, CreatedAt: t0, ExpiresAt: deadline}
				if err := tx.InsertOffer(ctx, o); err != nil {
					return err
				}
			}
			return nil
		})
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			offers, err := tx.ListOffers(ctx, dispatch.OfferFilter{RequestID: r.ID, Status: dispatch.OfferPending})
			if err != nil || len(offers) != 2 {
				t.Fatalf("ListOffers=%v,%v, want 2 pending", offers, err)
			}
			ok, err := tx.AcceptRequest(ctx, r.ID, i1.ID, t0)
			if err != nil || !ok {
				t.Fatalf("AcceptRequest=%v,%v, want true", ok, err)
			}
			if ok, _ := tx.AcceptRequest(ctx, r.ID, i2.ID, t0); ok {
				t.Fatalf("second AcceptRequest succeeded")
			}
			if ok, _ := tx.RespondOffer(ctx, offers[1].ID, dispatch.OfferAccepted, t0); !ok {
				t.Fatalf("RespondOffer(pending)=false")
			}
			if ok, _ := tx.RespondOffer(ctx, offers[1].ID, dispatch.OfferDeclined, t0); ok {
				t.Fatalf("RespondOffer on an answered offer succeeded")
			}
			closed, err := tx.CloseOffers(ctx, r.ID, dispatch.OfferWithdrawn, t0)
			if err != nil || len(closed) != 1 || closed[0].Status != dispatch.OfferWithdrawn {
				t.Fatalf("CloseOffers=%v,%v, want the one left pending", closed, err)
			}
			busy, err := tx.BusyInterpreters(ctx, t0.Add(90*time.Minute), t0.Add(3*time.Hour))
			if err != nil || !busy[i1.ID] || busy[i2.ID] {
				t.Fatalf("BusyInterpreters=%v,%v, want i1 (booked 1h-2h)", busy, err)
			}
			busy, _ = tx.BusyInterpreters(ctx, t0.Add(2*time.Hour), t0.Add(3*time.Hour))
			if busy[i1.ID] {
				t.Fatalf("BusyInterpreters counts a booking that ended")
			}
			mine, err := tx.ListRequests(ctx, dispatch.RequestFilter{InterpreterID: i2.ID})
			if err != nil || len(mine) != 1 {
				t.Fatalf("ListRequests(offered to i2)=%v,%v", mine, err)
			}
			if err := tx.AddExclusion(ctx, r.ID, i2.ID); err != nil {
				t.Fatalf("AddExclusion twice: %v", err)
			}
			if err := tx.InsertEvent(ctx, &dispatch.Event{RequestID: r.ID, At: t0, ActorID: &adv.ID, From: dispatch.StatusOpen, To: dispatch.StatusOffered, Step: 1, Note: "offered"}); err != nil {
				return err
			}
			events, err := tx.ListEvents(ctx, r.ID)
			if err != nil || len(events) != 1 || *events[0].ActorID != adv.ID {
				t.Fatalf("ListEvents=%v,%v", events, err)
			}
			return tx.Notify(ctx, dispatch.Notification{UserID: adv.ID, Kind: dispatch.NotifyAccepted, RequestID: r.ID})
		})
	})
}

func TestPoliciesRotationsShifts(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		i := mustInterpreter(t, o, "i@example.org", "uk")
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			if _, err := tx.Policy(ctx, "uk"); apperr.CodeOf(err) != apperr.NotFound {
				t.Fatalf("Policy(unset) error=%v, want not_found", err)
			}
			for _, timeout := range []int{15, 30} {
				p := &dispatch.Policy{Language: "uk", Steps: []dispatch.Step{{Targets: []dispatch.Target{dispatch.TargetPrimary}, TimeoutSeconds: timeout}}}
				if err := tx.PutPolicy(ctx, p); err != nil {
					return err
				}
			}
			p, err := tx.Policy(ctx, "uk")
			if err != nil || p.Steps[0].TimeoutSeconds != 30 {
				t.Fatalf("Policy=%v,%v, want the second put", p, err)
			}
			rot := schedule.Rotation{Language: "uk", Level: schedule.Primary, Slots: []schedule.Slot{schedule.NewSlot(time.Monday, "18:00", "08:00", i.ID)}}
			if err := tx.PutRotation(ctx, rot); err != nil {
				return err
			}
			rots, err := tx.Rotations(ctx)
			if err != nil || len(rots) != 1 || rots[0].Slots[0].Weekday != time.Monday || rots[0].Slots[0].InterpreterID != i.ID {
				t.Fatalf("Rotations=%+v,%v", rots, err)
			}
			sh := &schedule.Shift{InterpreterID: i.ID, Language: "uk", Level: schedule.Secondary, StartsAt: t0, EndsAt: t0.Add(8 * time.Hour)}
			if err := tx.InsertShift(ctx, sh); err != nil {
				return err
			}
			in, err := tx.Shifts(ctx, t0.Add(7*time.Hour), t0.Add(9*time.Hour))
			if err != nil || len(in) != 1 || in[0].ID != sh.ID || !in[0].EndsAt.Equal(sh.EndsAt) {
				t.Fatalf("Shifts(overlapping)=%v,%v", in, err)
			}
			out, _ := tx.Shifts(ctx, t0.Add(8*time.Hour), t0.Add(9*time.Hour))
			if len(out) != 0 {
				t.Fatalf("Shifts(after the end)=%v, want none", out)
			}
			return nil
		})
	})
}

func TestDeadlineJobCommitsWithTransaction(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		count := func() int {
			var n int
			if err := o.SQL.QueryRowContext(ctx, "SELECT count(*) FROM river_job").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		rolledBack := o.Store.InTx(ctx, func(ctx context.Context, tx dispatch.Tx) error {
			if err := tx.ScheduleDeadline(ctx, 1, 1, t0); err != nil {
				return err
			}
			return apperr.New(apperr.Invalid, "x", "roll back")
		})
		if rolledBack == nil || count() != 0 {
			t.Fatalf("a rolled-back transaction left %d jobs", count())
		}
		for range 2 {
			inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error { return tx.ScheduleDeadline(ctx, 1, 1, t0) })
		}
		if n := count(); n != 1 {
			t.Fatalf("%d jobs after two inserts of one deadline, want 1", n)
		}
	})
}

// TestSensitiveFieldsSealed: a request's location, notes and gender preference are
// readable through the store and nowhere in the database file (or, for PostgreSQL, in
// any row as text); a destroyed data key leaves them unreadable.
func TestSensitiveFieldsSealed(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		adv := mustUser(t, o, "adv@example.org", auth.Advocate)
		r := newRequest(adv.ID)
		r.Location, r.Notes, r.GenderPreference = "SENTINEL-LOCATION-5d1", "SENTINEL-NOTES-9e2", "sentinel-gender-3f4"
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error { return tx.InsertRequest(ctx, r) })
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			got, err := tx.GetRequest(ctx, r.ID, false)
			if err != nil || got.Location != r.Location || got.Notes != r.Notes || got.GenderPreference != r.GenderPreference {
				t.Fatalf("GetRequest=%+v,%v, want the fields back", got, err)
			}
			return nil
		})
		var raw []byte
		if o.Path != "" {
			if _, err := o.SQL.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{o.Path, o.Path + "-wal"} {
				b, _ := os.ReadFile(f)
				raw = append(raw, b...)
			}
		} else {
			raw = append(raw, pgDump(t, o.URL)...)
			rows, err := o.SQL.QueryContext(ctx, "SELECT r::text FROM requests r")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				_ = rows.Scan(&s)
				raw = append(raw, s...)
			}
			rows.Close()
		}
		if len(raw) == 0 {
			t.Fatalf("read nothing of the database")
		}
		for _, s := range []string{r.Location, r.Notes, r.GenderPreference} {
			if bytes.Contains(raw, []byte(s)) {
				t.Fatalf("%q found in the raw database", s)
			}
		}
		// Crypto-shredding: without the data key the fields are gone.
		if _, err := o.SQL.ExecContext(ctx, "UPDATE requests SET data_key = NULL"); err != nil {
			t.Fatal(err)
		}
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			got, err := tx.GetRequest(ctx, r.ID, false)
			if err != nil || got.Location != "" || got.Notes != "" || got.Language != "ar" {
				t.Fatalf("after shredding: %+v,%v, want metadata without the fields", got, err)
			}
			return nil
		})
	})
}

// TestRewrapAfterRotation: after a new master key, every data key is re-wrapped with it
// and the sealed fields still open.
func TestRewrapAfterRotation(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "master.key")
		keys, _, err := seal.LoadOrCreate(path)
		if err != nil {
			t.Fatal(err)
		}
		o = Reopen(t, o, keys)
		adv := mustUser(t, o, "adv@example.org", auth.Advocate)
		var ids []int64
		for range 3 {
			r := newRequest(adv.ID)
			inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error { return tx.InsertRequest(ctx, r) })
			ids = append(ids, r.ID)
		}
		newID, err := seal.AddKey(path)
		if err != nil {
			t.Fatal(err)
		}
		rotatedKeys, _, err := seal.LoadOrCreate(path)
		if err != nil {
			t.Fatal(err)
		}
		rotated := Reopen(t, o, rotatedKeys) // as outreach key rotate does
		if n, err := rotated.Keys.RewrapAll(ctx); err != nil || n != 3 {
			t.Fatalf("RewrapAll=%d,%v, want 3", n, err)
		}
		var stale int
		_ = rotated.SQL.QueryRowContext(ctx, "SELECT count(*) FROM requests WHERE key_id <> '"+newID+"'").Scan(&stale)
		if stale != 0 {
			t.Fatalf("%d data keys still under the old master key", stale)
		}
		inTx(t, rotated, func(ctx context.Context, tx dispatch.Tx) error {
			for _, id := range ids {
				if r, err := tx.GetRequest(ctx, id, false); err != nil || r.Location != "Room 4" {
					t.Fatalf("request %d after rotation: %+v, %v", id, r, err)
				}
			}
			return nil
		})
	})
}

// pgDump returns pg_dump's output for a database, as an operator's backup would hold it.
func pgDump(t *testing.T, url string) []byte {
	t.Helper()
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump")
		if len(matches) == 0 {
			t.Log("pg_dump not found: checking rows as text only")
			return nil
		}
		bin = matches[len(matches)-1]
	}
	out, err := exec.Command(bin, "--data-only", url).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	if !bytes.Contains(out, []byte("COPY public.requests")) {
		t.Fatalf("pg_dump output has no requests table")
	}
	return out
}
