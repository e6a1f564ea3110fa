package staff_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/schedule"
	"github.com/outreach-project/outreach/internal/site"
	"github.com/outreach-project/outreach/internal/store/storetest"
	"github.com/outreach-project/outreach/server/staff"
	"github.com/outreach-project/outreach/server/web"
)

// sentinel is in the confidential request's notes and location: no coordinator page but
// break-glass may show it.
const sentinel = "SENTINEL-7f3a"

// coordFixture is the staff side on a real server and database, with one person of each
// role who signs in through the sign-in form, and a confidential in-person request.
type coordFixture struct {
	svc         *dispatch.Service
	advocate    *auth.User
	url         string
	requestID   int64
	interpreter int64 // an interpreter's profile id
	clients     map[string]*webClient
}

// webClient is a browser: it keeps cookies, does not follow redirects, and knows the
// CSRF token of its session.
type webClient struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var csrfInPage = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func newWebClient(t *testing.T, base string) *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (w *webClient) do(method, path string, form url.Values, lang string) (int, string) {
	w.t.Helper()
	var body io.Reader
	if form != nil {
		form.Set("_csrf", w.csrf)
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, w.base+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", lang)
	res, err := w.c.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(data)
}

// signIn takes a CSRF token from the sign-in page and, with an email, signs in through
// the form.
func (w *webClient) signIn(email, password string) {
	w.t.Helper()
	_, page := w.do("GET", "/staff/login", nil, "en")
	m := csrfInPage.FindStringSubmatch(page)
	if m == nil {
		w.t.Fatalf("no CSRF token on the sign-in page")
	}
	w.csrf = m[1]
	if email == "" {
		return
	}
	code, _ := w.do("POST", "/staff/login", url.Values{"email": {email}, "password": {password}, "next": {"/staff/"}}, "en")
	if code != http.StatusSeeOther {
		w.t.Fatalf("sign in as %s: %d, want 303", email, code)
	}
	// Signing in replaces the session and its CSRF token: take the new one.
	_, page = w.do("GET", "/staff/requests/new", nil, "en")
	if m := csrfInPage.FindStringSubmatch(page); m != nil {
		w.csrf = m[1]
		return
	}
	_, page = w.do("GET", "/staff/offers", nil, "en")
	if m := csrfInPage.FindStringSubmatch(page); m != nil {
		w.csrf = m[1]
	}
}

var coordRoles = []string{"advocate", "interpreter", "coordinator", "admin", "anonymous"}

func mustCoordinatorSite(t *testing.T) *coordFixture {
	t.Helper()
	ctx := context.Background()
	o := storetest.MustSQLite(t)
	s, _ := site.Load(outreach.Content(), "site.toml")
	reg, _ := locale.NewRegistry(s.Locales, s.DefaultLocale)
	ui, err := i18n.Load(outreach.Locales(), reg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	clock := func() time.Time { return now }
	svc, err := dispatch.NewService(dispatch.Deps{Store: o.Store, Now: clock, Location: s.Location, FallbackLine: "1-888-555-0199"})
	if err != nil {
		t.Fatal(err)
	}
	base, err := web.New(web.Deps{Site: s, Locales: reg, UI: ui, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := auth.NewService(auth.Deps{Store: o.Accounts, Now: clock, TestOnlyHashCost: &cheap})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := staff.New(base, staff.Deps{Dispatch: svc, Accounts: accounts, Events: o.Outbox, Changes: o.Changes, Now: clock,
		Sessions: staff.NewSessions(o.Sessions, false)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	f := &coordFixture{svc: svc, url: ts.URL, clients: map[string]*webClient{}}
	const password = "correct horse battery staple"
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]*auth.User{}
	for name, role := range map[string]auth.Role{"advocate": auth.Advocate, "coordinator": auth.Coordinator, "admin": auth.Admin} {
		u, _, err := accounts.AddUser(ctx, auth.Operator(), auth.UserInput{Email: name + "@example.org", Name: name, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	f.advocate = users["advocate"]
	d, _ := dispatch.ParseDate("2026-01-01")
	i, err := svc.CreateInterpreter(ctx, users["coordinator"], dispatch.InterpreterInput{Name: "Interpreter", Email: "interpreter@example.org",
		Languages: []string{"ar"}, Modalities: []dispatch.Modality{dispatch.Phone, dispatch.InPerson}, BackgroundCheckOn: &d, DVTrainingOn: &d})
	if err != nil {
		t.Fatal(err)
	}
	f.interpreter = i.ID
	for _, email := range []string{"advocate@example.org", "coordinator@example.org", "admin@example.org", "interpreter@example.org"} {
		if _, err := o.SQL.ExecContext(ctx, "UPDATE users SET password_hash = ? WHERE email = ?", hash, email); err != nil {
			t.Fatal(err)
		}
	}
	sh := &schedule.Shift{InterpreterID: i.ID, Language: "ar", Level: schedule.Primary, StartsAt: now.Add(-time.Hour), EndsAt: now.Add(time.Hour)}
	if err := svc.AddShift(ctx, users["coordinator"], sh); err != nil {
		t.Fatal(err)
	}
	r, err := svc.CreateRequest(ctx, users["advocate"], dispatch.RequestInput{Language: "ar", Modality: dispatch.InPerson, Urgency: dispatch.Now,
		DurationMinutes: 30, CaseType: dispatch.DomesticViolence, Location: sentinel + " room", Notes: sentinel + " notes"})
	if err != nil {
		t.Fatal(err)
	}
	f.requestID = r.ID
	for _, role := range coordRoles {
		w := newWebClient(t, ts.URL)
		email := role + "@example.org"
		if role == "anonymous" {
			email = ""
		}
		w.signIn(email, password)
		f.clients[role] = w
	}
	return f
}

// coordRoute is a coordinator page with the status each role must get.
type coordRoute struct {
	method, path string
	form         func(role string) url.Values // nil for a GET
	want         map[string]int
}

func (f *coordFixture) routes() []coordRoute {
	staffOnly := func(ok int) map[string]int {
		return map[string]int{"advocate": 403, "interpreter": 403, "coordinator": ok, "admin": ok, "anonymous": 303}
	}
	posted := func(ok int) map[string]int {
		m := staffOnly(ok)
		m["anonymous"] = 401
		return m
	}
	day := map[string]string{"coordinator": "monday", "admin": "tuesday", "advocate": "wednesday", "interpreter": "thursday", "anonymous": "friday"}
	week := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	return []coordRoute{
		{method: "GET", path: "/staff/board", want: staffOnly(200)},
		{method: "GET", path: "/staff/interpreters", want: staffOnly(200)},
		{method: "GET", path: "/staff/interpreters/new", want: staffOnly(200)},
		{method: "POST", path: "/staff/interpreters", want: posted(303), form: func(role string) url.Values {
			return url.Values{"name": {"New " + role}, "email": {"new-" + role + "@example.org"}, "languages": {"fa, prs"}, "modalities": {"phone", "video"}}
		}},
		{method: "GET", path: fmt.Sprintf("/staff/interpreters/%d", f.interpreter), want: staffOnly(200)},
		{method: "POST", path: fmt.Sprintf("/staff/interpreters/%d", f.interpreter), want: posted(303), form: func(string) url.Values {
			return url.Values{"name": {"Interpreter"}, "languages": {"ar"}, "modalities": {"phone", "in_person"}}
		}},
		{method: "POST", path: fmt.Sprintf("/staff/interpreters/%d/active", f.interpreter), want: posted(303), form: func(string) url.Values {
			return url.Values{"active": {"true"}}
		}},
		{method: "GET", path: "/staff/rotations?language=ar", want: staffOnly(200)},
		{method: "POST", path: "/staff/rotations/shifts", want: posted(303), form: func(string) url.Values {
			return url.Values{"language": {"ar"}, "level": {"secondary"}, "interpreter_id": {fmt.Sprint(f.interpreter)},
				"starts_at": {week + "T09:00"}, "ends_at": {week + "T17:00"}}
		}},
		{method: "POST", path: "/staff/rotations/slots", want: posted(303), form: func(role string) url.Values {
			return url.Values{"language": {"ar"}, "level": {"primary"}, "interpreter_id": {fmt.Sprint(f.interpreter)}, "day": {day[role]},
				"start": {"18:00"}, "end": {"08:00"}}
		}},
		{method: "GET", path: "/staff/policies", want: staffOnly(200)},
		{method: "GET", path: "/staff/policies/ar", want: staffOnly(200)},
		{method: "POST", path: "/staff/policies/ar", want: posted(303), form: func(string) url.Values {
			return url.Values{"step-1-targets": {"primary"}, "step-1-timeout": {"60"}, "step-2-targets": {"secondary", "coordinator"}, "step-2-timeout": {"15"}}
		}},
		{method: "GET", path: "/staff/audit", want: staffOnly(200)},
		{method: "GET", path: "/staff/audit?action=request.break_glass&from=2020-01-01&to=2100-01-01", want: staffOnly(200)},
		{method: "GET", path: fmt.Sprintf("/staff/requests/%d/break-glass", f.requestID), want: staffOnly(200)},
		{method: "POST", path: fmt.Sprintf("/staff/requests/%d/break-glass", f.requestID), want: posted(200), form: func(role string) url.Values {
			return url.Values{"reason": {"The advocate called: the interpreter cannot find the room."}}
		}},
	}
}

// TestCoordinatorPagesAuthorization signs each role in through the form and opens every
// coordinator page: only coordinators and admins get in; no page but break-glass shows
// a confidential request's notes or location.
func TestCoordinatorPagesAuthorization(t *testing.T) {
	f := mustCoordinatorSite(t)
	for _, r := range f.routes() {
		for _, role := range coordRoles {
			t.Run(role+" "+r.method+" "+r.path, func(t *testing.T) {
				var form url.Values
				if r.form != nil {
					form = r.form(role)
				}
				code, body := f.clients[role].do(r.method, r.path, form, "en")
				if code != r.want[role] {
					t.Fatalf("Status=%d, want %d\n%s", code, r.want[role], body)
				}
				breakGlass := strings.HasSuffix(r.path, "/break-glass") && r.method == "POST"
				if strings.Contains(body, sentinel) != (breakGlass && code == 200) {
					t.Fatalf("sentinel shown=%v, want %v", strings.Contains(body, sentinel), breakGlass && code == 200)
				}
			})
		}
	}
	// After break-glass the board and the audit log still show no details, and the
	// audit log shows the grant with its reason.
	coord := f.clients["coordinator"]
	for _, path := range []string{"/staff/board", "/staff/audit"} {
		if code, body := coord.do("GET", path, nil, "en"); code != 200 || strings.Contains(body, sentinel) {
			t.Fatalf("%s after break-glass: %d, sentinel shown=%v", path, code, strings.Contains(body, sentinel))
		}
	}
	if _, body := coord.do("GET", "/staff/audit?action=request.break_glass", nil, "en"); !strings.Contains(body, "cannot find the room") {
		t.Fatalf("audit log does not list the break-glass reason")
	}
}

var unresolvedKey = regexp.MustCompile(`\b(Coord[A-Z][A-Za-z_]*|Err[A-Z][A-Za-z]+|Status_[a-z]+|Modality_[a-z_]+)\b|<no value>`)

// TestCoordinatorPagesRender renders every coordinator page in English and in Arabic
// (right to left), with headings, labelled tables and no missing strings.
func TestCoordinatorPagesRender(t *testing.T) {
	f := mustCoordinatorSite(t)
	coord := f.clients["coordinator"]
	pages := []string{"/staff/board", "/staff/interpreters", "/staff/interpreters/new", fmt.Sprintf("/staff/interpreters/%d", f.interpreter),
		"/staff/rotations?language=ar&week=2026-W49", "/staff/policies", "/staff/policies/ar", "/staff/policies/default", "/staff/audit",
		fmt.Sprintf("/staff/requests/%d/break-glass", f.requestID)}
	for _, lang := range []struct{ id, html string }{{"en", `lang="en" dir="ltr"`}, {"ar", `lang="ar" dir="rtl"`}} {
		for _, path := range pages {
			t.Run(lang.id+" "+path, func(t *testing.T) {
				code, body := coord.do("GET", path, nil, lang.id)
				if code != 200 {
					t.Fatalf("Status=%d, want 200", code)
				}
				if !strings.Contains(body, lang.html) || !strings.Contains(body, "<h1>") || !strings.Contains(body, `<nav class="staffnav"`) {
					t.Fatalf("page lacks %s, a heading or the navigation:\n%s", lang.html, body)
				}
				if m := unresolvedKey.FindString(body); m != "" {
					t.Fatalf("unresolved string %q in the page", m)
				}
				if strings.Contains(body, "<table") && !strings.Contains(body, `<th scope="col">`) {
					t.Fatalf("a table without column headers")
				}
				if strings.Contains(body, "http-equiv") || strings.Contains(body, "<script>") {
					t.Fatalf("a meta refresh or an inline script")
				}
			})
		}
	}
	_, board := coord.do("GET", "/staff/board", nil, "en")
	for _, want := range []string{`id="board"`, `src="/static/board.`, `href="/staff/board"`, fmt.Sprintf(`href="/staff/requests/%d/break-glass"`, f.requestID), "Step 1 of"} {
		if !strings.Contains(board, want) {
			t.Fatalf("board lacks %s:\n%s", want, board)
		}
	}
	if _, page := coord.do("GET", "/staff/rotations?language=ar", nil, "en"); !strings.Contains(page, "Gap: nobody on call") {
		t.Fatalf("rotations page shows no gap in words")
	}
}

// TestCoordinatorFormErrors: bad input is shown on the form in the reader's language,
// naming the field as the form labels it, and changes nothing.
func TestCoordinatorFormErrors(t *testing.T) {
	f := mustCoordinatorSite(t)
	coord := f.clients["coordinator"]
	tests := []struct {
		name, path, lang string
		form             url.Values
		want             int
		says             string
	}{
		{name: "timeout under 15 s", path: "/staff/policies/ar", lang: "en", want: 422, says: "Step 2: wait (seconds)",
			form: url.Values{"step-1-targets": {"primary"}, "step-1-timeout": {"60"}, "step-2-targets": {"secondary"}, "step-2-timeout": {"5"}}},
		{name: "timeout under 15 s, Arabic", path: "/staff/policies/ar", lang: "ar", want: 422, says: "الخطوة 2: الانتظار (بالثواني)",
			form: url.Values{"step-1-targets": {"primary"}, "step-1-timeout": {"60"}, "step-2-targets": {"secondary"}, "step-2-timeout": {"5"}}},
		{name: "a skipped row keeps its number", path: "/staff/policies/ar", lang: "en", want: 422, says: "Step 3: who is asked",
			form: url.Values{"step-1-targets": {"primary"}, "step-1-timeout": {"60"}, "step-3-timeout": {"60"}}},
		{name: "no steps", path: "/staff/policies/ar", lang: "fr", want: 422, says: "Étapes", form: url.Values{}},
		{name: "interpreter without languages", path: "/staff/interpreters", lang: "en", want: 422, says: "Languages",
			form: url.Values{"name": {"X"}, "email": {"x@example.org"}, "modalities": {"phone"}}},
		{name: "interpreter with a bad date", path: "/staff/interpreters", lang: "en", want: 422, says: "Background check on",
			form: url.Values{"name": {"X"}, "email": {"x@example.org"}, "languages": {"ar"}, "modalities": {"phone"}, "background_check_on": {"soon"}}},
		{name: "break-glass without a reason", path: fmt.Sprintf("/staff/requests/%d/break-glass", f.requestID), lang: "en", want: 422, says: "Reason",
			form: url.Values{"reason": {"why"}}},
		{name: "overlapping weekly slot", path: "/staff/rotations/slots", lang: "en", want: 422, says: "From",
			form: url.Values{"language": {"ar"}, "level": {"primary"}, "interpreter_id": {fmt.Sprint(f.interpreter)}, "day": {"sunday"}, "start": {"00:00"}, "end": {"00:00"}}},
		{name: "shift ending before it starts", path: "/staff/rotations/shifts", lang: "en", want: 422, says: "Ends",
			form: url.Values{"language": {"ar"}, "level": {"primary"}, "interpreter_id": {fmt.Sprint(f.interpreter)}, "starts_at": {"2026-12-01T10:00"}, "ends_at": {"2026-12-01T09:00"}}},
	}
	// The overlapping slot needs one to overlap.
	if code, _ := coord.do("POST", "/staff/rotations/slots", url.Values{"language": {"ar"}, "level": {"primary"}, "interpreter_id": {fmt.Sprint(f.interpreter)},
		"day": {"sunday"}, "start": {"10:00"}, "end": {"12:00"}}, "en"); code != 303 {
		t.Fatalf("add slot: %d, want 303", code)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := coord.do("POST", tt.path, tt.form, tt.lang)
			if code != tt.want || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, tt.says) {
				t.Fatalf("Status=%d, want %d with an alert naming %q:\n%s", code, tt.want, tt.says, body)
			}
		})
	}
	if _, body := coord.do("GET", "/staff/policies/ar", nil, "en"); !strings.Contains(body, "From Arabic") && !strings.Contains(body, "The default") {
		t.Fatalf("after refused saves the policy page no longer shows the inherited policy")
	}
}

// TestCoordinatorEmailTaken: an interpreter whose email is taken is refused with 409 on
// the form, which keeps what was typed.
func TestCoordinatorEmailTaken(t *testing.T) {
	f := mustCoordinatorSite(t)
	code, body := f.clients["coordinator"].do("POST", "/staff/interpreters",
		url.Values{"name": {"Someone Else"}, "email": {"interpreter@example.org"}, "languages": {"ar"}, "modalities": {"phone"}}, "en")
	if code != http.StatusConflict || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, `value="Someone Else"`) {
		t.Fatalf("Status=%d, want 409 with an alert and the form as typed:\n%s", code, body)
	}
}
