package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/notify"
	"github.com/outreach-project/outreach/internal/store"
)

// mustNotifications commits n notifications to u and returns their ids.
func mustNotifications(t *testing.T, o *store.Opened, u *auth.User, n int) []int64 {
	t.Helper()
	inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
		for range n {
			if err := tx.Notify(ctx, dispatch.Notification{UserID: u.ID, Kind: dispatch.NotifyOffered, RequestID: 1}); err != nil {
				return err
			}
		}
		return nil
	})
	events, err := o.Outbox.Events(context.Background(), u.ID, 0, n)
	if err != nil || len(events) != n {
		t.Fatalf("Events=%d, %v; want %d", len(events), err, n)
	}
	ids := make([]int64, n)
	for i, e := range events {
		ids[i] = e.ID
	}
	return ids
}

func TestClaimDelivery(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		u := mustUser(t, o, "claims@example.org", auth.Interpreter)
		ids := mustNotifications(t, o, u, 4)
		claim := func(id int64, at time.Time) notify.Claim {
			t.Helper()
			c, err := o.Outbox.ClaimDelivery(ctx, id, "email", u.ID, at, 2)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		var got []notify.Claim
		got = append(got, claim(ids[0], t0))                    // claimed
		got = append(got, claim(ids[0], t0.Add(time.Second)))   // a retry: not limited by itself
		got = append(got, claim(ids[1], t0.Add(2*time.Second))) // second in the minute
		got = append(got, claim(ids[2], t0.Add(3*time.Second))) // two sending: limited
		if err := o.Outbox.MarkSent(ctx, ids[0], "email", t0.Add(4*time.Second)); err != nil {
			t.Fatal(err)
		}
		got = append(got, claim(ids[0], t0.Add(5*time.Second)))             // sent before
		got = append(got, claim(ids[2], t0.Add(6*time.Second)))             // one sent, one sending: limited
		got = append(got, claim(ids[2], t0.Add(time.Minute+3*time.Second))) // a minute after ids[1] began
		got = append(got, claim(ids[3], t0.Add(time.Minute+3*time.Second))) // sent within the minute, ids[2] sending
		want := []notify.Claim{notify.Claimed, notify.Claimed, notify.Claimed, notify.RateLimited,
			notify.AlreadySent, notify.RateLimited, notify.Claimed, notify.RateLimited}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("claims (-want +got):\n%s", diff)
		}
		// Without a limit, only a sent message is refused.
		if c, err := o.Outbox.ClaimDelivery(ctx, ids[3], "email", u.ID, t0.Add(time.Minute+4*time.Second), 0); err != nil || c != notify.Claimed {
			t.Fatalf("ClaimDelivery without a limit=%v, %v; want Claimed", c, err)
		}
	})
}

// TestClaimDeliveryRateLimitUnderConcurrency: deliveries to one person claimed at once
// (as by many workers, or two instances) pass the limit together no more than one by one.
func TestClaimDeliveryRateLimitUnderConcurrency(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		u := mustUser(t, o, "burst@example.org", auth.Interpreter)
		ids := mustNotifications(t, o, u, 12)
		const limit = 5
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			claimed int
			errs    []error
		)
		for _, id := range ids {
			wg.Go(func() {
				c, err := o.Outbox.ClaimDelivery(context.Background(), id, "email", u.ID, t0, limit)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				if c == notify.Claimed {
					claimed++
				}
			})
		}
		wg.Wait()
		if len(errs) > 0 || claimed != limit {
			t.Fatalf("claimed=%d (errors %v), want %d", claimed, errs, limit)
		}
	})
}
