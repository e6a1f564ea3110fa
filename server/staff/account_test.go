package staff_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/outreach-project/outreach/internal/auth"
)

// TestOfferStateMatrix extends the authorisation matrix to every offer state on both
// kinds of request: the interpreter "offered" may read a request only while its offer is
// pending (what deciding needs) or it holds the assignment (everything); in every other
// state the request is 404, and completing it is 404 unless assigned.
func TestOfferStateMatrix(t *testing.T) {
	ctx := context.Background()
	offerOf := func(f *apiFixture, requestID int64) int64 {
		offers, err := f.svc.Offers(ctx, f.people["offered"], "")
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range offers {
			if o.RequestID == requestID {
				return o.ID
			}
		}
		t.Fatalf("no offer of request %d", requestID)
		return 0
	}
	states := []struct {
		name             string
		to               func(f *apiFixture, requestID, offerID int64)
		get, complete    int
		details, inOffer bool
	}{
		{"pending", func(*apiFixture, int64, int64) {}, 200, 404, false, true},
		{"accepted", func(f *apiFixture, _, o int64) {
			f.mustCall(t, "offered", "POST", fmt.Sprintf("/api/v1/offers/%d/accept", o), 200)
		}, 200, 200, true, true},
		{"declined", func(f *apiFixture, _, o int64) {
			f.mustCall(t, "offered", "POST", fmt.Sprintf("/api/v1/offers/%d/decline", o), 200)
		}, 404, 404, false, false},
		{"conflict", func(f *apiFixture, _, o int64) {
			f.mustCall(t, "offered", "POST", fmt.Sprintf("/api/v1/offers/%d/conflict", o), 200)
		}, 404, 404, false, false},
		{"withdrawn", func(f *apiFixture, r, _ int64) {
			f.mustCall(t, "owner", "POST", fmt.Sprintf("/api/v1/requests/%d/cancel", r), 200)
		}, 404, 404, false, false},
		{"expired", func(f *apiFixture, r, _ int64) {
			if err := f.svc.Deadline(ctx, r, 1); err != nil {
				t.Fatal(err)
			}
		}, 404, 404, false, false},
		{"undeliverable", func(f *apiFixture, _, o int64) {
			if err := f.svc.Unreachable(ctx, o); err != nil {
				t.Fatal(err)
			}
		}, 404, 404, false, false},
	}
	for _, kind := range []string{"confidential", "ordinary"} {
		for _, st := range states {
			t.Run(kind+" "+st.name, func(t *testing.T) {
				f := mustAPI(t)
				r := f.requestID
				if kind == "ordinary" {
					r = f.general
				}
				o := offerOf(f, r)
				st.to(f, r, o)
				code, body := f.call(t, "offered", "GET", fmt.Sprintf("/api/v1/requests/%d", r), "")
				if code != st.get {
					t.Fatalf("GET request: %d %s, want %d", code, body, st.get)
				}
				if code == 200 {
					hasNotes := strings.Contains(body, "SENTINEL-NOTES") || strings.Contains(body, "plain notes")
					wantNotes := st.details || kind == "ordinary"
					if hasNotes != wantNotes || (!st.details && (strings.Contains(body, "case_type") || strings.Contains(body, "advocate_id"))) {
						t.Fatalf("GET request shows %s", body)
					}
				}
				_, offers := f.call(t, "offered", "GET", "/api/v1/offers", "")
				if got := strings.Contains(offers, fmt.Sprintf(`"request":{"id":%d`, r)); got != st.inOffer {
					t.Fatalf("offer list carries the request: %v, want %v: %s", got, st.inOffer, offers)
				}
				if code, body := f.call(t, "offered", "POST", fmt.Sprintf("/api/v1/requests/%d/complete", r), ""); code != st.complete {
					t.Fatalf("complete: %d %s, want %d", code, body, st.complete)
				}
			})
		}
	}
}

func (f *apiFixture) mustCall(t *testing.T, who, method, path string, want int) string {
	t.Helper()
	code, body := f.call(t, who, method, path, "")
	if code != want {
		t.Fatalf("%s %s as %s: %d %s, want %d", method, path, who, code, body, want)
	}
	return body
}

// TestResetImpersonationOverAPI reproduces the hole: a coordinator's password reset
// returned the new password. Now the answer has none, and the owner's token stops.
func TestResetImpersonationOverAPI(t *testing.T) {
	f := mustAPI(t)
	body := f.mustCall(t, "coordinator", "POST", fmt.Sprintf("/api/v1/users/%d/password-reset", f.users["owner"]), 200)
	if strings.Contains(body, "password") || strings.Contains(body, "token") || !strings.Contains(body, `"emailed":false`) {
		t.Fatalf("reset answer: %s", body)
	}
	f.mustCall(t, "owner", "GET", "/api/v1/me", 401)
}

