package app

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/notify"
)

// accountMail sends sign-in links and reset notices to an account's own address, in the
// owner's language, straight through the email channel (not the outbox: the outbox
// would have to store the link, and only the link's hash is ever stored).
type accountMail struct {
	email   *notify.Email
	content *Content
	baseURL string
}

func (m *accountMail) message(u *auth.User, key string, args ...any) (*notify.Message, notify.Recipient) {
	l, ok := m.content.Locales.Lookup(u.PreferredLocale)
	if !ok {
		l = m.content.Locales.Default()
	}
	ui := m.content.UI.For(l.ID)
	args = append(args, "Service", m.content.Site.Name, "Name", u.Name)
	text := ui.T("AccountMailBody_"+key, args...)
	msg := &notify.Message{Key: fmt.Sprintf("account-%s-%d-%d", key, u.ID, time.Now().UnixNano()), Kind: "account_" + key,
		Subject: ui.T("AccountMailSubject_"+key, args...), Text: text, Locale: l.ID,
		HTML: `<!doctype html><html lang="` + l.ID + `" dir="` + l.Dir + `"><body><p>` + html.EscapeString(text) + `</p></body></html>`}
	return msg, notify.Recipient{UserID: u.ID, Name: u.Name, Email: u.Email, Locale: l.ID}
}

// SendLink emails a sign-in link.
func (m *accountMail) SendLink(ctx context.Context, u *auth.User, purpose auth.LinkPurpose, token string, expires time.Time) error {
	link := m.baseURL + "/staff/set-password?token=" + url.QueryEscape(token)
	msg, to := m.message(u, string(purpose), "Link", link, "Hours", int(time.Until(expires).Round(time.Hour).Hours()))
	msg.Text += "\n\n" + link
	msg.Link = link
	return m.email.Send(ctx, msg, to)
}

// SendResetNotice tells an account's owner that their password was reset.
func (m *accountMail) SendResetNotice(ctx context.Context, u *auth.User) error {
	msg, to := m.message(u, "notice")
	return m.email.Send(ctx, msg, to)
}
