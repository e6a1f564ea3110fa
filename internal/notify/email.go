package notify

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
)

// Email sends messages by SMTP, as plain text with an HTML alternative.
type Email struct {
	host     string
	port     int
	username string
	password string
	tls      mail.TLSPolicy
	ssl      bool
	from     string
}

// NewEmail configures SMTP from a URL: smtp://user:pass@host:port uses STARTTLS when the
// server offers it (and requires it with ?tls=required), smtps:// connects with TLS, and
// ?tls=none never encrypts (a local relay). from is the From address.
func NewEmail(rawURL, from string) (*Email, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, errors.New("--smtp-url: want smtp://user:pass@host:port or smtps://…")
	}
	if strings.TrimSpace(from) == "" {
		return nil, errors.New("--mail-from is required with --smtp-url")
	}
	e := &Email{host: u.Hostname(), from: from, tls: mail.TLSOpportunistic, ssl: u.Scheme == "smtps"}
	e.port = 587
	if e.ssl {
		e.port = 465
	}
	if p := u.Port(); p != "" {
		if e.port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("--smtp-url: bad port %q", p)
		}
	}
	if u.User != nil {
		e.username = u.User.Username()
		e.password, _ = u.User.Password()
	}
	switch u.Query().Get("tls") {
	case "", "opportunistic":
	case "required":
		e.tls = mail.TLSMandatory
	case "none":
		e.tls = mail.NoTLS
	default:
		return nil, errors.New("--smtp-url: tls must be opportunistic, required or none")
	}
	return e, nil
}

// Name is "email".
func (e *Email) Name() string { return "email" }

// Reaches reports whether the recipient has an address.
func (e *Email) Reaches(r Recipient) bool { return r.Email != "" }

// Send delivers one message. A permanent SMTP rejection (5xx) is a hard failure.
func (e *Email) Send(ctx context.Context, m *Message, r Recipient) error {
	msg := mail.NewMsg()
	if err := msg.From(e.from); err != nil {
		return Permanent(fmt.Errorf("email: from: %w", err))
	}
	if err := msg.To(r.Email); err != nil {
		return Permanent(fmt.Errorf("email: to: %w", err))
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.Key + "@outreach")
	msg.SetDate()
	msg.SetGenHeader(mail.HeaderContentLang, m.Locale)
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	opts := []mail.Option{mail.WithPort(e.port), mail.WithTLSPortPolicy(e.tls), mail.WithTimeout(10 * time.Second)}
	if e.ssl {
		opts = append(opts, mail.WithSSLPort(false))
	}
	if e.username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(e.username), mail.WithPassword(e.password))
	}
	client, err := mail.NewClient(e.host, opts...)
	if err != nil {
		return fmt.Errorf("email: client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		var se *mail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
			return Permanent(fmt.Errorf("email: rejected (%d)", se.ErrorCode()))
		}
		return fmt.Errorf("email: send: %w", err)
	}
	return nil
}
