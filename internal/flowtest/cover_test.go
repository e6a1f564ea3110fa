package flowtest

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCoverRequest: an interpreter asks for cover of a future shift; a colleague who
// speaks the language and is free then sees it and takes it in one tap; one who is on
// call then does not see it; two colleagues taking at once get one winner; the asker
// and the coordinator are told, and the schedule changes hands.
func TestCoverRequest(t *testing.T) {
	sys := Start(t, StartSMTP(t), nil)
	hanaID, omarID := setup(t, sys)
	start := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Minute)
	shift := func(id int64, from, to time.Time) {
		sys.MustCall("coord", "POST", "/api/v1/shifts", fmt.Sprintf(`{"interpreter_id":%d,"language":"ar","level":"primary","starts_at":%q,"ends_at":%q}`,
			id, from.Format(time.RFC3339), to.Format(time.RFC3339)), 201)
	}
	shift(hanaID, start, start.Add(4*time.Hour))
	var zaraID int64
	body := sys.MustCall("coord", "POST", "/api/v1/interpreters", `{"name":"Zara","email":"zara@example.org","languages":["ar"],"modalities":["phone"]}`, 201)
	fmt.Sscanf(regexp.MustCompile(`"id":(\d+)`).FindStringSubmatch(body)[1], "%d", &zaraID)
	shift(zaraID, start.Add(time.Hour), start.Add(2*time.Hour)) // on call during part of it: not qualified
	for name, email := range map[string]string{"hana": "hana@example.org", "omar": "omar@example.org", "zara": "zara@example.org"} {
		setPassword(t, sys, email, "password of "+name)
	}
	hana := signIn(t, sys, "hana@example.org", "password of hana")
	_, page, _ := hana.get("/staff/offers")
	form := url.Values{"_csrf": {csrfOf(t, page)}, "language": {"ar"}, "level": {"primary"},
		"starts_at": {start.Format(time.RFC3339)}, "ends_at": {start.Add(4 * time.Hour).Format(time.RFC3339)}}
	if code, _, _ := hana.post("/staff/cover", form); code != http.StatusSeeOther {
		t.Fatalf("ask for cover: %d, want 303", code)
	}
	bad := url.Values{"_csrf": {csrfOf(t, page)}, "language": {"ar"}, "level": {"primary"},
		"starts_at": {start.Add(time.Hour).Format(time.RFC3339)}, "ends_at": {start.Add(4 * time.Hour).Format(time.RFC3339)}}
	if code, _, _ := hana.post("/staff/cover", bad); code != http.StatusUnprocessableEntity {
		t.Fatalf("cover for a shift that is not hers: %d, want 422", code)
	}
	if _, page, _ = hana.get("/staff/offers"); !strings.Contains(page, "/withdraw") {
		t.Fatalf("the asker does not see her open cover request")
	}
	zara := signIn(t, sys, "zara@example.org", "password of zara")
	if _, page, _ = zara.get("/staff/offers"); strings.Contains(page, "/take\"") {
		t.Fatalf("an interpreter on call during the shift is offered to take it")
	}
	omar := signIn(t, sys, "omar@example.org", "password of omar")
	_, page, _ = omar.get("/staff/offers")
	take := regexp.MustCompile(`action="(/staff/cover/\d+/take)"`).FindStringSubmatch(page)
	if take == nil {
		t.Fatalf("a free colleague does not see the cover request:\n%s", page)
	}
	// Two taps at once from the same qualified colleague's two tabs: one wins.
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := omar.c.PostForm(omar.base+take[1], url.Values{"_csrf": {csrfOf(t, page)}})
			if err == nil {
				codes[i] = res.StatusCode
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	if codes[0] != http.StatusSeeOther || codes[1] != http.StatusSeeOther {
		t.Fatalf("take: %v, want 303s (the second with a message)", codes)
	}
	var omarShifts, hanaShifts, open int
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM shifts WHERE interpreter_id = ? AND starts_at = ?", omarID, start.UnixMilli()).Scan(&omarShifts)
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM shifts WHERE interpreter_id = ? AND starts_at = ?", hanaID, start.UnixMilli()).Scan(&hanaShifts)
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM cover_requests WHERE status = 'open'").Scan(&open)
	if omarShifts != 1 || hanaShifts != 0 || open != 0 {
		t.Fatalf("after taking: omar %d, hana %d shifts, %d open covers; want 1, 0, 0", omarShifts, hanaShifts, open)
	}
	var told int
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM notifications WHERE kind = 'cover_taken'").Scan(&told)
	if told != 2 { // hana and the coordinator
		t.Fatalf("cover_taken notifications: %d, want 2", told)
	}
	var asked int
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM notifications WHERE kind = 'cover_asked'").Scan(&asked)
	if asked != 1 { // omar only: zara is on call then, hana asked
		t.Fatalf("cover_asked notifications: %d, want 1", asked)
	}
}
