package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
)

// Envelope is a stored notification with what composing it needs.
type Envelope struct {
	ID        int64
	Kind      string
	RequestID int64
	OfferID   int64
	CreatedAt time.Time
	To        Recipient
	Role      string
	Request   RequestFacts
	// Interpreter is the assigned interpreter, for an "accepted" message.
	Interpreter *Recipient
}

// RequestFacts are the parts of a request a message may use. Details of a confidential
// request (case type, location, notes, names) are not among them.
type RequestFacts struct {
	Language        string
	Modality        dispatch.Modality
	Urgency         dispatch.Urgency
	StartsAt        time.Time
	DurationMinutes int
	Confidential    bool
}

// Composer writes messages in each recipient's language.
type Composer struct {
	UI           *i18n.Catalog
	Locales      *locale.Registry
	BaseURL      string // public URL of the staff pages, for links
	ServiceName  string
	FallbackLine string
	Location     *time.Location
}

// Compose builds the message for env on channel.
func (c *Composer) Compose(env *Envelope, channel string) *Message {
	l := c.recipientLocale(env.To.Locale)
	ui := c.UI.For(l.ID)
	link := c.link(env)
	data := []any{
		"Language", locale.LanguageName(l, env.Request.Language),
		"Modality", ui.T("Modality_" + string(env.Request.Modality)),
		"Urgency", ui.T("Urgency_" + string(env.Request.Urgency)),
		"Link", link, "Line", c.FallbackLine, "Service", c.ServiceName,
		"Start", env.Request.StartsAt.In(c.Location).Format("2006-01-02 15:04"),
		"Minutes", env.Request.DurationMinutes,
	}
	body := c.body(ui, env, data)
	m := &Message{
		Key:  fmt.Sprintf("notification-%d-%s", env.ID, channel),
		Kind: env.Kind, Subject: ui.T("NotifySubject_"+env.Kind, data...), Text: body + "\n\n" + link,
		Link: link, RequestID: env.RequestID, OfferID: env.OfferID, Locale: l.ID,
	}
	m.HTML = c.html(l, m, body, ui.T("NotifyOpen"))
	return m
}

// body is the message text. For a confidential request it names only the language,
// modality and urgency (and for the fallback message, the line to call).
func (c *Composer) body(ui *i18n.Localizer, env *Envelope, data []any) string {
	text := ui.T("NotifyBody_"+env.Kind, data...)
	if env.Request.Confidential {
		return text
	}
	switch env.Kind {
	case dispatch.NotifyOffer:
		text += " " + ui.T("NotifyWhen", data...)
	case dispatch.NotifyAccepted:
		if i := env.Interpreter; i != nil {
			contact := strings.TrimSpace(strings.Join([]string{i.Phone, i.Email}, " "))
			text += " " + ui.T("NotifyWho", "Interpreter", i.Name, "Contact", contact)
		}
	}
	return text
}

func (c *Composer) link(env *Envelope) string {
	base := strings.TrimSuffix(c.BaseURL, "/")
	if env.Kind == dispatch.NotifyCoverAsked || env.Kind == dispatch.NotifyCoverTaken {
		if env.Role == "interpreter" {
			return base + "/staff/offers#covers"
		}
		return base + "/staff/rotations"
	}
	if env.OfferID != 0 && env.Role == "interpreter" {
		return fmt.Sprintf("%s/staff/offers/%d", base, env.OfferID)
	}
	return fmt.Sprintf("%s/staff/requests/%d", base, env.RequestID)
}

func (c *Composer) recipientLocale(pref string) *locale.Locale {
	if l, ok := c.Locales.Lookup(pref); ok {
		return l
	}
	if l, ok := c.Locales.MatchTag(pref); ok {
		return l
	}
	return c.Locales.Default()
}

var htmlEmail = template.Must(template.New("email").Parse(`<!doctype html>
<html lang="{{.Lang}}" dir="{{.Dir}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family:sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b">
<p>{{.Body}}</p>
<p><a href="{{.Link}}" style="display:inline-block;padding:12px 20px;background:#0b3d91;color:#fff;text-decoration:none;border-radius:6px">{{.Open}}</a></p>
<p style="font-size:13px;color:#4a4a4a">{{.Link}}</p>
</body></html>`))

func (c *Composer) html(l *locale.Locale, m *Message, body, open string) string {
	var b bytes.Buffer
	_ = htmlEmail.Execute(&b, map[string]string{"Lang": l.ID, "Dir": l.Dir, "Subject": m.Subject, "Body": body, "Link": m.Link, "Open": open})
	return b.String()
}
