package flowtest

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/outreach-project/outreach/internal/auth"
)

// signIn opens the sign-in page and signs in through the form, from a loopback address
// of the person's own (everyone at one address would meet the per-address limit).
func signIn(t *testing.T, sys *System, email, password string) *browser {
	t.Helper()
	b := newBrowserFrom(t, sys.API.URL, fmt.Sprintf("127.0.1.%d", signIns.Add(1)%250+1))
	_, login, _ := b.get("/staff/login")
	form := url.Values{"email": {email}, "password": {password}, "_csrf": {csrfOf(t, login)}}
	if code, _, _ := b.post("/staff/login", form); code != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d, want 303", email, code)
	}
	return b
}

// longSteps gives interpreters ten minutes to answer, so that slow sign-ins (argon2id
// under the race detector) never see an offer expire mid-test.
func longSteps(t *testing.T, sys *System) {
	t.Helper()
	sys.MustCall("coord", "PUT", "/api/v1/escalation-policies/ar", `{"steps":[{"targets":["primary"],"timeout_seconds":600}]}`, 200)
}

// signIns numbers the people signed in, for their addresses.
var signIns atomic.Int32

var requestLocation = regexp.MustCompile(`^/staff/requests/(\d+)$`)

// TestWebAppRequestFlow: an advocate files a request through the form, the on-call
// interpreter accepts it from their offers page, and the advocate's status page names
// who is coming and how to reach them.
func TestWebAppRequestFlow(t *testing.T) {
	sys := Start(t, StartSMTP(t), nil)
	setup(t, sys)
	longSteps(t, sys)
	setPassword(t, sys, "adv@example.org", "advocate password")
	setPassword(t, sys, "hana@example.org", "interpreter password")
	adv := signIn(t, sys, "adv@example.org", "advocate password")

	code, form, _ := adv.get("/staff/requests/new")
	if code != http.StatusOK || !strings.Contains(form, `<option value="ar" data-search="ar | Arabic | العربية`) ||
		!strings.Contains(form, `name="modality" value="phone" checked`) || !strings.Contains(form, `name="duration_minutes" type="number"`) {
		t.Fatalf("request form: %d, want Arabic among the languages and phone, now, 60 minutes by default:\n%s", code, form)
	}
	token := csrfOf(t, form)
	bad := url.Values{"_csrf": {token}, "language": {"ar"}, "modality": {"phone"}, "urgency": {"now"}, "duration_minutes": {"45"},
		"case_type": {"general"}, "location": {"Room 12"}, "notes": {"keep me"}}
	code, page, _ := adv.post("/staff/requests", bad)
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, `role="alert"`) || !strings.Contains(page, `when-in-person invalid`) ||
		!strings.Contains(page, ">keep me</textarea>") {
		t.Fatalf("location on a phone request: %d, want 422 with the form filled in and the location marked:\n%s", code, page)
	}
	if body := strings.TrimSpace(sys.MustCall("adv", "GET", "/api/v1/requests", "", 200)); body != "[]" {
		t.Fatalf("a refused form created a request: %s", body)
	}

	good := url.Values{"_csrf": {token}, "language": {"ar"}, "modality": {"phone"}, "urgency": {"now"}, "duration_minutes": {"45"},
		"case_type": {"general"}, "notes": {"bring a headset"}}
	code, _, h := adv.post("/staff/requests", good)
	m := requestLocation.FindStringSubmatch(h.Get("Location"))
	if code != http.StatusSeeOther || m == nil {
		t.Fatalf("file request: %d %q, want 303 to its status page", code, h.Get("Location"))
	}
	status := h.Get("Location")
	_, page, _ = adv.get(status)
	if !strings.Contains(page, `data-request="`+m[1]+`"`) || !strings.Contains(page, "data-deadline=") || !strings.Contains(page, "bring a headset") {
		t.Fatalf("status page before an answer: want the live section with a deadline and the notes:\n%s", page)
	}

	hana := signIn(t, sys, "hana@example.org", "interpreter password")
	_, offers, _ := hana.get("/staff/offers")
	accept := regexp.MustCompile(`action="(/staff/offers/\d+)/accept"`).FindStringSubmatch(offers)
	if accept == nil || !strings.Contains(offers, "bring a headset") {
		t.Fatalf("offers page has no accept form or lacks the notes of a non-confidential request:\n%s", offers)
	}
	code, _, h = hana.post(accept[1]+"/accept", url.Values{"_csrf": {csrfOf(t, offers)}, "next": {"/staff/offers"}})
	if code != http.StatusSeeOther || h.Get("Location") != "/staff/offers" {
		t.Fatalf("accept: %d %q, want 303 back to the offers page", code, h.Get("Location"))
	}
	if _, offers, _ = hana.get("/staff/offers"); !strings.Contains(offers, `href="`+status+`"`) {
		t.Fatalf("the accepted request is not among the interpreter's assignments")
	}
	_, page, _ = adv.get(status)
	if !strings.Contains(page, "Hana") || !strings.Contains(page, "14165550101</a>") || strings.Contains(page, "data-deadline=") {
		t.Fatalf("status page after acceptance: want who is coming and their phone, no deadline:\n%s", page)
	}
	if _, home, _ := adv.get("/staff/"); !strings.Contains(home, `href="`+status+`"`) {
		t.Fatalf("the advocate's home does not list their request")
	}
}

