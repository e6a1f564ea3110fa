package bench

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/flowtest"
)

// BenchmarkDeadlines keeps 1,000 requests open (Somali, an hour's escalation step) and,
// while they are, files 50 Arabic requests at 5 a second, each with an escalation
// deadline 15 s after it was filed. It measures how late each of those deadlines fires:
// from the deadline to the escalation's event (the request handed to the fallback line).
func BenchmarkDeadlines(b *testing.B) {
	for _, engine := range engines {
		b.Run(engine.name, func(b *testing.B) {
			for b.Loop() {
				late := deadlines(b, engine.database(b), 1000, 50)
				b.ReportMetric(percentile(late, 50).Seconds()*1000, "p50_late_ms")
				b.ReportMetric(percentile(late, 99).Seconds()*1000, "p99_late_ms")
				b.ReportMetric(percentile(late, 100).Seconds()*1000, "max_late_ms")
			}
		})
	}
}

type requestView struct {
	ID         int64      `json:"id"`
	Status     string     `json:"status"`
	DeadlineAt *time.Time `json:"deadline_at"`
	Events     []struct {
		At time.Time `json:"at"`
		To string    `json:"to"`
	} `json:"events"`
}

func deadlines(b *testing.B, database string, open, n int) []time.Duration {
	sys := flowtest.StartOn(b, database, flowtest.StartSMTP(b), nil)
	sys.User("coord", auth.Coordinator, "en")
	sys.User("adv", auth.Advocate, "en")
	now := time.Now().UTC()
	for i, lang := range []string{"so", "ar"} {
		sys.MustCall("coord", "POST", "/api/v1/interpreters", fmt.Sprintf(`{"name":"I","email":"i%d@example.org","languages":[%q],"modalities":["phone"]}`, i, lang), 201)
		sys.MustCall("coord", "POST", "/api/v1/shifts", fmt.Sprintf(`{"interpreter_id":%d,"language":%q,"level":"primary","starts_at":%q,"ends_at":%q}`,
			i+1, lang, now.Add(-time.Hour).Format(time.RFC3339), now.Add(3*time.Hour).Format(time.RFC3339)), 201)
	}
	sys.MustCall("coord", "PUT", "/api/v1/escalation-policies/so", `{"steps":[{"targets":["primary"],"timeout_seconds":3600}]}`, 200)
	sys.MustCall("coord", "PUT", "/api/v1/escalation-policies/ar", `{"steps":[{"targets":["primary"],"timeout_seconds":15}]}`, 200)
	var wg sync.WaitGroup
	for w := range 4 { // four advocates' browsers filing at once
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < open; i += 4 {
				sys.MustCall("adv", "POST", "/api/v1/requests", `{"language":"so","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, 201)
			}
		}()
	}
	wg.Wait()
	ids, due := make([]int64, n), make([]time.Time, n)
	for i := range n {
		var r requestView
		_ = json.Unmarshal([]byte(sys.MustCall("adv", "POST", "/api/v1/requests", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, 201)), &r)
		if r.DeadlineAt == nil {
			b.Fatalf("request %d has no deadline", r.ID)
		}
		ids[i], due[i] = r.ID, *r.DeadlineAt
		time.Sleep(200 * time.Millisecond)
	}
	late := make([]time.Duration, 0, n)
	for i, id := range ids {
		var r requestView
		flowtest.Eventually(b, 5*time.Minute, "every deadline fired", func() bool {
			_ = json.Unmarshal([]byte(sys.MustCall("adv", "GET", fmt.Sprintf("/api/v1/requests/%d", id), "", 200)), &r)
			return r.Status == "fallback"
		})
		for _, e := range r.Events {
			if e.To == "fallback" {
				late = append(late, e.At.Sub(due[i]))
			}
		}
	}
	if len(late) != n {
		b.Fatalf("%d deadlines fired once, want %d", len(late), n)
	}
	return late
}
