package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/schedule"
	"github.com/outreach-project/outreach/internal/store"
)

// listLanguages gives each seeded request its own language, so that a list that looked
// up policies per language would show it.
var listLanguages = []string{"ar", "fa", "ps", "ur", "zh", "es", "fr", "pt", "ru", "uk", "tr", "so", "sw", "am", "ti",
	"ta", "hi", "pa", "bn", "vi", "ko", "ja", "tl", "pl", "ro", "it", "de", "el", "he", "hu", "nl", "sv"}

// listWorld has people and a growing number of rows for every list to show.
type listWorld struct {
	o                  *store.Opened
	adv, coord, meUser *auth.User
	me, other          *dispatch.Interpreter
	// rows of each kind so far; of the requests, those visible to me, assigned to me,
	// and under the coordinator's grant.
	rows, visibleToMe, assignedToMe, granted int
}

func newListWorld(t testing.TB, o *store.Opened) *listWorld {
	w := &listWorld{o: o}
	w.adv = mustUser(t, o, "adv@example.org", auth.Advocate)
	w.coord = mustUser(t, o, "coord@example.org", auth.Coordinator)
	w.me = mustInterpreter(t, o, "me@example.org", "ar")
	w.other = mustInterpreter(t, o, "other@example.org", "ar")
	w.meUser = &auth.User{ID: w.me.UserID, Role: auth.Interpreter, Active: true}
	return w
}