// TestDeactivationOverAPI: a deactivated interpreter's token and calendar feed stop at
// once, and reactivation revives neither.
func TestDeactivationOverAPI(t *testing.T) {
	f := mustAPI(t)
	body := f.mustCall(t, "offered", "POST", fmt.Sprintf("/api/v1/interpreters/%d/calendar-url", f.interp["offered"].ID), 200)
	feed, _ := url.Parse(regexp.MustCompile(`"url":"([^"]+)"`).FindStringSubmatch(body)[1])
	f.mustCall(t, "nobody", "GET", feed.Path, 200)
	f.mustCall(t, "admin", "POST", fmt.Sprintf("/api/v1/users/%d/deactivate", f.users["offered"]), 200)
	f.mustCall(t, "offered", "GET", "/api/v1/me", 401)
	f.mustCall(t, "nobody", "GET", feed.Path, 404)
	f.mustCall(t, "admin", "POST", fmt.Sprintf("/api/v1/users/%d/reactivate", f.users["offered"]), 200)
	f.mustCall(t, "offered", "GET", "/api/v1/me", 401)
	f.mustCall(t, "nobody", "GET", feed.Path, 404)
	f.mustCall(t, "owner", "DELETE", fmt.Sprintf("/api/v1/tokens/%d", f.tokenIDs["owner"]), 204)
	f.mustCall(t, "owner", "GET", "/api/v1/me", 401)
}

// browser is a cookie-keeping client of the staff side that does not follow redirects.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, srv *httptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(req *http.Request) (int, string, http.Header) {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

func (b *browser) get(path string) (int, string, http.Header) {
	req, _ := http.NewRequest("GET", b.base+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values, headers ...string) (int, string, http.Header) {
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (b *browser) csrf(path string) string {
	b.t.Helper()
	_, page, _ := b.get(path)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s:\n%s", path, page)
	}
	return m[1]
}

// withPassword gives a fixture user a password through its own invitation link, as a
// person would.
func (f *apiFixture) withPassword(t *testing.T, email string) *auth.User {
	t.Helper()
	ctx := context.Background()
	u, issued, err := f.accounts.AddUser(ctx, auth.Operator(), auth.UserInput{Email: email, Name: "Sam", Role: auth.Advocate})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.accounts.SetPasswordWithLink(ctx, issued.Token, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	return u
}

// TestCSRFBoundToSession reproduces the hole: a CSRF token was not bound to the session
// and was accepted from the query string.
func TestCSRFBoundToSession(t *testing.T) {
	f := mustAPI(t)
	f.withPassword(t, "sam@example.org")
	srv := httptest.NewServer(f.srv)
	defer srv.Close()
	a, b := newBrowser(t, srv), newBrowser(t, srv)
	tokenA, tokenB := a.csrf("/staff/login"), b.csrf("/staff/login")
	form := url.Values{"email": {"sam@example.org"}, "password": {"correct horse battery"}}
	tests := []struct {
		name    string
		b       *browser
		path    string
		form    url.Values
		headers []string
		want    int
	}{
		{"another session's token", b, "/staff/login", with(form, "_csrf", tokenA), nil, 403},
		{"token in the query string", b, "/staff/login?_csrf=" + url.QueryEscape(tokenB), form, nil, 403},
		{"no token", b, "/staff/login", form, nil, 403},
		{"own token in the form", b, "/staff/login", with(form, "_csrf", tokenB), nil, 303},
		{"own token in the header", a, "/staff/login", form, []string{"X-CSRF-Token", tokenA}, 303},
	}
	for _, tt := range tests {
		if code, body, _ := tt.b.post(tt.path, tt.form, tt.headers...); code != tt.want {
			t.Fatalf("%s: %d, want %d\n%s", tt.name, code, tt.want, body)
		}
	}
	// Signing in gave a new token: the one from before no longer works.
	if code, _, _ := b.post("/staff/logout", url.Values{"_csrf": {tokenB}}); code != 403 {
		t.Fatalf("pre-sign-in token after sign-in: %d, want 403", code)
	}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// TestSetPasswordLink: an invitation link opens a page that changes nothing; choosing a
// password signs the owner in; the link then is spent. A reset ends that session.
func TestSetPasswordLink(t *testing.T) {
	f := mustAPI(t)
	ctx := context.Background()
	u, issued, err := f.accounts.AddUser(ctx, auth.Operator(), auth.UserInput{Email: "new@example.org", Name: "Nadia", Role: auth.Advocate})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f.srv)
	defer srv.Close()
	b := newBrowser(t, srv)
	page := "/staff/set-password?token=" + url.QueryEscape(issued.Token)
	for range 2 { // a mail scanner opening it first uses nothing up
		if code, body, _ := b.get(page); code != 200 || !strings.Contains(body, "Nadia") {
			t.Fatalf("set-password page: %d\n%s", code, body)
		}
	}
	csrf := b.csrf(page)
	if code, _, _ := b.post("/staff/set-password", url.Values{"_csrf": {csrf}, "token": {issued.Token}, "password": {"short"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("short password: %d, want 422", code)
	}
	code, _, h := b.post("/staff/set-password", url.Values{"_csrf": {csrf}, "token": {issued.Token}, "password": {"a long enough password"}})
	if code != http.StatusSeeOther || h.Get("Location") != "/staff/" {
		t.Fatalf("set password: %d %s", code, h.Get("Location"))
	}
	if code, _, _ := b.get("/staff/"); code != 200 {
		t.Fatalf("signed in after choosing a password: %d", code)
	}
	if code, _, _ := b.get(page); code != 404 {
		t.Fatalf("spent link: %d, want 404", code)
	}
	if _, err := f.accounts.ResetPassword(ctx, auth.Operator(), u.ID); err != nil {
		t.Fatal(err)
	}
	if code, _, h := b.get("/staff/"); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/staff/login") {
		t.Fatalf("session after a reset: %d %s, want sent to sign in", code, h.Get("Location"))
	}
}
