package flowtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/outreach-project/outreach/internal/auth"
)

// browser is a cookie-keeping client that does not follow redirects.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	return newBrowserFrom(t, base, "")
}

// newBrowserFrom is a browser on a machine of its own: its connections come from the
// loopback address ip (127.0.0.0/8 all reaches this host), as people at different
// computers would, so that per-address sign-in limits see different people.
func newBrowserFrom(t *testing.T, base, ip string) *browser {
	jar, _ := cookiejar.New(nil)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if ip != "" {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
		tr.DialContext = d.DialContext
	}
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string) (int, string, http.Header) {
	b.t.Helper()
	res, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

func (b *browser) post(path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	res, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token in page:\n%s", page)
	}
	return m[1]
}

func setPassword(t *testing.T, sys *System, email, password string) {
	t.Helper()
	hash, _ := auth.HashPassword(password)
	if _, err := sys.Data.SQL.ExecContext(context.Background(), "UPDATE users SET password_hash = ? WHERE email = ?", hash, email); err != nil {
		t.Fatal(err)
	}
}

func TestStaffOfferPage(t *testing.T) {
	smtpSrv := StartSMTP(t)
	sys := Start(t, smtpSrv, nil)
	hana, _ := setup(t, sys)
	longSteps(t, sys)
	sys.MustCall("adv", "POST", "/api/v1/requests", confidentialRequest("in_person"), 201)
	offer := offerIDs(t, sys, fmt.Sprint("interp", hana))[0]
	setPassword(t, sys, "hana@example.org", "correct horse battery")
	page := fmt.Sprintf("/staff/offers/%d", offer)

	b := newBrowser(t, sys.API.URL)
	code, _, h := b.get(page)
	if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/staff/login?next=") {
		t.Fatalf("signed out: %d %s, want a redirect to sign in", code, h.Get("Location"))
	}
	_, login, _ := b.get(h.Get("Location"))
	if code, _, _ := b.post("/staff/login", url.Values{"email": {"hana@example.org"}, "password": {"correct horse battery"}}); code != http.StatusForbidden {
		t.Fatalf("sign-in without CSRF token: %d, want 403", code)
	}
	for _, wrong := range []url.Values{
		{"email": {"hana@example.org"}, "password": {"wrong"}},
		{"email": {"nobody@example.org"}, "password": {"wrong"}},
	} {
		wrong.Set("_csrf", csrfOf(t, login))
		if code, body, _ := b.post("/staff/login", wrong); code != http.StatusUnauthorized || !strings.Contains(body, "role=\"alert\"") {
			t.Fatalf("wrong sign-in: %d, want 401 with a message", code)
		}
	}
	form := url.Values{"email": {"hana@example.org"}, "password": {"correct horse battery"}, "_csrf": {csrfOf(t, login)}, "next": {page}}
	if code, _, h := b.post("/staff/login", form); code != http.StatusSeeOther || h.Get("Location") != page {
		t.Fatalf("sign-in: %d %s, want a redirect back to the offer", code, h.Get("Location"))
	}
	var failed, signedIn int
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM audit_events WHERE action = 'auth.sign_in_failed'").Scan(&failed)
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM audit_events WHERE action = 'auth.sign_in'").Scan(&signedIn)
	if failed != 2 || signedIn != 1 {
		t.Fatalf("audit: %d failed and %d sign-ins, want 2 and 1", failed, signedIn)
	}
	// Opening the page (as a mail scanner would) changes nothing.
	for range 3 {
		code, body, _ := b.get(page)
		if code != 200 || strings.Contains(body, "SENTINEL") || !strings.Contains(body, `lang="ar" dir="rtl"`) {
			t.Fatalf("offer page: %d, want 200 in Arabic without confidential details", code)
		}
	}
	if n := len(offerIDs(t, sys, fmt.Sprint("interp", hana))); n != 1 {
		t.Fatalf("after GETs the offer is no longer pending")
	}
	_, body, _ := b.get(page)
	if code, _, _ := b.post(page+"/accept", url.Values{}); code != http.StatusForbidden {
		t.Fatalf("accept without CSRF token: %d, want 403", code)
	}
	if code, _, _ := b.post(page+"/accept", url.Values{"_csrf": {csrfOf(t, body)}}); code != http.StatusSeeOther {
		t.Fatalf("accept: %d, want 303", code)
	}
	_, body, _ = b.get(page)
	if !strings.Contains(body, "role=\"status\"") || strings.Contains(body, `action="`+page+`/accept"`) {
		t.Fatalf("after accepting: no confirmation, or the buttons are still there")
	}
	var reqID int64
	_ = sys.Data.SQL.QueryRow("SELECT request_id FROM offers WHERE id = ?", offer).Scan(&reqID)
	if _, body, _ := b.get(fmt.Sprintf("/staff/requests/%d", reqID)); !strings.Contains(body, "SENTINEL-NOTES") {
		t.Fatalf("the assigned interpreter does not see the details after accepting")
	}
	// The live event stream answers a signed-in browser too.
	res, err := b.c.Get(b.base + "/staff/events")
	if err != nil || res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("staff event stream: %v %v", res, err)
	}
	res.Body.Close()
	_, body, _ = b.get("/staff/offers")
	if code, _, _ := b.post("/staff/logout", url.Values{"_csrf": {csrfOf(t, body)}}); code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", code)
	}
	if code, _, _ := b.get(page); code != http.StatusSeeOther {
		t.Fatalf("after signing out the page still opens: %d", code)
	}
}