// grow adds rows up to n of each: confidential requests (in turn offered to me, assigned
// to me, declined by me; every other one under a coordinator's break-glass grant) and
// open cover requests I could take.
func (w *listWorld) grow(t testing.TB, n int) {
	inTx(t, w.o, func(ctx context.Context, tx dispatch.Tx) error {
		for ; w.rows < n; w.rows++ {
			k := w.rows
			r := newRequest(w.adv.ID)
			r.Language, r.Status, r.Step = listLanguages[k%len(listLanguages)], dispatch.StatusOffered, 1
			r.Exclusions = []int64{w.other.ID}
			offer := dispatch.OfferPending
			switch k % 3 {
			case 1:
				r.Status, r.AssignedInterpreterID, offer = dispatch.StatusAccepted, &w.me.ID, dispatch.OfferAccepted
			case 2:
				offer = dispatch.OfferDeclined
			}
			if k%3 != 2 {
				w.visibleToMe++
			}
			if k%3 == 1 {
				w.assignedToMe++
			}
			if err := tx.InsertRequest(ctx, r); err != nil {
				return err
			}
			if err := tx.InsertOffer(ctx, &dispatch.Offer{RequestID: r.ID, InterpreterID: w.me.ID, Step: 1, Status: offer, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
				return err
			}
			if k%2 == 0 {
				w.granted++
				if err := tx.InsertBreakGlass(ctx, &dispatch.BreakGlass{RequestID: r.ID, UserID: w.coord.ID, Reason: "checking the address", At: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
					return err
				}
			}
			start := t0.Add(time.Duration(24+k) * time.Hour)
			if err := tx.InsertCover(ctx, &dispatch.Cover{InterpreterID: w.other.ID, Language: "ar", Level: schedule.Primary, StartsAt: start, EndsAt: start.Add(time.Hour),
				Status: dispatch.CoverOpen, CreatedAt: t0}); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestListQueriesBounded counts the statements each list sends to the database, with 3
// rows and with 30: a list that queries per row sends more for 30.
func TestListQueriesBounded(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newListWorld(t, o)
		counted, count := countingStore(t, o)
		svc, err := dispatch.NewService(dispatch.Deps{Store: counted, Now: func() time.Time { return t0 }, Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		lists := []struct {
			name  string
			list  func() (int, error)
			want  func() int
			audit func() int // audit events one listing appends
		}{
			{"offers", func() (int, error) { l, err := svc.Offers(ctx, w.meUser, ""); return len(l), err },
				func() int { return w.rows }, func() int { return w.visibleToMe }},
			{"requests of an interpreter", func() (int, error) { l, err := svc.Requests(ctx, w.meUser, ""); return len(l), err },
				func() int { return w.visibleToMe }, func() int { return w.assignedToMe }},
			{"requests of an advocate", func() (int, error) { l, err := svc.Requests(ctx, w.adv, ""); return len(l), err },
				func() int { return w.rows }, func() int { return w.rows }},
			{"requests of a coordinator", func() (int, error) { l, err := svc.Requests(ctx, w.coord, ""); return len(l), err },
				func() int { return w.rows }, func() int { return w.granted }},
			{"board", func() (int, error) { l, err := svc.Board(ctx, w.coord); return len(l), err },
				func() int { return w.rows }, func() int { return 0 }},
			{"covers", func() (int, error) { l, err := svc.Covers(ctx, w.meUser); return len(l), err },
				func() int { return w.rows }, func() int { return 0 }},
		}
		statements := map[string][]int64{}
		for _, n := range []int{3, 30} {
			w.grow(t, n)
			for _, l := range lists {
				before, err := o.Audits.Head(ctx)
				if err != nil {
					t.Fatal(err)
				}
				count.n.Store(0)
				got, err := l.list()
				if err != nil {
					t.Fatalf("%s: %v", l.name, err)
				}
				statements[l.name] = append(statements[l.name], count.n.Load())
				if got != l.want() {
					t.Fatalf("%s with %d rows: len=%d, want %d", l.name, n, got, l.want())
				}
				after, err := o.Audits.Head(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if reads := int(after.Seq - before.Seq); reads != l.audit() {
					t.Fatalf("%s with %d rows: %d audit events, want %d (one per confidential request read)", l.name, n, reads, l.audit())
				}
			}
		}
		for _, l := range lists {
			t.Logf("%s: %v statements for 3 and 30 rows", l.name, statements[l.name])
			if s := statements[l.name]; s[0] != s[1] {
				t.Errorf("%s: %d statements for 3 rows, %d for 30; want the same", l.name, s[0], s[1])
			}
		}
		verifyChain(t, o)
	})
}

func verifyChain(t *testing.T, o *store.Opened) {
	t.Helper()
	var v audit.Verifier
	if err := o.Audits.Each(context.Background(), func(e *audit.Event) error { return v.Next(e) }); err != nil {
		t.Fatal(err)
	}
	if err := v.Done(); err != nil {
		t.Fatal(err)
	}
}

// TestBatchReads checks the store's batch reads against the one-row ones.
func TestBatchReads(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newListWorld(t, o)
		w.grow(t, 6)
		ctx := context.Background()
		err := o.Store.InReadTx(ctx, func(ctx context.Context, tx dispatch.ReadTx) error {
			all, err := tx.ListRequests(ctx, dispatch.RequestFilter{})
			if err != nil {
				return err
			}
			ids := []int64{999999}
			want := map[int64]*dispatch.Request{}
			for _, r := range all {
				ids = append(ids, r.ID)
				if want[r.ID], err = tx.GetRequest(ctx, r.ID, false); err != nil {
					return err
				}
			}
			got, err := tx.GetRequests(ctx, ids)
			if err != nil {
				return err
			}
			if diff := cmp.Diff(want, got); diff != "" || len(got) != 6 {
				t.Fatalf("GetRequests (-GetRequest +GetRequests, the unknown id left out):\n%s", diff)
			}
			pending, err := tx.PendingOffers(ctx, w.me.ID, ids)
			if err != nil {
				return err
			}
			// Rows 0 and 3 hold a pending offer to me; 1 and 4 accepted, 2 and 5 declined.
			if wantPending := map[int64]bool{all[5].ID: true, all[2].ID: true}; !cmp.Equal(pending, wantPending) {
				t.Fatalf("PendingOffers=%v, want %v", pending, wantPending)
			}
			if other, err := tx.PendingOffers(ctx, w.other.ID, ids); err != nil || len(other) != 0 {
				t.Fatalf("PendingOffers of another=%v, %v; want none", other, err)
			}
			grants, err := tx.OpenBreakGlass(ctx, w.coord.ID, ids, t0)
			if err != nil {
				return err
			}
			if wantGrants := map[int64]bool{all[5].ID: true, all[3].ID: true, all[1].ID: true}; !cmp.Equal(grants, wantGrants) {
				t.Fatalf("OpenBreakGlass=%v, want %v", grants, wantGrants)
			}
			for _, q := range []struct {
				name string
				user int64
				at   time.Time
			}{{"expired", w.coord.ID, t0.Add(time.Hour)}, {"someone else's", w.adv.ID, t0}} {
				if g, err := tx.OpenBreakGlass(ctx, q.user, ids, q.at); err != nil || len(g) != 0 {
					t.Fatalf("OpenBreakGlass %s=%v, %v; want none", q.name, g, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		steps := []dispatch.Step{{Targets: []dispatch.Target{dispatch.TargetAllQualified}, TimeoutSeconds: 60}}
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			for _, l := range []string{"ar", dispatch.DefaultPolicyLanguage} {
				if err := tx.PutPolicy(ctx, &dispatch.Policy{Language: l, Steps: steps}); err != nil {
					return err
				}
			}
			events := make([]audit.Event, 3)
			for i := range events {
				events[i] = audit.Event{At: t0, ActorID: w.coord.ID, Action: audit.ReadRequest, Subject: fmt.Sprintf("request:%d", i+1), Detail: "details in a list"}
			}
			if err := tx.Audit(ctx, audit.Event{At: t0, Action: audit.ReadRequest, Subject: "request:0"}); err != nil {
				return err
			}
			return tx.AuditAll(ctx, events)
		})
		err = o.Store.InReadTx(ctx, func(ctx context.Context, tx dispatch.ReadTx) error {
			got, err := tx.Policies(ctx)
			want := map[string]*dispatch.Policy{"ar": {Language: "ar", Steps: steps}, "default": {Language: "default", Steps: steps}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("Policies (-want +got):\n%s", diff)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		h, err := o.Audits.Head(ctx)
		if err != nil || h.Seq != 4 {
			t.Fatalf("audit head=%v, %v; want 4 events", h, err)
		}
		verifyChain(t, o)
	})
}
