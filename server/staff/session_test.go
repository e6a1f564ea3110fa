package staff_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/outreach-project/outreach/server/staff"
)

// countingStore counts the session writes that reach the store.
type countingStore struct {
	scs.Store
	commits atomic.Int64
}

func (s *countingStore) Commit(token string, b []byte, expiry time.Time) error {
	s.commits.Add(1)
	return s.Store.Commit(token, b, expiry)
}

// TestSessionIdle: page views read the session without writing it back, except to
// record the use every SessionSeenEvery; a session idle for longer than SessionIdle
// has ended.
func TestSessionIdle(t *testing.T) {
	f := mustAPI(t)
	f.withPassword(t, "sam@example.org")
	srv := httptest.NewServer(f.srv)
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv)
	csrf := b.csrf("/staff/login")
	if code, _, _ := b.post("/staff/login", url.Values{"email": {"sam@example.org"}, "password": {"correct horse battery"}, "_csrf": {csrf}}); code != http.StatusSeeOther {
		t.Fatalf("sign in: Status=%d, want 303", code)
	}
	if code, _, _ := b.get("/staff/"); code != http.StatusOK {
		t.Fatalf("GET /staff/ after sign-in: Status=%d, want 200", code)
	}
	before := f.sessions.commits.Load()
	for range 5 {
		f.advance(30 * time.Second)
		if code, _, _ := b.get("/staff/"); code != http.StatusOK {
			t.Fatalf("GET /staff/: Status=%d, want 200", code)
		}
	}
	if n := f.sessions.commits.Load() - before; n != 0 {
		t.Fatalf("session writes for 5 page views within %v=%d, want 0", staff.SessionSeenEvery, n)
	}
	f.advance(staff.SessionSeenEvery)
	if code, _, _ := b.get("/staff/"); code != http.StatusOK {
		t.Fatalf("GET /staff/: Status=%d, want 200", code)
	}
	if n := f.sessions.commits.Load() - before; n != 1 {
		t.Fatalf("session writes after %v=%d, want 1 (the use recorded)", staff.SessionSeenEvery, n)
	}
	f.advance(staff.SessionIdle - time.Minute) // idle, but not for long enough
	if code, _, _ := b.get("/staff/"); code != http.StatusOK {
		t.Fatalf("GET /staff/ after %v idle: Status=%d, want 200", staff.SessionIdle-time.Minute, code)
	}
	f.advance(staff.SessionIdle + time.Second)
	code, _, h := b.get("/staff/")
	if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/staff/login") {
		t.Fatalf("GET /staff/ after %v idle: Status=%d Location=%q, want 303 to sign-in", staff.SessionIdle+time.Second, code, h.Get("Location"))
	}
	f.advance(time.Second) // the session stays ended
	if code, _, _ := b.get("/staff/"); code != http.StatusSeeOther {
		t.Fatalf("GET /staff/ again: Status=%d, want 303", code)
	}
}
