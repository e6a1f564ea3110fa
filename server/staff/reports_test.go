package staff_test

import (
	"context"
	"encoding/csv"
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

// Sentinels typed into a confidential request: no report, CSV or list may show them.
const (
	sentinelNotes    = "SENTINEL-NOTES-7f3a"
	sentinelLocation = "SENTINEL-LOCATION-7f3a"
)

const pagePassword = "correct horse battery staple"

// pagesFixture is the staff side on a fresh SQLite database with a person of every role
// who can sign in (and an Arabic-reading coordinator and admin), and a few requests: one
// accepted, one confidential handed to the fallback line, one cancelled.
type pagesFixture struct {
	srv *httptest.Server
}

var pageRoles = map[string]auth.Role{
	"advocate": auth.Advocate, "coordinator": auth.Coordinator, "admin": auth.Admin,
	"coordinator-ar": auth.Coordinator, "admin-ar": auth.Admin,
}

func mustPages(t *testing.T) *pagesFixture {
	t.Helper()
	ctx := context.Background()
	o := storetest.MustSQLite(t)
	s, _ := site.Load(outreach.Content(), "site.toml")
	reg, _ := locale.NewRegistry(s.Locales, s.DefaultLocale)
	ui, err := i18n.Load(outreach.Locales(), reg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
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
		Sessions: staff.NewSessions(o.Sessions, false), Directory: &auth.Directory{Users: o.Accounts}})
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]*auth.User{}
	for name, role := range pageRoles {
		in := auth.UserInput{Email: name + "@example.org", Name: "Person " + name, Role: role}
		if strings.HasSuffix(name, "-ar") {
			in.PreferredLocale = "ar"
		}
		u, err := accounts.DemoOnlyAddUserWithKnownPassword(ctx, auth.Operator(), in, pagePassword)
		if err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	vetted, _ := dispatch.ParseDate("2026-01-05")
	i, err := svc.CreateInterpreter(ctx, users["coordinator"], dispatch.InterpreterInput{Name: "Person interpreter", Email: "interpreter@example.org",
		Languages: []string{"ar"}, Modalities: []dispatch.Modality{dispatch.Phone, dispatch.InPerson}, BackgroundCheckOn: &vetted, DVTrainingOn: &vetted})
	if err != nil {
		t.Fatal(err)
	}
	if err := accounts.DemoOnlySetKnownPassword(ctx, auth.Operator(), i.UserID, pagePassword); err != nil {
		t.Fatal(err)
	}
	interpreter := &auth.User{ID: i.UserID, Role: auth.Interpreter, Active: true}
	if err := svc.AddShift(ctx, users["coordinator"], &schedule.Shift{InterpreterID: i.ID, Language: "ar", Level: schedule.Primary,
		StartsAt: now.Add(-time.Hour), EndsAt: now.Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := svc.PutPolicy(ctx, users["coordinator"], &dispatch.Policy{Language: dispatch.DefaultPolicyLanguage,
		Steps: []dispatch.Step{{Targets: []dispatch.Target{dispatch.TargetPrimary}, TimeoutSeconds: 60}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateRequest(ctx, users["advocate"], dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Now,
		DurationMinutes: 30, CaseType: dispatch.General}); err != nil {
		t.Fatal(err)
	}
	offers, err := svc.Offers(ctx, interpreter, dispatch.OfferPending)
	if err != nil || len(offers) != 1 {
		t.Fatalf("offers=%v, %v", offers, err)
	}
	if _, err := svc.Accept(ctx, interpreter, offers[0].ID); err != nil {
		t.Fatal(err)
	}
	// Confidential, in Somali: nobody speaks it, so it goes to the fallback line at once.
	if _, err := svc.CreateRequest(ctx, users["advocate"], dispatch.RequestInput{Language: "so", Modality: dispatch.InPerson, Urgency: dispatch.Now,
		DurationMinutes: 60, CaseType: dispatch.SexualViolence, Location: sentinelLocation, Notes: sentinelNotes}); err != nil {
		t.Fatal(err)
	}
	c, err := svc.CreateRequest(ctx, users["advocate"], dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Scheduled,
		StartsAt: ptrTime(now.Add(48 * time.Hour)), DurationMinutes: 30, CaseType: dispatch.DomesticViolence, Notes: sentinelNotes})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Cancel(ctx, users["advocate"], c.ID); err != nil {
		t.Fatal(err)
	}
	f := &pagesFixture{srv: httptest.NewServer(srv)}
	t.Cleanup(f.srv.Close)
	return f
}

// pageClient is a browser that keeps cookies and does not follow redirects.
type pageClient struct {
	t *testing.T
	c *http.Client
	f *pagesFixture
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// client signs in as who ("nobody" stays signed out).
func (f *pagesFixture) client(t *testing.T, who string) *pageClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	pc := &pageClient{t: t, f: f, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if who == "nobody" {
		return pc
	}
	_, page, _ := pc.get("/staff/login")
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the sign-in page:\n%s", page)
	}
	res, err := pc.c.PostForm(f.srv.URL+"/staff/login", url.Values{"_csrf": {m[1]}, "email": {who + "@example.org"}, "password": {pagePassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d, want %d", who, res.StatusCode, http.StatusSeeOther)
	}
	return pc
}

func (pc *pageClient) get(path string) (int, string, http.Header) {
	pc.t.Helper()
	res, err := pc.c.Get(pc.f.srv.URL + path)
	if err != nil {
		pc.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// TestReportsAndUsersAuthorization requests every new page as every role and as nobody.
func TestReportsAndUsersAuthorization(t *testing.T) {
	f := mustPages(t)
	who := []string{"nobody", "advocate", "interpreter", "coordinator", "admin"}
	clients := map[string]*pageClient{}
	for _, w := range who {
		clients[w] = f.client(t, w)
	}
	tests := []struct {
		path string
		want map[string]int
	}{
		{"/staff/reports", map[string]int{"nobody": 303, "advocate": 403, "interpreter": 403, "coordinator": 200, "admin": 200}},
		{"/staff/reports?format=csv", map[string]int{"nobody": 303, "advocate": 403, "interpreter": 403, "coordinator": 200, "admin": 200}},
		{"/staff/reports.csv", map[string]int{"nobody": 303, "advocate": 403, "interpreter": 403, "coordinator": 200, "admin": 200}},
		{"/staff/users", map[string]int{"nobody": 303, "advocate": 403, "interpreter": 403, "coordinator": 403, "admin": 200}},
	}
	for _, tt := range tests {
		for _, w := range who {
			t.Run(tt.path+" as "+w, func(t *testing.T) {
				code, body, h := clients[w].get(tt.path)
				if code != tt.want[w] {
					t.Fatalf("Status=%d, want %d; body:\n%s", code, tt.want[w], body)
				}
				if code == http.StatusSeeOther && !strings.HasPrefix(h.Get("Location"), "/staff/login?next=") {
					t.Fatalf("Location=%q, want the sign-in page", h.Get("Location"))
				}
				if code == http.StatusForbidden && (strings.Contains(body, "report-chart") || strings.Contains(body, "Person ")) {
					t.Fatalf("a refusal shows the page's content:\n%s", body)
				}
			})
		}
	}
}

// TestReportsShowAggregatesOnly checks the table, chart and CSV and that no confidential
// detail or request link reaches them.
func TestReportsShowAggregatesOnly(t *testing.T) {
	f := mustPages(t)
	c := f.client(t, "coordinator")
	code, page, h := c.get("/staff/reports?from=2026-10&to=2026-11")
	if code != http.StatusOK {
		t.Fatalf("Status=%d, want 200:\n%s", code, page)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("Content-Type=%q, want HTML", ct)
	}
	for _, want := range []string{`<svg`, `<title id="report-chart-title">`, `<desc id="report-chart-desc">`, `class="bar-filled"`,
		`<caption>`, `<th scope="row">Arabic</th>`, `<th scope="row">Somali</th>`, `href="/staff/reports.csv?`} {
		if !strings.Contains(page, want) {
			t.Fatalf("page lacks %q:\n%s", want, page)
		}
	}
	for _, leak := range []string{sentinelNotes, sentinelLocation, "sexual", "domestic", " style=", "<script"} {
		if strings.Contains(page, leak) {
			t.Fatalf("page contains %q:\n%s", leak, page)
		}
	}
	if link := regexp.MustCompile(`/staff/requests/[0-9]`).FindString(page); link != "" {
		t.Fatalf("page links to a request (%s):\n%s", link, page)
	}

	code, body, h := c.get("/staff/reports.csv?from=2026-10&to=2026-11")
	if code != http.StatusOK {
		t.Fatalf("CSV status=%d, want 200:\n%s", code, body)
	}
	if ct := h.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Fatalf("Content-Type=%q, want text/csv; charset=utf-8", ct)
	}
	if cd := h.Get("Content-Disposition"); cd != `attachment; filename="outreach-report-2026-10-2026-11.csv"` {
		t.Fatalf("Content-Disposition=%q", cd)
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"language", "month", "requests", "filled", "fallbacks", "cancellations", "fill_rate", "median_seconds_to_accept", "p90_seconds_to_accept"},
		{"ar", "2026-11", "2", "1", "0", "1", "1.000", "0", "0"},
		{"so", "2026-11", "1", "0", "1", "0", "0.000", "", ""},
	}
	if len(records) != len(want) {
		t.Fatalf("CSV has %d records, want %d:\n%s", len(records), len(want), body)
	}
	for i := range want {
		if strings.Join(records[i], ",") != strings.Join(want[i], ",") {
			t.Fatalf("CSV record %d=%v, want %v", i, records[i], want[i])
		}
	}
	for _, leak := range []string{sentinelNotes, sentinelLocation, "sexual", "domestic"} {
		if strings.Contains(body, leak) {
			t.Fatalf("CSV contains %q:\n%s", leak, body)
		}
	}

	_, same, _ := c.get("/staff/reports?format=csv&from=2026-10&to=2026-11")
	if same != body {
		t.Fatalf("?format=csv=%q, want the same as /staff/reports.csv", same)
	}
	_, only, _ := c.get("/staff/reports.csv?from=2026-10&to=2026-11&language=so")
	if strings.Contains(only, "\nar,") || !strings.Contains(only, "\nso,") {
		t.Fatalf("language=so CSV:\n%s", only)
	}
}

func TestReportsBadFilter(t *testing.T) {
	f := mustPages(t)
	c := f.client(t, "coordinator")
	for _, q := range []string{"from=2026-13", "from=2026-11&to=2026-01", "from=2020-01&to=2026-11", "language=%21%21"} {
		t.Run(q, func(t *testing.T) {
			code, body, _ := c.get("/staff/reports?" + q)
			if code != http.StatusUnprocessableEntity {
				t.Fatalf("Status=%d, want 422:\n%s", code, body)
			}
		})
	}
}

// messageID finds a message id shown instead of its text (the localizer's fallback).
var messageID = regexp.MustCompile(`\b(Reports|Users)[A-Z][A-Za-z_]+\b`)

// TestReportsAndUsersInEnglishAndArabic renders both pages in each language.
func TestReportsAndUsersInEnglishAndArabic(t *testing.T) {
	f := mustPages(t)
	tests := []struct {
		who, path string
		want      []string
	}{
		{"coordinator", "/staff/reports", []string{`<html lang="en" dir="ltr">`, "<h1>Reports</h1>", "Fill rate"}},
		{"coordinator-ar", "/staff/reports", []string{`<html lang="ar" dir="rtl">`, "<h1>التقارير</h1>", "نسبة التلبية", "العربية"}},
		{"admin", "/staff/users", []string{`<html lang="en" dir="ltr">`, "<h1>Users</h1>", "Person advocate", "interpreter@example.org", "never"}},
		{"admin-ar", "/staff/users", []string{`<html lang="ar" dir="rtl">`, "<h1>المستخدمون</h1>", "Person advocate", "مترجم"}},
	}
	for _, tt := range tests {
		t.Run(tt.who+" "+tt.path, func(t *testing.T) {
			code, page, _ := f.client(t, tt.who).get(tt.path)
			if code != http.StatusOK {
				t.Fatalf("Status=%d, want 200:\n%s", code, page)
			}
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Fatalf("page lacks %q:\n%s", w, page)
				}
			}
			if id := messageID.FindString(page); id != "" {
				t.Fatalf("page shows the message id %s: a string is missing", id)
			}
			if strings.Contains(page, "Reports") && strings.HasSuffix(tt.who, "-ar") {
				t.Fatalf("Arabic page has an English string:\n%s", page)
			}
		})
	}
}

// TestUsersShowsLastSignIn checks that signing in shows on the users page and that no
// password hash is listed.
func TestUsersShowsLastSignIn(t *testing.T) {
	f := mustPages(t)
	_, page, _ := f.client(t, "admin").get("/staff/users")
	row := regexp.MustCompile(`<th scope="row">Person admin</th>.*?</tr>`).FindString(page)
	if !strings.Contains(row, "2026-11-20 10:00") { // now, in Toronto
		t.Fatalf("admin row=%q, want the sign-in time", row)
	}
	if strings.Contains(page, "argon2id") {
		t.Fatalf("users page shows a password hash:\n%s", page)
	}
}

func ptrTime(t time.Time) *time.Time { return &t }
