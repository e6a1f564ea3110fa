package staff_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
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

// apiFixture is a server with the API on a fresh SQLite database, people with tokens, and
// one confidential request from advocate "owner", offered to interpreter "offered".
type apiFixture struct {
	srv       *staff.Server
	tokens    map[string]string // role name -> token
	interp    map[string]*dispatch.Interpreter
	requestID int64
	offerID   int64
	general   int64            // a request that is not confidential, also owned by "owner"
	users     map[string]int64 // role name -> user id
	tokenIDs  map[string]int64 // role name -> id of its token
	svc       *dispatch.Service
	accounts  *auth.Service
	people    map[string]*auth.User
	sessions  *countingStore        // the staff sessions' store
	advance   func(d time.Duration) // moves the fixture's clock on
}

// cheap keeps argon2id quick under the race detector.
var cheap = auth.Cost{Time: 1, MemoryKiB: 1024}

var roleNames = []string{"owner", "advocate", "offered", "interpreter", "coordinator", "admin"}

func mustAPI(t testing.TB) *apiFixture {
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
	var later atomic.Int64 // how far the fixture's clock has been moved on
	clock := func() time.Time { return now.Add(time.Duration(later.Load())) }
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
	sessions := &countingStore{Store: o.Sessions}
	srv, err := staff.New(base, staff.Deps{Dispatch: svc, Accounts: accounts, Events: o.Outbox, Changes: o.Changes, Now: clock,
		Sessions: staff.NewSessions(sessions, false)})
	if err != nil {
		t.Fatal(err)
	}
	f := &apiFixture{srv: srv, tokens: map[string]string{}, interp: map[string]*dispatch.Interpreter{}, users: map[string]int64{},
		tokenIDs: map[string]int64{}, svc: svc, accounts: accounts, sessions: sessions, advance: func(d time.Duration) { later.Add(int64(d)) }}
	roles := map[string]auth.Role{"owner": auth.Advocate, "advocate": auth.Advocate, "coordinator": auth.Coordinator, "admin": auth.Admin}
	users := map[string]*auth.User{}
	for name, role := range roles {
		u, _, err := accounts.AddUser(ctx, auth.Operator(), auth.UserInput{Email: name + "@example.org", Name: name, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	d, _ := dispatch.ParseDate("2026-01-01")
	for _, name := range []string{"offered", "interpreter"} {
		i, err := svc.CreateInterpreter(ctx, users["coordinator"], dispatch.InterpreterInput{Name: name, Email: name + "@example.org",
			Languages: []string{"ar"}, Modalities: []dispatch.Modality{dispatch.Phone}, BackgroundCheckOn: &d, DVTrainingOn: &d})
		if err != nil {
			t.Fatal(err)
		}
		f.interp[name] = i
		users[name] = &auth.User{ID: i.UserID, Role: auth.Interpreter, Active: true}
	}
	for _, name := range roleNames {
		f.users[name] = users[name].ID
		tok, k, err := accounts.CreateToken(ctx, auth.Operator(), users[name].ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[name], f.tokenIDs[name] = tok, k.ID
	}
	f.people = users
	sh := &schedule.Shift{InterpreterID: f.interp["offered"].ID, Language: "ar", Level: schedule.Primary, StartsAt: now.Add(-time.Hour), EndsAt: now.Add(time.Hour)}
	if err := svc.AddShift(ctx, users["coordinator"], sh); err != nil {
		t.Fatal(err)
	}
	if err := svc.PutPolicy(ctx, users["coordinator"], &dispatch.Policy{Language: "default", Steps: []dispatch.Step{{Targets: []dispatch.Target{dispatch.TargetPrimary}, TimeoutSeconds: 60}}}); err != nil {
		t.Fatal(err)
	}
	r, err := svc.CreateRequest(ctx, users["owner"], dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Now,
		DurationMinutes: 30, CaseType: dispatch.SexualViolence, Notes: "SENTINEL-NOTES"})
	if err != nil {
		t.Fatal(err)
	}
	f.requestID = r.ID
	offers, err := svc.Offers(ctx, users["offered"], dispatch.OfferPending)
	if err != nil || len(offers) != 1 {
		t.Fatalf("fixture offers=%v,%v", offers, err)
	}
	f.offerID = offers[0].ID
	g, err := svc.CreateRequest(ctx, users["owner"], dispatch.RequestInput{Language: "ar", Modality: dispatch.Phone, Urgency: dispatch.Now,
		DurationMinutes: 30, CaseType: dispatch.General, Notes: "plain notes"})
	if err != nil {
		t.Fatal(err)
	}
	f.general = g.ID
	return f
}

func (f *apiFixture) call(t testing.TB, who, method, path, body string, headers ...string) (int, string) {
	t.Helper()
	code, b, _ := f.callH(t, who, method, path, body, headers...)
	return code, b
}

func (f *apiFixture) callH(t testing.TB, who, method, path, body string, headers ...string) (int, string, http.Header) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok, ok := f.tokens[who]; ok {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String(), rec.Header()
}

// route is one API endpoint with the status each role must get.
type route struct {
	method, path, body string
	mutates            bool
	want               map[string]int // by role name; every role is listed
}

func (f *apiFixture) routes() []route {
	req, off, oi, ii := f.requestID, f.offerID, f.interp["offered"].ID, f.interp["interpreter"].ID
	all := func(code int) map[string]int {
		m := map[string]int{}
		for _, r := range roleNames {
			m[r] = code
		}
		return m
	}
	with := func(base map[string]int, pairs ...any) map[string]int {
		m := map[string]int{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i+1 < len(pairs); i += 2 {
			m[pairs[i].(string)] = pairs[i+1].(int)
		}
		return m
	}
	staff := func(ok int) map[string]int { return with(all(403), "coordinator", ok, "admin", ok) }
	return []route{
		{"GET", "/api/v1/me", "", false, all(200)},
		{"POST", "/api/v1/interpreters", `{"name":"New","email":"new@example.org","languages":["so"],"modalities":["video"]}`, true, staff(201)},
		{"GET", "/api/v1/interpreters", "", false, staff(200)},
		{"GET", fmt.Sprintf("/api/v1/interpreters/%d/shifts.ics", oi), "", false, with(staff(200), "owner", 404, "advocate", 404, "offered", 200, "interpreter", 404)},
		{"POST", fmt.Sprintf("/api/v1/interpreters/%d/calendar-url", oi), "", true, with(staff(200), "owner", 403, "advocate", 403, "offered", 200, "interpreter", 404)},
		{"POST", "/api/v1/shifts", fmt.Sprintf(`{"interpreter_id":%d,"language":"ar","level":"secondary","starts_at":"2030-01-01T00:00:00Z","ends_at":"2030-01-01T08:00:00Z"}`, ii), true, staff(201)},
		{"PUT", "/api/v1/rotations/ar/primary", fmt.Sprintf(`{"language":"ar","level":"primary","slots":[{"day":"friday","start":"18:00","end":"08:00","interpreter_id":%d}]}`, ii), true, staff(200)},
		{"GET", "/api/v1/oncall?language=ar", "", false, with(staff(200), "owner", 200, "advocate", 200)},
		{"PUT", "/api/v1/escalation-policies/ar", `{"steps":[{"targets":["primary","secondary"],"timeout_seconds":30}]}`, true, staff(200)},
		{"GET", "/api/v1/escalation-policies/ar", "", false, staff(200)},
		{"POST", "/api/v1/requests", `{"language":"so","modality":"video","urgency":"now","duration_minutes":20,"case_type":"general"}`, true, with(all(403), "owner", 201, "advocate", 201, "coordinator", 201)},
		{"GET", "/api/v1/requests", "", false, all(200)},
		{"GET", fmt.Sprintf("/api/v1/requests/%d", req), "", false, with(all(200), "advocate", 404, "interpreter", 404)},
		{"GET", fmt.Sprintf("/api/v1/requests/%d", f.general), "", false, with(all(200), "advocate", 404, "interpreter", 404)},
		{"POST", fmt.Sprintf("/api/v1/requests/%d/cancel", f.general), "", true, with(all(200), "advocate", 404, "offered", 403, "interpreter", 403)},
		{"POST", fmt.Sprintf("/api/v1/requests/%d/break-glass", f.general), `{"reason":"The advocate is unreachable and the interpreter needs the address"}`, true, staff(409)},
		{"POST", fmt.Sprintf("/api/v1/requests/%d/cancel", req), "", true, with(all(200), "advocate", 404, "offered", 403, "interpreter", 403)},
		{"POST", fmt.Sprintf("/api/v1/requests/%d/complete", req), "", true, with(all(409), "advocate", 404, "offered", 404, "interpreter", 404)},
		{"POST", fmt.Sprintf("/api/v1/requests/%d/break-glass", req), `{"reason":"The advocate is unreachable and the interpreter needs the address"}`, true, staff(200)},
		{"POST", fmt.Sprintf("/api/v1/users/%d/password-reset", f.users["owner"]), "", true, staff(200)},
		{"POST", fmt.Sprintf("/api/v1/users/%d/password-reset", f.users["admin"]), "", true, with(all(403), "admin", 403)},
		{"POST", fmt.Sprintf("/api/v1/users/%d/invite", f.users["interpreter"]), "", true, staff(200)},
		{"POST", fmt.Sprintf("/api/v1/users/%d/deactivate", f.users["owner"]), "", true, with(all(403), "admin", 200)},
		{"POST", fmt.Sprintf("/api/v1/users/%d/reactivate", f.users["owner"]), "", true, with(all(403), "admin", 200)},
		{"POST", fmt.Sprintf("/api/v1/users/%d/deactivate", f.users["admin"]), "", true, all(403)},
		{"DELETE", fmt.Sprintf("/api/v1/tokens/%d", f.tokenIDs["owner"]), "", true, with(all(404), "owner", 204, "admin", 204)},
		{"PUT", fmt.Sprintf("/api/v1/interpreters/%d/vetting", ii), `{"background_check_on":"2026-02-01","dv_training_on":"2026-02-01"}`, true, staff(200)},
		{"GET", "/api/v1/vetting", "", false, with(all(403), "admin", 200)},
		{"GET", "/api/v1/break-glass", "", false, with(all(403), "admin", 200)},
		{"GET", "/api/v1/offers?status=pending", "", false, with(all(403), "offered", 200, "interpreter", 200)},
		{"POST", fmt.Sprintf("/api/v1/offers/%d/accept", off), "", true, with(all(403), "offered", 200, "interpreter", 404)},
		{"POST", fmt.Sprintf("/api/v1/offers/%d/decline", off), "", true, with(all(403), "offered", 200, "interpreter", 404)},
		{"POST", fmt.Sprintf("/api/v1/offers/%d/conflict", off), "", true, with(all(403), "offered", 200, "interpreter", 404)},
	}
}

// TestAuthorizationMatrix calls every endpoint as every role (and as nobody) and fails on
// any status other than the expected one — above all on an unexpected 2xx.
func TestAuthorizationMatrix(t *testing.T) {
	shared := mustAPI(t)
	for i, rt := range shared.routes() {
		for _, who := range append([]string{"nobody"}, roleNames...) {
			t.Run(rt.method+" "+rt.path+" as "+who, func(t *testing.T) {
				f, rt := shared, rt
				if rt.mutates {
					f = mustAPI(t)
					rt = f.routes()[i] // ids in a fresh fixture differ
				}
				want := rt.want[who]
				if who == "nobody" {
					want = http.StatusUnauthorized
				}
				got, body, h := f.callH(t, who, rt.method, rt.path, rt.body)
				if got != want {
					t.Fatalf("Status=%v, want %v; body %s", got, want, body)
				}
				if who != "nobody" && h.Get("Cache-Control") != "no-store" {
					t.Fatalf("Cache-Control=%q, want no-store on an authenticated answer", h.Get("Cache-Control"))
				}
				if strings.Contains(body, "password\"") || strings.Contains(body, "osl_") || (strings.Contains(body, "otk_") && !strings.HasSuffix(rt.path, "/calendar-url")) {
					t.Fatalf("a secret in the answer: %s", body)
				}
				assigned := (who == "offered" && strings.HasSuffix(rt.path, "/accept")) ||
					(strings.HasSuffix(rt.path, "/break-glass") && (who == "coordinator" || who == "admin"))
				if strings.Contains(body, "SENTINEL") && who != "owner" && !assigned {
					t.Fatalf("confidential notes shown to %s: %s", who, body)
				}
			})
		}
	}
}

func TestLateAcceptIsAlreadyFilled(t *testing.T) {
	f := mustAPI(t)
	path := fmt.Sprintf("/api/v1/offers/%d/accept", f.offerID)
	if code, body := f.call(t, "offered", "POST", path, ""); code != 200 || !strings.Contains(body, "SENTINEL-NOTES") {
		t.Fatalf("accept: %d %s, want 200 with the details now visible", code, body)
	}
	code, body := f.call(t, "offered", "POST", path, "", "Accept-Language", "es")
	var e struct {
		Error struct{ Code, Message string }
	}
	_ = json.Unmarshal([]byte(body), &e)
	if code != http.StatusConflict || e.Error.Code != "conflict" || e.Error.Message == "" || strings.HasPrefix(e.Error.Message, "Err") {
		t.Fatalf("late accept: %d %s, want 409 with a message", code, body)
	}
}

func TestAPIBadInput(t *testing.T) {
	f := mustAPI(t)
	tests := []struct {
		name, body, contentType string
		status                  int
		field                   string
	}{
		{"malformed JSON", `{"language":`, "application/json", 400, ""},
		{"unknown field", `{"language":"ar","colour":"red"}`, "application/json", 400, ""},
		{"duplicate key", `{"language":"ar","language":"fa","modality":"phone","urgency":"now","duration_minutes":5,"case_type":"general"}`, "application/json", 400, ""},
		{"wrong type", `{"language":"ar","duration_minutes":"long"}`, "application/json", 422, "duration_minutes"},
		{"invalid value", `{"language":"ar","modality":"fax","urgency":"now","duration_minutes":5,"case_type":"general"}`, "application/json", 422, "modality"},
		{"missing field", `{"modality":"phone","urgency":"now","duration_minutes":5,"case_type":"general"}`, "application/json", 422, "language"},
		{"trailing data", `{"language":"ar"} {}`, "application/json", 400, ""},
		{"not JSON", `language=ar`, "application/x-www-form-urlencoded", 415, ""},
		{"too large", `{"notes":"` + strings.Repeat("x", 70_000) + `"}`, "application/json", 413, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := f.call(t, "owner", "POST", "/api/v1/requests", tt.body, "Content-Type", tt.contentType, "Accept-Language", "fr")
			var e struct {
				Error struct{ Code, Message, Field string }
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("body %q is not a JSON error", body)
			}
			if strings.Contains(body, "colour") || strings.Contains(body, "red") {
				t.Fatalf("the answer echoes the client's key or value: %s", body)
			}
			if code != tt.status || e.Error.Field != tt.field || e.Error.Message == "" || strings.HasPrefix(e.Error.Message, "Err") {
				t.Fatalf("Status=%v field=%q message=%q, want %v %q and a message", code, e.Error.Field, e.Error.Message, tt.status, tt.field)
			}
		})
	}
	_, body := f.call(t, "owner", "GET", "/api/v1/requests", "")
	if strings.Count(body, `"id"`) != 2 { // the fixture's two requests, no more
		t.Fatalf("bad input created requests: %s", body)
	}
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := mustAPI(t)
	code, body := f.call(t, "nobody", "GET", "/api/v1/openapi.json", "")
	if code != 200 {
		t.Fatalf("openapi.json: %d", code)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented[strings.ToUpper(method)+" /api/v1"+path] = true
		}
	}
	registered := map[string]bool{}
	for _, r := range f.srv.APIRoutes() {
		registered[r] = true
		if !documented[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for r := range documented {
		if !registered[r] {
			t.Errorf("openapi.json documents %s, which is not a route", r)
		}
	}
	if len(registered) < 19 || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("%d routes, openapi %q", len(registered), doc.OpenAPI)
	}
}