// TestWebAppAuthorization: each role reaches the request form, status pages and offers
// page as it should, and no one else learns that a request exists.
func TestWebAppAuthorization(t *testing.T) {
	sys := Start(t, StartSMTP(t), nil)
	hanaID, _ := setup(t, sys)
	longSteps(t, sys)
	sys.User("other", auth.Advocate, "en")
	sys.User("admin", auth.Admin, "en")
	body := sys.MustCall("adv", "POST", "/api/v1/requests", confidentialRequest("in_person"), 201)
	id := regexp.MustCompile(`"id":(\d+)`).FindStringSubmatch(body)[1]
	people := map[string]string{"adv": "adv@example.org", "other": "other@example.org", "coord": "coord@example.org",
		"admin": "admin@example.org", "hana": "hana@example.org", "omar": "omar@example.org"}
	browsers := map[string]*browser{"anonymous": newBrowser(t, sys.API.URL)}
	for name, email := range people {
		setPassword(t, sys, email, "password of "+name)
		browsers[name] = signIn(t, sys, email, "password of "+name)
	}
	_ = hanaID
	status := "/staff/requests/" + id
	tests := []struct {
		who, path string
		want      int
	}{
		{"anonymous", "/staff/requests/new", http.StatusSeeOther},
		{"adv", "/staff/requests/new", http.StatusOK},
		{"coord", "/staff/requests/new", http.StatusOK},
		{"admin", "/staff/requests/new", http.StatusOK},
		{"hana", "/staff/requests/new", http.StatusForbidden},
		{"anonymous", "/staff/offers", http.StatusSeeOther},
		{"hana", "/staff/offers", http.StatusOK},
		{"adv", "/staff/offers", http.StatusForbidden},
		{"coord", "/staff/offers", http.StatusForbidden},
		{"admin", "/staff/offers", http.StatusForbidden},
		{"anonymous", status, http.StatusSeeOther},
		{"adv", status, http.StatusOK},
		{"other", status, http.StatusNotFound},
		{"hana", status, http.StatusOK}, // a pending offer: metadata to decide
		{"omar", status, http.StatusOK},
		{"coord", status, http.StatusOK}, // metadata only
		{"admin", status, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.who+" "+tt.path, func(t *testing.T) {
			code, page, _ := browsers[tt.who].get(tt.path)
			if code != tt.want {
				t.Fatalf("Status=%v, want %v", code, tt.want)
			}
			if tt.who != "adv" && tt.path == status {
				for _, s := range sentinels {
					if strings.Contains(page, s) {
						t.Fatalf("%s sees %q", tt.who, s)
					}
				}
			}
		})
	}
	// Cancelling is the requester's (or a coordinator's); anyone else is told nothing.
	body = sys.MustCall("adv", "POST", "/api/v1/requests", confidentialRequest("phone"), 201)
	status = "/staff/requests/" + regexp.MustCompile(`"id":(\d+)`).FindStringSubmatch(body)[1]
	_, page, _ := browsers["other"].get("/staff/")
	if code, _, _ := browsers["other"].post(status+"/cancel", url.Values{"_csrf": {csrfOf(t, page)}}); code != http.StatusNotFound {
		t.Fatalf("another advocate cancels: %d, want 404", code)
	}
	_, page, _ = browsers["adv"].get(status)
	if code, _, _ := browsers["adv"].post(status+"/cancel", url.Values{"_csrf": {csrfOf(t, page)}}); code != http.StatusSeeOther {
		t.Fatalf("the requester cancels: %d, want 303", code)
	}
	if _, page, _ = browsers["adv"].get(status); !strings.Contains(page, fmt.Sprintf("state-%s", "cancelled")) {
		t.Fatalf("after cancelling the status page does not say so:\n%s", page)
	}
}

