package flowtest

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/outreach-project/outreach/internal/auth"
)

// missingCell is the last count of a summary row: the missing translations.
var missingCell = regexp.MustCompile(`<td>(\d+) <small>\(\d+%\)</small></td></tr>`)

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// signInAs sets a password for email and signs a browser in with it.
func signInAs(t *testing.T, sys *System, email string) *browser {
	t.Helper()
	setPassword(t, sys, email, "correct horse battery")
	return signIn(t, sys, email, "correct horse battery")
}

func TestStaffTranslations(t *testing.T) {
	sys := Start(t, StartSMTP(t), nil)
	sys.User("coord", auth.Coordinator, "en")
	sys.User("adv", auth.Advocate, "en")
	sys.User("interp", auth.Interpreter, "en")
	sys.User("admin", auth.Admin, "en")

	if code, _, h := newBrowser(t, sys.API.URL).get("/staff/translations"); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/staff/login") {
		t.Fatalf("signed out: %d, want a redirect to sign in", code)
	}
	for who, want := range map[string]int{"adv": http.StatusForbidden, "interp": http.StatusForbidden, "admin": http.StatusOK} {
		if code, _, _ := signInAs(t, sys, who+"@example.org").get("/staff/translations"); code != want {
			t.Fatalf("%s: %d, want %d", who, code, want)
		}
	}
	b := signInAs(t, sys, "coord@example.org")
	tests := []struct {
		name, path string
		want       []string
	}{
		{"summary", "/staff/translations", []string{`<a href="?locale=fr" lang="fr" dir="ltr">français</a>`, `<a href="?sort=missing">Missing</a>`, " <small>(100%)</small>"}},
		{"sorted", "/staff/translations?sort=stale", []string{`<a href="?locale=ur"`}},
		{"one locale", "/staff/translations?locale=ar", []string{"Calling the police <small>calling-police</small>", `<td class="state-machine">Machine translation</td>`, `href="?locale=ar&amp;slug=calling-police"`}},
		{"by state", "/staff/translations?locale=ar&sort=state", []string{`class="state-machine"`}},
		{"side by side", "/staff/translations?locale=ar&slug=calling-police", []string{`<section lang="en" dir="ltr">`, `<section lang="ar" dir="rtl">`, `href="/en/calling-police"`, `href="/ar/calling-police"`, "<h3>Calling the police</h3>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body, _ := b.get(tt.path)
			if code != http.StatusOK {
				t.Fatalf("GET %s: %d, want 200\n%s", tt.path, code, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Fatalf("GET %s: no %q in:\n%s", tt.path, w, body)
				}
			}
		})
	}
	// Sorted by a column, the rows go from most to least.
	_, body, _ := b.get("/staff/translations?sort=missing")
	rows := missingCell.FindAllStringSubmatch(body, -1)
	if len(rows) < 2 {
		t.Fatalf("sorted summary has %d rows", len(rows))
	}
	for i := 1; i < len(rows); i++ {
		if prev, cur := atoi(rows[i-1][1]), atoi(rows[i][1]); cur > prev {
			t.Fatalf("sort=missing: %s after %s", rows[i][1], rows[i-1][1])
		}
	}
	for _, path := range []string{"/staff/translations?locale=xx", "/staff/translations?locale=fr&slug=nope"} {
		if code, _, _ := b.get(path); code != http.StatusNotFound {
			t.Fatalf("GET %s: %d, want 404", path, code)
		}
	}
}
