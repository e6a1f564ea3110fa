package flowtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
)

// setup makes a coordinator, an advocate and two vetted Arabic interpreters on call: one
// reachable by the gateway webhook (a phone) and email, one by email only.
func setup(t *testing.T, sys *System) (withPhone, emailOnly int64) {
	t.Helper()
	sys.User("coord", auth.Coordinator, "en")
	sys.User("adv", auth.Advocate, "fr")
	now := time.Now().UTC()
	ids := []int64{}
	for _, body := range []string{
		`{"name":"Hana","email":"hana@example.org","phone":"+14165550101","languages":["ar"],"modalities":["phone","in_person"],"gender":"SENTINEL-GENDER","background_check_on":"2026-01-01","dv_training_on":"2026-01-01","preferred_locale":"ar"}`,
		`{"name":"Omar","email":"omar@example.org","languages":["ar"],"modalities":["phone","in_person"],"gender":"SENTINEL-GENDER","background_check_on":"2026-01-01","dv_training_on":"2026-01-01"}`,
	} {
		var i struct {
			ID     int64 `json:"id"`
			UserID int64 `json:"user_id"`
		}
		_ = json.Unmarshal([]byte(sys.MustCall("coord", "POST", "/api/v1/interpreters", body, 201)), &i)
		ids = append(ids, i.ID)
		sys.Login(fmt.Sprint("interp", i.ID), &auth.User{ID: i.UserID, Role: auth.Interpreter, Active: true})
		shift := fmt.Sprintf(`{"interpreter_id":%d,"language":"ar","level":"primary","starts_at":%q,"ends_at":%q}`, i.ID, now.Add(-time.Hour).Format(time.RFC3339), now.Add(2*time.Hour).Format(time.RFC3339))
		sys.MustCall("coord", "POST", "/api/v1/shifts", shift, 201)
	}
	sys.MustCall("coord", "PUT", "/api/v1/escalation-policies/ar", `{"steps":[{"targets":["primary"],"timeout_seconds":15}]}`, 200)
	return ids[0], ids[1]
}

// sentinels are unique strings put in every sensitive field of a confidential request.
var sentinels = []string{"SENTINEL-LOC-7f3a", "SENTINEL-NOTES-91bc", "SENTINEL-GENDER", "sexual_violence", "sexual violence", "domestic_violence"}

func confidentialRequest(modality string) string {
	loc := ""
	if modality == "in_person" {
		loc = `,"location":"SENTINEL-LOC-7f3a Room 12"`
	}
	return `{"language":"ar","modality":"` + modality + `","urgency":"now","duration_minutes":60,"case_type":"sexual_violence",` +
		`"gender_preference":"SENTINEL-GENDER","notes":"SENTINEL-NOTES-91bc victim name"` + loc + `}`
}

func offerIDs(t *testing.T, sys *System, who string) []int64 {
	t.Helper()
	var out []struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	if err := json.Unmarshal([]byte(sys.MustCall(who, "GET", "/api/v1/offers?status=pending", "", 200)), &out); err != nil {
		t.Fatalf("offers are not a JSON array: %v", err)
	}
	var ids []int64
	for _, o := range out {
		ids = append(ids, o.ID)
	}
	return ids
}

