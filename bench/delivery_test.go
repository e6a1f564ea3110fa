package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/flowtest"
	"github.com/outreach-project/outreach/internal/store/storetest"
)

// engines are the databases the end-to-end benchmarks run on; PostgreSQL needs
// OUTREACH_TEST_POSTGRES (the benchmark skips loudly without it).
var engines = []struct {
	name     string
	database func(testing.TB) string
}{
	{"sqlite", func(testing.TB) string { return "" }},
	{"postgres", storetest.PostgresURL},
}

// BenchmarkDelivery measures, on each engine with a real SMTP server in the process, how
// long a notification takes from the commit of the transaction that created it to its
// acceptance by the SMTP server, and how many notifications a second go out when they
// arrive faster than that.
func BenchmarkDelivery(b *testing.B) {
	for _, engine := range engines {
		b.Run(engine.name, func(b *testing.B) { benchmarkDelivery(b, engine.database) })
	}
}

func benchmarkDelivery(b *testing.B, database func(testing.TB) string) {
	for _, tc := range []struct {
		name  string
		total int
		// gap is between commits, each in its own goroutine at its time so that the
		// rate named is the rate offered; 0 is one committer as fast as it goes, -1
		// all in one transaction.
		gap time.Duration
	}{
		{"latency_10_per_s", 100, 100 * time.Millisecond},
		{"sustained_100_per_s", 1000, 10 * time.Millisecond},
		{"throughput_burst", 1000, 0},
		{"backlog_drain", 1000, -1},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				lat, offered, elapsed := run(b, database(b), tc.total, tc.gap)
				b.ReportMetric(percentile(lat, 50).Seconds()*1000, "p50_ms")
				b.ReportMetric(percentile(lat, 99).Seconds()*1000, "p99_ms")
				b.ReportMetric(float64(tc.total)/elapsed.Seconds(), "msgs/s")
				if tc.gap > 0 {
					b.ReportMetric(float64(tc.total-1)/offered.Seconds(), "offered/s")
				}
			}
		})
	}
}

// run commits total notifications and returns each one's latency from its commit to its
// acceptance by the SMTP server, the time from the first commit to the last, and the
// time from the first commit to the last acceptance.
func run(b *testing.B, database string, total int, gap time.Duration) ([]time.Duration, time.Duration, time.Duration) {
	smtpSrv := flowtest.StartSMTP(b)
	sys := flowtest.StartOn(b, database, smtpSrv, nil)
	const recipients = 200 // the per-recipient rate limit is 20 a minute
	var users []*auth.User
	for i := 0; i < recipients; i++ {
		users = append(users, sys.User(fmt.Sprintf("r%03d", i), auth.Advocate, "en"))
	}
	var req dispatch.RequestView
	body := sys.MustCall("r000", "POST", "/api/v1/requests", `{"language":"so","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, 201)
	_ = jsonID(body, &req.ID)
	var first int64
	_ = sys.Data.SQL.QueryRow("SELECT coalesce(max(id), 0) FROM notifications").Scan(&first)
	committed := map[int64]time.Time{}
	notify := func(ctx context.Context, tx dispatch.Tx, i int) error {
		return tx.Notify(ctx, dispatch.Notification{UserID: users[i%recipients].ID, Kind: dispatch.NotifyOffered, RequestID: req.ID})
	}
	start := time.Now()
	if gap < 0 {
		// A backlog: every message committed at once, as after the mail server was down.
		err := sys.Data.Store.InTx(context.Background(), func(ctx context.Context, tx dispatch.Tx) error {
			for i := 0; i < total; i++ {
				if err := notify(ctx, tx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		for i := 0; i < total; i++ {
			committed[first+int64(i)+1] = start
		}
	}
	switch {
	case gap > 0:
		start = offer(b, sys, total, gap, notify, func(i int) int64 { return users[i%recipients].ID }, committed)
	case gap == 0:
		for i := 0; i < total; i++ {
			err := sys.Data.Store.InTx(context.Background(), func(ctx context.Context, tx dispatch.Tx) error { return notify(ctx, tx, i) })
			if err != nil {
				b.Fatal(err)
			}
			committed[first+int64(i)+1] = time.Now()
		}
	}
	var lastCommit time.Time
	for _, at := range committed {
		if at.After(lastCommit) {
			lastCommit = at
		}
	}
	// Wait by counting (cheap), then parse: parsing every message on each poll would
	// take a core away from the deliveries being measured. A message accepted twice
	// (delivery is at least once) is counted once, at its first acceptance, and
	// reported.
	var lat []time.Duration
	var last time.Time
	dups := 0
	for need := total; ; {
		flowtest.Eventually(b, 5*time.Minute, "every message accepted", func() bool { return len(smtpSrv.Mail()) >= need })
		lat, last, dups = nil, time.Time{}, 0
		seen := map[int64]bool{}
		received := smtpSrv.Mail()
		for _, m := range received {
			msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
			if err != nil {
				b.Fatal(err)
			}
			id := notificationID(msg.Header.Get("Message-Id"))
			at, ok := committed[id]
			if !ok {
				continue
			}
			if seen[id] {
				dups++
				continue
			}
			seen[id] = true
			lat = append(lat, m.At.Sub(at))
			if m.At.After(last) {
				last = m.At
			}
		}
		if len(lat) == total {
			break
		}
		need = len(received) + 1
	}
	b.ReportMetric(float64(dups), "duplicates")
	return lat, lastCommit.Sub(start), last.Sub(start)
}

// offer commits notification i at start + i×gap, each in a goroutine of its own, so
// that a slow commit does not hold back the ones after it: the rate offered is the rate
// named, whatever the database's pace. It records each notification's commit time by
// its id (the recipient's latest: a recipient's notifications are seconds apart) and
// returns the start.
func offer(b *testing.B, sys *flowtest.System, total int, gap time.Duration, notify func(context.Context, dispatch.Tx, int) error,
	recipient func(int) int64, committed map[int64]time.Time) time.Time {
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
	)
	start := time.Now()
	for i := 0; i < total; i++ {
		time.Sleep(time.Until(start.Add(time.Duration(i) * gap)))
		wg.Go(func() {
			ctx := context.Background()
			err := sys.Data.Store.InTx(ctx, func(ctx context.Context, tx dispatch.Tx) error { return notify(ctx, tx, i) })
			at := time.Now()
			var id int64
			if err == nil {
				id, err = sys.Data.Outbox.LatestEvent(ctx, recipient(i))
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			committed[id] = at
		})
	}
	wg.Wait()
	if len(errs) > 0 || len(committed) != total {
		b.Fatalf("%d commits recorded, errors %v; want %d", len(committed), errs, total)
	}
	return start
}

// notificationID reads the id out of "<notification-42-email@outreach>".
func notificationID(messageID string) int64 {
	s := strings.TrimPrefix(strings.Trim(messageID, "<>"), "notification-")
	id, _ := strconv.ParseInt(s[:strings.IndexByte(s, '-')], 10, 64)
	return id
}

func jsonID(body string, id *int64) error {
	_, err := fmt.Sscanf(body[strings.Index(body, `"id":`)+5:], "%d", id)
	return err
}

func percentile(d []time.Duration, p int) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[(len(d)-1)*p/100]
}
