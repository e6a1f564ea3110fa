package flowtest

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/mail"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // reads the shared database after the run

	"github.com/outreach-project/outreach/internal/store/storetest"
)

func requestState(base, token string, id int64) string {
	var r struct {
		Status string `json:"status"`
		Events []struct {
			To   string `json:"to"`
			Note string `json:"note"`
		} `json:"events"`
	}
	code := call(base, token, "GET", fmt.Sprintf("/api/v1/requests/%d", id), "", &r)
	return fmt.Sprintf("%d %s %+v", code, r.Status, r.Events)
}

// TestTwoInstances runs two outreach serve processes on one PostgreSQL database. Three
// interpreters accept the same requests at once through both: exactly one wins each.
// Then one instance is killed while requests wait for their escalation deadlines: the
// other fires each deadline once, and every message is emailed once, except that a
// message the mail server had accepted when the instance died, before its delivery was
// recorded, may be sent once more by the other (delivery is at least once; the copies
// share their Message-ID, so receiving systems drop the second).
func TestTwoInstances(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary; skipped with -short")
	}
	url := storetest.PostgresURL(t)
	bin, smtpSrv := mustBinary(t), StartSMTP(t)
	key := filepath.Join(t.TempDir(), "master.key")
	args := func() []string {
		return []string{"--database", url, "--data", t.TempDir(), "--key-file", key,
			"--smtp-url", "smtp://" + smtpSrv.Addr + "?tls=none", "--mail-from", "outreach@example.org"}
	}
	cli(t, bin, "user", "add", "--database", url, "--key-file", key, "--role", "coordinator", "--email", "c@example.org", "--name", "C")
	cli(t, bin, "user", "add", "--database", url, "--key-file", key, "--role", "advocate", "--email", "a@example.org", "--name", "A")
	coord := cli(t, bin, "token", "create", "--database", url, "--key-file", key, "--email", "c@example.org")
	adv := cli(t, bin, "token", "create", "--database", url, "--key-file", key, "--email", "a@example.org")
	a, b := startServe(t, bin, args()...), startServe(t, bin, args()...)

	now := time.Now().UTC()
	var interpreters []string
	for i := range 3 {
		email := fmt.Sprintf("i%d@example.org", i)
		var in struct{ ID int64 }
		if code := call(a.base, coord, "POST", "/api/v1/interpreters", `{"name":"I","email":"`+email+`","languages":["so"],"modalities":["phone"]}`, &in); code != 201 {
			t.Fatalf("create interpreter: %d", code)
		}
		shift := fmt.Sprintf(`{"interpreter_id":%d,"language":"so","level":"primary","starts_at":%q,"ends_at":%q}`, in.ID, now.Add(-time.Hour).Format(time.RFC3339), now.Add(3*time.Hour).Format(time.RFC3339))
		if code := call(b.base, coord, "POST", "/api/v1/shifts", shift, nil); code != 201 {
			t.Fatalf("create shift: %d", code)
		}
		interpreters = append(interpreters, cli(t, bin, "token", "create", "--database", url, "--key-file", key, "--email", email))
	}
	if code := call(a.base, coord, "PUT", "/api/v1/escalation-policies/so", `{"steps":[{"targets":["all_qualified"],"timeout_seconds":15}]}`, nil); code != 200 {
		t.Fatalf("put policy: %d", code)
	}
	// file files a request for now, or for a time later (an interpreter who accepted one
	// is booked for its time, and still free for another's).
	file := func(base string, later time.Duration) int64 {
		body := `{"language":"so","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`
		if later > 0 {
			body = fmt.Sprintf(`{"language":"so","modality":"phone","urgency":"scheduled","starts_at":%q,"duration_minutes":30,"case_type":"general"}`, now.Add(later).Format(time.RFC3339))
		}
		var r struct{ ID int64 }
		if code := call(base, adv, "POST", "/api/v1/requests", body, &r); code != 201 {
			t.Fatalf("file a request: %d", code)
		}
		return r.ID
	}

	// Concurrent accepts through both instances: one winner a request.
	for k := range 3 {
		id := file([]string{a.base, b.base}[k%2], time.Duration(k+1)*time.Hour)
		// Every interpreter holds the offer first; then all accept at once.
		offerOf := make([]int64, len(interpreters))
		for i, tok := range interpreters {
			base := []string{a.base, b.base}[i%2]
			Eventually(t, 10*time.Second, fmt.Sprintf("an offer of request %d (%s) for interpreter %d", id, requestState(base, adv, id), i), func() bool {
				var offers []struct {
					ID        int64 `json:"id"`
					RequestID int64 `json:"request_id"`
				}
				if call(base, tok, "GET", "/api/v1/offers?status=pending", "", &offers) != 200 {
					return false
				}
				for _, o := range offers {
					if o.RequestID == id {
						offerOf[i] = o.ID
					}
				}
				return offerOf[i] != 0
			})
		}
		var wg sync.WaitGroup
		codes := make([]int, len(interpreters))
		start := make(chan struct{})
		for i, tok := range interpreters {
			base := []string{a.base, b.base}[i%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				codes[i] = call(base, tok, "POST", fmt.Sprintf("/api/v1/offers/%d/accept", offerOf[i]), "", nil)
			}()
		}
		close(start)
		wg.Wait()
		wins := 0
		for _, c := range codes {
			if c == 200 {
				wins++
			}
		}
		if wins != 1 {
			t.Fatalf("request %d: accept answers %v, want exactly one 200", id, codes)
		}
	}

	// Requests nobody accepts; the instance that filed them dies before their deadlines.
	var waiting []int64
	for range 3 {
		waiting = append(waiting, file(a.base, 0))
	}
	a.kill()
	killed := time.Now()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	Eventually(t, 90*time.Second, "the surviving instance firing every deadline", func() bool {
		var left int
		_ = db.QueryRow(`SELECT count(*) FROM requests WHERE status = 'offered'`).Scan(&left)
		return left == 0
	})
	for _, id := range waiting {
		var fired int
		if err := db.QueryRow(`SELECT count(*) FROM request_events WHERE request_id = $1 AND to_status = 'fallback'`, id).Scan(&fired); err != nil {
			t.Fatal(err)
		}
		if fired != 1 {
			t.Fatalf("request %d went to the fallback line %d times, want once", id, fired)
		}
	}

	// Every notification is emailed exactly once.
	Eventually(t, 90*time.Second, "every notification emailed", func() bool {
		var unsent int
		_ = db.QueryRow(`SELECT count(*) FROM notifications n WHERE NOT EXISTS
			(SELECT 1 FROM deliveries d WHERE d.notification_id = n.id AND d.status = 'sent')`).Scan(&unsent)
		return unsent == 0
	})
	copies := map[string][]time.Time{} // Message-ID -> when each copy arrived
	for _, m := range smtpSrv.Mail() {
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		id := msg.Header.Get("Message-Id")
		copies[id] = append(copies[id], m.At)
	}
	var notifications int
	_ = db.QueryRow(`SELECT count(*) FROM notifications`).Scan(&notifications)
	if len(copies) != notifications {
		t.Fatalf("%d distinct emails for %d notifications", len(copies), notifications)
	}
	resent := 0
	for id, at := range copies {
		switch {
		case len(at) == 1:
		case len(at) == 2 && !at[0].After(killed) && at[1].After(killed):
			// In flight at the kill: accepted by the mail server, not yet recorded.
			resent++
		default:
			t.Fatalf("email %s arrived %d times (%v; the instance was killed at %v), want once, or twice for a message in flight at the kill", id, len(at), at, killed)
		}
	}
	// The dead instance had at most maxConns messages at the mail server at once.
	if resent > maxConns {
		t.Fatalf("%d emails sent again after the kill, want at most %d (one per connection the instance could hold)", resent, maxConns)
	}
	if resent > 0 {
		t.Logf("%d email(s) in flight at the kill were sent again by the other instance", resent)
	}
}

// maxConns is notify's bound on the SMTP connections one instance holds.
const maxConns = 20