// TestConfidentialNothingLeaks drives requests through offer, accept, withdrawal,
// fallback and cancellation, and fails if a sentinel or the case type appears in any
// outgoing byte: email headers and bodies, webhook calls, live events, logs.
func TestConfidentialNothingLeaks(t *testing.T) {
	smtpSrv, hook := StartSMTP(t), StartHook(t)
	sys := Start(t, smtpSrv, hook)
	hana, omar := setup(t, sys)
	advEvents := sys.Stream("adv")
	interpEvents := sys.Stream(fmt.Sprint("interp", hana))

	// 1: offered to both, Hana accepts, Omar's offer is withdrawn.
	sys.MustCall("adv", "POST", "/api/v1/requests", confidentialRequest("in_person"), 201)
	offers := offerIDs(t, sys, fmt.Sprint("interp", hana))
	if len(offers) != 1 {
		t.Fatalf("Hana has %d offers, want 1", len(offers))
	}
	sys.MustCall(fmt.Sprint("interp", hana), "POST", fmt.Sprintf("/api/v1/offers/%d/accept", offers[0]), "", 200)
	// 2: Hana is booked now, so only Omar is offered it; he declares a conflict and
	// nobody is left: the fallback line.
	sys.MustCall("adv", "POST", "/api/v1/requests", confidentialRequest("phone"), 201)
	if n := len(offerIDs(t, sys, fmt.Sprint("interp", hana))); n != 0 {
		t.Fatalf("Hana, booked, has %d new offers", n)
	}
	sys.MustCall(fmt.Sprint("interp", omar), "POST", fmt.Sprintf("/api/v1/offers/%d/conflict", offerIDs(t, sys, fmt.Sprint("interp", omar))[0]), "", 200)
	// 3: cancelled by the coordinator while offered.
	var third struct{ ID int64 }
	_ = json.Unmarshal([]byte(sys.MustCall("adv", "POST", "/api/v1/requests", confidentialRequest("phone"), 201)), &third)
	sys.MustCall("coord", "POST", fmt.Sprintf("/api/v1/requests/%d/cancel", third.ID), "", 200)
	// Bad input mentioning a sentinel changes nothing and is not echoed; nor are late or
	// forbidden actions on the confidential requests.
	if code, body := sys.Call("adv", "POST", "/api/v1/requests", `{"language":"ar","modality":"SENTINEL-NOTES-91bc"}`); code != 422 || strings.Contains(body, "SENTINEL") {
		t.Fatalf("bad input: %d %s", code, body)
	}
	for _, bad := range []struct{ who, method, path, body string }{
		{"adv", "POST", "/api/v1/requests", `{"language":"ar","notes":"SENTINEL-NOTES-91bc","bogus":"SENTINEL-LOC-7f3a"}`},
		{fmt.Sprint("interp", hana), "POST", fmt.Sprintf("/api/v1/offers/%d/accept", offers[0]), ""},
		{fmt.Sprint("interp", hana), "GET", fmt.Sprintf("/api/v1/requests/%d", third.ID), ""},
		{"coord", "POST", fmt.Sprintf("/api/v1/requests/%d/cancel", third.ID), ""},
		{"coord", "POST", fmt.Sprintf("/api/v1/requests/%d/break-glass", third.ID), `{"reason":"short"}`},
	} {
		if code, _ := sys.Call(bad.who, bad.method, bad.path, bad.body); code < 400 {
			t.Fatalf("%s %s as %s: %d, want an error", bad.method, bad.path, bad.who, code)
		}
	}

	// Every notification row must have gone out on a channel.
	var want int
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM notifications").Scan(&want)
	Eventually(t, 20*time.Second, "every notification delivered", func() bool {
		var sent int
		_ = sys.Data.SQL.QueryRow("SELECT count(DISTINCT notification_id) FROM deliveries WHERE status = 'sent'").Scan(&sent)
		return sent == want
	})
	time.Sleep(time.Second) // let the event streams catch up
	if want < 10 || len(smtpSrv.Mail()) == 0 || len(hook.Received()) == 0 || strings.Count(sys.Errors.String(), "\n") < 6 {
		t.Fatalf("%d notifications, %d emails, %d webhooks: the flow did not run", want, len(smtpSrv.Mail()), len(hook.Received()))
	}
	res, err := http.Get(sys.API.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Contains(metrics, []byte(`outreach_http_requests_total{method="POST",route="/api/v1/requests",status="201"}`)) ||
		!bytes.Contains(metrics, []byte(`outreach_notification_tries_total{channel="email",result="sent"}`)) {
		t.Fatalf("metrics missing what the flow did:\n%s", metrics)
	}
	outgoing := map[string][]byte{"log": []byte(sys.Log.String()), "advocate events": []byte(advEvents.String()),
		"interpreter events": []byte(interpEvents.String()), "metrics": metrics, "error bodies": []byte(sys.Errors.String())}
	for i, m := range smtpSrv.Mail() {
		outgoing[fmt.Sprintf("email %d", i)] = m.Data
	}
	for i, c := range hook.AllCalls() {
		var h bytes.Buffer
		_ = c.Header.Write(&h)
		outgoing[fmt.Sprintf("webhook %d", i)] = append(h.Bytes(), c.Body...)
	}
	for what, data := range outgoing {
		for _, s := range sentinels {
			if bytes.Contains(bytes.ToLower(data), bytes.ToLower([]byte(s))) {
				t.Fatalf("%s contains %q:\n%s", what, s, data)
			}
		}
	}
	if !strings.Contains(advEvents.String(), "event: request_accepted") || !strings.Contains(interpEvents.String(), "event: offer") {
		t.Fatalf("live events missing:\nadvocate: %s\ninterpreter: %s", advEvents.String(), interpEvents.String())
	}
}

// TestMessagesInRecipientsLanguage checks an offer in Arabic to the gateway and an
// accepted message in French by email, with plain text and HTML and a link.
func TestMessagesInRecipientsLanguage(t *testing.T) {
	smtpSrv, hook := StartSMTP(t), StartHook(t)
	sys := Start(t, smtpSrv, hook)
	hana, _ := setup(t, sys)
	sys.MustCall("adv", "POST", "/api/v1/requests", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, 201)
	sys.MustCall(fmt.Sprint("interp", hana), "POST", fmt.Sprintf("/api/v1/offers/%d/accept", offerIDs(t, sys, fmt.Sprint("interp", hana))[0]), "", 200)
	Eventually(t, 10*time.Second, "an email to the advocate about the acceptance", func() bool {
		for _, m := range smtpSrv.Mail() {
			if strings.Contains(string(m.Data), "Hana") {
				return true
			}
		}
		return false
	})
	var got *mail.Message
	for _, m := range smtpSrv.Mail() {
		if msg, err := mail.ReadMessage(bytes.NewReader(m.Data)); err == nil && strings.Contains(string(m.Data), "Hana") {
			got = msg
		}
	}
	if got.Header.Get("Content-Language") != "fr" || !strings.Contains(got.Header.Get("Content-Type"), "multipart/alternative") {
		t.Fatalf("accepted email headers %v, want French multipart/alternative", got.Header)
	}
	var offer *HookCall
	// The offer and the acceptance are delivered by separate jobs, in either order.
	Eventually(t, 10*time.Second, "the offer webhook", func() bool {
		for _, c := range hook.Received() {
			if c := c; strings.Contains(string(c.Body), `"kind":"offer"`) {
				offer = &c
			}
		}
		return offer != nil
	})
	var p struct{ ID, To, Locale, Text, Link string }
	_ = json.Unmarshal(offer.Body, &p)
	if p.Locale != "ar" || p.To != "+14165550101" || !strings.Contains(p.Link, "/staff/offers/") || p.ID != offer.Header.Get("Idempotency-Key") {
		t.Fatalf("offer webhook %+v, want Arabic text to the phone with an offer link", p)
	}
	if offer.SigError != nil {
		t.Fatalf("signature does not verify: %v", offer.SigError)
	}
}

// TestSMTPDownThenBack takes the mail server down while messages are due, with a
// connection kept open from a message before; once it is back, every message arrives
// exactly once.
func TestSMTPDownThenBack(t *testing.T) {
	smtpSrv := StartSMTP(t)
	sys := Start(t, smtpSrv, nil)
	setup(t, sys)
	sys.MustCall("adv", "POST", "/api/v1/requests", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, 201)
	Eventually(t, 20*time.Second, "a message before the server goes down", func() bool { return len(smtpSrv.Mail()) > 0 })
	before := len(smtpSrv.Mail())
	smtpSrv.SetDown(true)
	sys.MustCall("adv", "POST", "/api/v1/requests", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, 201)
	time.Sleep(3 * time.Second) // several failed attempts
	if n := len(smtpSrv.Mail()) - before; n != 0 {
		t.Fatalf("%d messages while the server was down", n)
	}
	smtpSrv.SetDown(false)
	var want int
	_ = sys.Data.SQL.QueryRow("SELECT count(*) FROM notifications").Scan(&want)
	Eventually(t, 20*time.Second, "every message after the server came back", func() bool { return len(smtpSrv.Mail()) >= want })
	time.Sleep(2 * time.Second) // a duplicate would arrive now
	ids := map[string]int{}
	for _, m := range smtpSrv.Mail() {
		msg, _ := mail.ReadMessage(bytes.NewReader(m.Data))
		ids[msg.Header.Get("Message-Id")]++
	}
	if len(ids) != want {
		t.Fatalf("%d distinct messages, want %d", len(ids), want)
	}
	for id, n := range ids {
		if n != 1 {
			t.Fatalf("message %s arrived %d times", id, n)
		}
	}
}

// TestWebhookRetriesThenSucceeds answers 500 first: the message is retried with the same
// idempotency key and accepted once.
func TestWebhookRetriesThenSucceeds(t *testing.T) {
	smtpSrv, hook := StartSMTP(t), StartHook(t, 500)
	sys := Start(t, smtpSrv, hook)
	setup(t, sys)
	sys.MustCall("adv", "POST", "/api/v1/requests", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, 201)
	Eventually(t, 10*time.Second, "the offer webhook accepted", func() bool { return len(hook.Received()) == 1 })
	calls := hook.AllCalls()
	if len(calls) != 2 || calls[0].Status != 500 || calls[0].Header.Get("Idempotency-Key") != calls[1].Header.Get("Idempotency-Key") {
		t.Fatalf("calls %+v, want a 500 then a 200 with the same key", calls)
	}
	for _, m := range smtpSrv.Mail() {
		if strings.Contains(string(m.Data), "hana@example.org") {
			t.Fatalf("email sent to Hana although the webhook reached her")
		}
	}
}

// TestFailoverToNextChannel: the gateway rejects the message for good (410), so the
// next channel, email, carries it.
func TestFailoverToNextChannel(t *testing.T) {
	smtpSrv, hook := StartSMTP(t), StartHook(t, 410)
	sys := Start(t, smtpSrv, hook)
	setup(t, sys)
	sys.MustCall("adv", "POST", "/api/v1/requests", `{"language":"ar","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, 201)
	Eventually(t, 10*time.Second, "the offer to Hana by email after the gateway refused it", func() bool {
		for _, m := range smtpSrv.Mail() {
			if len(m.To) == 1 && m.To[0] == "hana@example.org" {
				return true
			}
		}
		return false
	})
}

// TestUnreachableMovesEscalationOn: an interpreter no channel reaches does not hold up the
// step; escalation moves on (here to the fallback line) at once.
func TestUnreachableMovesEscalationOn(t *testing.T) {
	smtpSrv, hook := StartSMTP(t), StartHook(t, 410, 410)
	sys := Start(t, smtpSrv, hook)
	sys.User("coord", auth.Coordinator, "en")
	sys.User("adv", auth.Advocate, "en")
	now := time.Now().UTC()
	// The gateway refuses her number and the mail server her address: no channel
	// reaches her.
	var i struct{ ID int64 }
	_ = json.Unmarshal([]byte(sys.MustCall("coord", "POST", "/api/v1/interpreters", `{"name":"Z","email":"z@example.org","phone":"+14165550199","languages":["so"],"modalities":["phone"]}`, 201)), &i)
	sys.MustCall("coord", "POST", "/api/v1/shifts", fmt.Sprintf(`{"interpreter_id":%d,"language":"so","level":"primary","starts_at":%q,"ends_at":%q}`, i.ID, now.Add(-time.Hour).Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339)), 201)
	sys.MustCall("coord", "PUT", "/api/v1/escalation-policies/so", `{"steps":[{"targets":["primary"],"timeout_seconds":60}]}`, 200)
	smtpSrv.Reject("z@example.org") // and her mailbox is gone
	var r struct{ ID int64 }
	_ = json.Unmarshal([]byte(sys.MustCall("adv", "POST", "/api/v1/requests", `{"language":"so","modality":"phone","urgency":"now","duration_minutes":30,"case_type":"general"}`, 201)), &r)
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(sys.Log.String())
		}
	})
	Eventually(t, 15*time.Second, "fallback long before the 60 s step ends", func() bool {
		var v struct{ Status string }
		_ = json.Unmarshal([]byte(sys.MustCall("adv", "GET", fmt.Sprintf("/api/v1/requests/%d", r.ID), "", 200)), &v)
		return v.Status == "fallback"
	})
}