// TestSignInRateLimited: a burst of sign-in attempts from one address is cut off with 429,
// and does not lock the account for its owner elsewhere.
func TestSignInRateLimited(t *testing.T) {
	sys := Start(t, StartSMTP(t), nil)
	sys.User("adv", auth.Advocate, "en")
	setPassword(t, sys, "adv@example.org", "the real password")
	b := newBrowser(t, sys.API.URL)
	_, login, _ := b.get("/staff/login")
	codes := []int{}
	for i := 0; i < 7; i++ {
		code, _, _ := b.post("/staff/login", url.Values{"email": {"adv@example.org"}, "password": {"guess"}, "_csrf": {csrfOf(t, login)}})
		codes = append(codes, code)
	}
	if codes[0] != http.StatusUnauthorized || codes[6] != http.StatusTooManyRequests {
		t.Fatalf("statuses %v, want 401s then 429", codes)
	}
	// One address cannot lock the account for everyone: it only shuts itself out.
	var locked int
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM users WHERE locked_until IS NOT NULL").Scan(&locked)
	if locked != 0 {
		t.Fatalf("one address locked the account for everyone")
	}
}

// TestReadyz answers 200 while the database answers and 503 once it is gone.
func TestReadyz(t *testing.T) {
	sys := Start(t, StartSMTP(t), nil)
	if res, err := http.Get(sys.API.URL + "/readyz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", res, err)
	}
	sys.Data.Close() // the writer and the read pool /readyz asks
	if res, err := http.Get(sys.API.URL + "/readyz"); err != nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz without a database: %v %v, want 503", res, err)
	}
}

// TestCalendarFeedURL: an interpreter gets a secret feed URL a calendar app can fetch
// without a token; a made-up one is 404, and logs never show the secret.
func TestCalendarFeedURL(t *testing.T) {
	sys := Start(t, StartSMTP(t), nil)
	hana, _ := setup(t, sys)
	var out struct{ URL string }
	_ = json.Unmarshal([]byte(sys.MustCall(fmt.Sprint("interp", hana), "POST", fmt.Sprintf("/api/v1/interpreters/%d/calendar-url", hana), "", 200)), &out)
	res, err := http.Get(out.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "BEGIN:VEVENT") || !strings.Contains(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", res.StatusCode, body)
	}
	if res, _ := http.Get(sys.API.URL + "/calendar/otk_madeup.ics"); res.StatusCode != 404 {
		t.Fatalf("made-up feed: %d, want 404", res.StatusCode)
	}
	secret := out.URL[strings.LastIndex(out.URL, "/")+1:]
	if strings.Contains(sys.Log.String(), strings.TrimSuffix(secret, ".ics")) {
		t.Fatalf("the feed's secret is in the log")
	}
}
