package notify

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// Email sends messages by SMTP, as plain text with an HTML alternative. It keeps a few
// connections open between messages (at most maxConns, each closed after idleFor
// unused), so a message costs MAIL, RCPT and DATA rather than a connection, a greeting,
// STARTTLS and a sign-in.
type Email struct {
	host     string
	port     int
	username string
	password string
	tls      mail.TLSPolicy
	ssl      bool
	from     string

	// client holds the settings and dials connections.
	client *mail.Client
	// slots bounds the connections open at once (in use or idle).
	slots chan struct{}
	mu    sync.Mutex
	idle  []idleConn // most recently used last
	sweep *time.Timer
	// closed stops keeping connections: each send then dials and quits.
	closed bool
}

type idleConn struct {
	c     *smtp.Client
	since time.Time
}

// maxConns bounds the SMTP connections open at once: relays limit the connections a
// client may hold (Postfix: 50), and a few suffice for hundreds of messages a second.
const maxConns = 20

// idleFor is how long a connection stays open unused: well under relays' own idle
// timeouts (Postfix: 300 s), so a kept connection is rarely found closed.
const idleFor = 30 * time.Second

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
	e := &Email{host: u.Hostname(), from: from, tls: mail.TLSOpportunistic, ssl: u.Scheme == "smtps", slots: make(chan struct{}, maxConns)}
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
	if e.client, err = newClient(e); err != nil {
		return nil, err
	}
	return e, nil
}

// Name is "email".
func (e *Email) Name() string { return "email" }

// Reaches reports whether the recipient has an address.
func (e *Email) Reaches(r Recipient) bool { return r.Email != "" }

// Send delivers one message. A permanent SMTP rejection (5xx) is a hard failure.
func (e *Email) Send(ctx context.Context, m *Message, r Recipient) error {
	msg, err := e.compose(m, r)
	if err != nil {
		return err
	}
	client := e.client
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("email: wait for a connection: %w", ctx.Err())
	}
	defer func() { <-e.slots }()
	conn, reused, err := e.conn(ctx, client)
	for err == nil {
		err = client.SendWithSMTPClient(conn, msg)
		if err == nil || !reused || !beforeMail(err) {
			break
		}
		// A kept connection the server had closed: nothing was sent on it.
		quit(conn)
		conn, reused, err = e.dial(ctx, client)
	}
	return e.done(conn, err)
}

// compose builds the MIME message.
func (e *Email) compose(m *Message, r Recipient) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(e.from); err != nil {
		return nil, Permanent(fmt.Errorf("email: from: %w", err))
	}
	if err := msg.To(r.Email); err != nil {
		return nil, Permanent(fmt.Errorf("email: to: %w", err))
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.Key + "@outreach")
	msg.SetDate()
	msg.SetGenHeader(mail.HeaderContentLang, m.Locale)
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	return msg, nil
}

// newClient builds the client that holds e's settings; it dials nothing.
func newClient(e *Email) (*mail.Client, error) {
	// No NOOP before each message and after it: a connection the server closed fails
	// at MAIL, before anything is sent, and is dialled again. No RSET after a message
	// (its DATA ended the mail transaction): between the server's acceptance and the
	// delivery's record, a crash would have the message sent again.
	opts := []mail.Option{mail.WithPort(e.port), mail.WithTLSPortPolicy(e.tls), mail.WithTimeout(10 * time.Second),
		mail.WithoutNoop(), mail.WithoutRset()}
	if e.ssl {
		opts = append(opts, mail.WithSSLPort(false))
	}
	if e.username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(e.username), mail.WithPassword(e.password))
	}
	c, err := mail.NewClient(e.host, opts...)
	if err != nil {
		return nil, fmt.Errorf("--smtp-url: %w", err)
	}
	return c, nil
}

// conn takes the most recently used idle connection, or dials one; reused tells which.
func (e *Email) conn(ctx context.Context, client *mail.Client) (*smtp.Client, bool, error) {
	e.mu.Lock()
	if n := len(e.idle); n > 0 {
		c := e.idle[n-1].c
		e.idle = e.idle[:n-1]
		e.mu.Unlock()
		return c, true, nil
	}
	e.mu.Unlock()
	return e.dial(ctx, client)
}

func (e *Email) dial(ctx context.Context, client *mail.Client) (*smtp.Client, bool, error) {
	c, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("email: dial: %w", err)
	}
	return c, false, nil
}

// done keeps a connection that delivered for the next message and classifies err.
func (e *Email) done(conn *smtp.Client, err error) error {
	var se *mail.SendError
	broken := err != nil
	if errors.As(err, &se) && se.Reason == mail.ErrSMTPReset {
		err = nil // the message was accepted; only the reset after it failed
	}
	if conn != nil && (broken || !e.keep(conn)) {
		quit(conn)
	}
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500:
		return Permanent(fmt.Errorf("email: rejected (%d)", se.ErrorCode()))
	case se != nil:
		return fmt.Errorf("email: send: %w", err)
	}
	return err
}

// keep puts a connection back among the idle ones; false means close it instead.
func (e *Email) keep(conn *smtp.Client) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed || conn == nil || !conn.HasConnection() {
		return false
	}
	e.idle = append(e.idle, idleConn{c: conn, since: time.Now()})
	if e.sweep == nil {
		e.sweep = time.AfterFunc(idleFor, e.closeIdle)
	}
	return true
}

// closeIdle closes the connections unused for idleFor, and looks again while any stay.
func (e *Email) closeIdle() {
	e.mu.Lock()
	var stale []*smtp.Client
	cut := time.Now().Add(-idleFor)
	kept := e.idle[:0]
	for _, ic := range e.idle {
		if ic.since.After(cut) {
			kept = append(kept, ic)
		} else {
			stale = append(stale, ic.c)
		}
	}
	e.idle = kept
	e.sweep = nil
	if len(kept) > 0 && !e.closed {
		e.sweep = time.AfterFunc(time.Until(kept[0].since.Add(idleFor)), e.closeIdle)
	}
	e.mu.Unlock()
	for _, c := range stale {
		quit(c)
	}
}

// Close closes the idle connections; later messages each use a connection of their own.
func (e *Email) Close() error {
	e.mu.Lock()
	e.closed = true
	idle := e.idle
	e.idle = nil
	if e.sweep != nil {
		e.sweep.Stop()
		e.sweep = nil
	}
	e.mu.Unlock()
	for _, ic := range idle {
		quit(ic.c)
	}
	return nil
}

// quit says goodbye and closes the connection, whether or not the server answers.
func quit(c *smtp.Client) {
	_ = c.UpdateDeadline(5 * time.Second) // the last message's deadline may have passed
	_ = c.Quit()
	_ = c.Close()
}

// beforeMail reports a failure before the server accepted anything of the message: the
// connection check or MAIL FROM failing without an SMTP reply (a closed connection).
func beforeMail(err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) || se.ErrorCode() != 0 {
		return false
	}
	return se.Reason == mail.ErrConnCheck || se.Reason == mail.ErrSMTPMailFrom
}