// TestWebAppProfile: an interpreter keeps their own languages, ways of working, phone and
// message language up to date; bad input changes nothing; no one else has the page.
func TestWebAppProfile(t *testing.T) {
	sys := Start(t, StartSMTP(t), nil)
	setup(t, sys)
	for _, email := range []string{"hana@example.org", "adv@example.org"} {
		setPassword(t, sys, email, "password of "+email)
	}
	hana := signIn(t, sys, "hana@example.org", "password of hana@example.org")
	_, page, _ := hana.get("/staff/profile")
	if !strings.Contains(page, `value="ar"`) || !strings.Contains(page, "Hana") {
		t.Fatalf("profile page does not show Hana's languages:\n%s", page)
	}
	form := url.Values{"_csrf": {csrfOf(t, page)}, "languages": {"ar, so"}, "modalities": {"phone", "video"}, "phone": {"+14165550199"}, "preferred_locale": {"so"}}
	if code, _, _ := hana.post("/staff/profile", form); code != http.StatusSeeOther {
		t.Fatalf("save profile: %d, want 303", code)
	}
	body := sys.MustCall("coord", "GET", "/api/v1/interpreters", "", 200)
	if !strings.Contains(body, `"languages":["ar","so"]`) || !strings.Contains(body, `"phone":"+14165550199"`) || !strings.Contains(body, `"name":"Hana"`) {
		t.Fatalf("after saving: %s", body)
	}
	bad := url.Values{"_csrf": {csrfOf(t, page)}, "languages": {"not a language!"}, "modalities": {"phone"}, "preferred_locale": {"so"}}
	if code, page, _ := hana.post("/staff/profile", bad); code != http.StatusUnprocessableEntity || !strings.Contains(page, `role="alert"`) {
		t.Fatalf("bad languages: %d, want 422 with a message", code)
	}
	if body := sys.MustCall("coord", "GET", "/api/v1/interpreters", "", 200); !strings.Contains(body, `"languages":["ar","so"]`) {
		t.Fatalf("a refused form changed the profile: %s", body)
	}
	adv := signIn(t, sys, "adv@example.org", "password of adv@example.org")
	if code, _, _ := adv.get("/staff/profile"); code != http.StatusForbidden {
		t.Fatalf("an advocate opens the interpreter profile: %d, want 403", code)
	}
	if code, _, _ := newBrowser(t, sys.API.URL).get("/staff/profile"); code != http.StatusSeeOther {
		t.Fatalf("signed out: %d, want a redirect to sign in", code)
	}
}
