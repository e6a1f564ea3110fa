package flowtest

import (
	"bytes"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
)

var resetLink = regexp.MustCompile(`/staff/set-password\?token=(osl_[A-Za-z0-9]+)`)

// TestResetLinkByEmail: a coordinator resets an advocate's password over the API; the
// answer carries nothing to sign in with, the link goes by email to the advocate only,
// and with it the advocate chooses a password and is signed in.
func TestResetLinkByEmail(t *testing.T) {
	smtpSrv := StartSMTP(t)
	sys := Start(t, smtpSrv, nil)
	sys.User("coord", auth.Coordinator, "en")
	adv := sys.User("adv", auth.Advocate, "fr")
	body := sys.MustCall("coord", "POST", fmt.Sprintf("/api/v1/users/%d/password-reset", adv.ID), "", 200)
	if !strings.Contains(body, `"emailed":true`) || resetLink.MatchString(body) {
		t.Fatalf("reset answer: %s", body)
	}
	var link string
	Eventually(t, 10*time.Second, "the reset email", func() bool {
		for _, m := range smtpSrv.Mail() {
			msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
			if err != nil {
				continue
			}
			raw, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
			if found := resetLink.FindStringSubmatch(string(raw)); found != nil {
				if len(m.To) != 1 || m.To[0] != "adv@example.org" {
					t.Fatalf("reset link sent to %v", m.To)
				}
				if !strings.Contains(msg.Header.Get("Content-Language"), "fr") {
					t.Fatalf("reset email in %q, want the advocate's French", msg.Header.Get("Content-Language"))
				}
				link = found[1]
				return true
			}
		}
		return false
	})
	sys.MustCall("adv", "GET", "/api/v1/me", "", 401) // the reset revoked the token
	b := newBrowser(t, sys.API.URL)
	page := "/staff/set-password?token=" + url.QueryEscape(link)
	_, form, _ := b.get(page)
	code, _, h := b.post("/staff/set-password", url.Values{"_csrf": {csrfOf(t, form)}, "token": {link}, "password": {"a password of my own"}})
	if code != http.StatusSeeOther || h.Get("Location") != "/staff/" {
		t.Fatalf("choosing a password: %d %s", code, h.Get("Location"))
	}
	if strings.Contains(sys.Log.String(), link) {
		t.Fatalf("the link is in the log")
	}
}
