package notify_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/notify"
)

// memStore is an in-memory notify.Store: the delivery rules are tested here without a
// database; the SQL store is exercised end to end in internal/flowtest.
type memStore struct {
	env       *notify.Envelope
	sent      map[string]bool
	failed    map[string]bool
	scheduled []int
	sentCount int
}

func (m *memStore) LoadNotification(context.Context, int64) (*notify.Envelope, error) {
	return m.env, nil
}
func (m *memStore) ClaimDelivery(_ context.Context, _ int64, ch string, _ int64, _ time.Time, perMinute int) (notify.Claim, error) {
	switch {
	case m.sent[ch]:
		return notify.AlreadySent, nil
	case perMinute > 0 && m.sentCount >= perMinute:
		return notify.RateLimited, nil
	}
	return notify.Claimed, nil
}
func (m *memStore) MarkSent(_ context.Context, _ int64, ch string, _ time.Time) error {
	m.sent[ch] = true
	m.sentCount++
	return nil
}
func (m *memStore) MarkFailed(_ context.Context, _ int64, ch string) error {
	m.failed[ch] = true
	return nil
}
func (m *memStore) ScheduleDelivery(_ context.Context, _ int64, ch int, _ time.Time) error {
	m.scheduled = append(m.scheduled, ch)
	return nil
}

type fakeChannel struct {
	name string
	err  error
	sent int
}

func (f *fakeChannel) Name() string                  { return f.name }
func (f *fakeChannel) Reaches(notify.Recipient) bool { return true }
func (f *fakeChannel) Send(context.Context, *notify.Message, notify.Recipient) error {
	if f.err == nil {
		f.sent++
	}
	return f.err
}

func deps(store *memStore, now time.Time, chans ...notify.Channel) notify.Deps {
	return notify.Deps{Store: store, Channels: chans, Now: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), RatePerMinute: 2,
		Composer: &notify.Composer{UI: mustUI(), Locales: mustLocales(), BaseURL: "https://x", Location: time.UTC}}
}

func mustService(tb testing.TB, d notify.Deps) *notify.Service {
	tb.Helper()
	s, err := notify.NewService(d)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestFailoverAfterThirtySeconds(t *testing.T) {
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		firstTry time.Time
		err      error
		retry    bool   // the job should be retried on this channel
		failover bool   // the next channel should be scheduled
		observed string // the result Observe hears
	}{
		{"temporary error, 5 s in", now.Add(-5 * time.Second), errors.New("connection refused"), true, false, "retry"},
		{"temporary error, 30 s in", now.Add(-30 * time.Second), errors.New("connection refused"), false, true, "failed"},
		{"permanent error at once", now, notify.Permanent(errors.New("550")), false, true, "failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &memStore{env: envelope(), sent: map[string]bool{}, failed: map[string]bool{}}
			dead := &fakeChannel{name: "webhook", err: tt.err}
			d := deps(store, now, dead, &fakeChannel{name: "email"})
			var observed []string
			d.Observe = func(channel, result string) { observed = append(observed, channel+" "+result) }
			svc := mustService(t, d)
			err := svc.Deliver(context.Background(), 1, 0, tt.firstTry)
			if (err != nil) != tt.retry {
				t.Fatalf("Deliver error=%v, want retry %v", err, tt.retry)
			}
			if got := len(store.scheduled) == 1 && store.scheduled[0] == 1; got != tt.failover || store.failed["webhook"] != tt.failover {
				t.Fatalf("scheduled=%v failed=%v, want failover %v", store.scheduled, store.failed, tt.failover)
			}
			if want := []string{"webhook " + tt.observed}; !cmp.Equal(observed, want) {
				t.Fatalf("observed=%v, want %v", observed, want)
			}
		})
	}
}

func TestDeliverOnceAndRateLimit(t *testing.T) {
	now := time.Now()
	store := &memStore{env: envelope(), sent: map[string]bool{}, failed: map[string]bool{}}
	ch := &fakeChannel{name: "email"}
	svc := mustService(t, deps(store, now, ch))
	for range 2 {
		if err := svc.Deliver(context.Background(), 1, 0, now); err != nil {
			t.Fatal(err)
		}
	}
	if ch.sent != 1 {
		t.Fatalf("sent %d times, want once (the second run finds it sent)", ch.sent)
	}
	store.sentCount = 2
	store.sent = map[string]bool{}
	var snooze notify.ErrSnooze
	if err := svc.Deliver(context.Background(), 2, 0, now); !errors.As(err, &snooze) {
		t.Fatalf("over the rate limit: %v, want a snooze", err)
	}
	if snooze.After < 5*time.Second || snooze.After > time.Minute {
		t.Fatalf("snooze=%v, want 5 s to a minute", snooze.After)
	}
	if ch.sent != 1 {
		t.Fatalf("sent %d times over the rate limit, want none more", ch.sent)
	}
}

func TestAllChannelsFailedTellsEscalation(t *testing.T) {
	store := &memStore{env: envelope(), sent: map[string]bool{}, failed: map[string]bool{}}
	var told int64
	d := deps(store, time.Now(), &fakeChannel{name: "email"})
	d.Unreachable = func(_ context.Context, offerID int64) error { told = offerID; return nil }
	svc := mustService(t, d)
	if err := svc.Deliver(context.Background(), 1, 1, time.Now()); err != nil || told != 9 {
		t.Fatalf("past the last channel: err=%v told=%d, want offer 9 reported unreachable", err, told)
	}
}

func TestNoChannelIsNotUnreachable(t *testing.T) {
	store := &memStore{env: envelope(), sent: map[string]bool{}, failed: map[string]bool{}}
	d := deps(store, time.Now())
	d.Unreachable = func(context.Context, int64) error {
		t.Fatalf("reported unreachable with no channel configured: the in-app feed still reaches them")
		return nil
	}
	svc := mustService(t, d)
	if err := svc.Deliver(context.Background(), 1, 0, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func TestWebhookSignature(t *testing.T) {
	secret, body, at := []byte("0123456789abcdef-secret"), []byte(`{"id":"x"}`), time.Unix(1_800_000_000, 0)
	h := notify.Sign(secret, at, body)
	if err := notify.Verify(secret, h, body, at.Add(time.Minute), 5*time.Minute); err != nil {
		t.Fatalf("Verify(own signature)=%v", err)
	}
	for name, check := range map[string]error{
		"tampered body":  notify.Verify(secret, h, []byte(`{"id":"y"}`), at, time.Minute),
		"wrong secret":   notify.Verify([]byte("another-secret-000000"), h, body, at, time.Minute),
		"replayed later": notify.Verify(secret, h, body, at.Add(time.Hour), 5*time.Minute),
		"malformed":      notify.Verify(secret, "v1=zz", body, at, time.Minute),
	} {
		if check == nil {
			t.Fatalf("%s: signature accepted", name)
		}
	}
}
