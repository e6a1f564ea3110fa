package notify_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/outreach-project/outreach/internal/notify"
)

// mailServer is a real SMTP server on loopback that counts its sessions and can drop a
// session's connection after a message, as a server restarting between messages does.
type mailServer struct {
	addr string
	srv  *smtp.Server

	mu       sync.Mutex
	sessions int
	open     int
	messages []string // Message-Ids, in order
	dropNext bool
	conns    []*smtp.Conn
}

func (s *mailServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions++
	s.open++
	s.conns = append(s.conns, c)
	return &countingSession{srv: s, conn: c}, nil
}

type countingSession struct {
	srv  *mailServer
	conn *smtp.Conn
}

func (cs *countingSession) Reset() {}
func (cs *countingSession) Logout() error {
	cs.srv.mu.Lock()
	defer cs.srv.mu.Unlock()
	cs.srv.open--
	return nil
}
func (cs *countingSession) Mail(string, *smtp.MailOptions) error { return nil }
func (cs *countingSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (cs *countingSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	cs.srv.mu.Lock()
	defer cs.srv.mu.Unlock()
	cs.srv.messages = append(cs.srv.messages, string(b))
	return nil
}

// dropAll closes every session's connection from the server's side.
func (s *mailServer) dropAll() {
	s.mu.Lock()
	conns := s.conns
	s.conns = nil
	s.mu.Unlock()
	for _, c := range conns { // Close calls Logout, which takes the lock
		_ = c.Close()
	}
}

func (s *mailServer) counts() (sessions, open, messages int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions, s.open, len(s.messages)
}

// waitClosed returns the counts once no session is open, or after a few seconds: the
// server ends a session just after it answers QUIT.
func (s *mailServer) waitClosed() (sessions, open, messages int) {
	for i := 0; i < 500; i++ {
		if sessions, open, messages = s.counts(); open == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return sessions, open, messages
}

func startMailServer(t *testing.T) *mailServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &mailServer{addr: ln.Addr().String()}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "localhost"
	go func() { _ = s.srv.Serve(ln) }()
	t.Cleanup(func() { _ = s.srv.Close() })
	return s
}

func mustEmail(t *testing.T, s *mailServer) *notify.Email {
	t.Helper()
	e, err := notify.NewEmail("smtp://"+s.addr+"?tls=none", "outreach@example.org")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func send(t *testing.T, e *notify.Email, i int) {
	t.Helper()
	m := &notify.Message{Key: fmt.Sprintf("m%d", i), Subject: "s", Text: "t", HTML: "<p>t</p>", Locale: "en"}
	if err := e.Send(context.Background(), m, notify.Recipient{Email: "i@example.org"}); err != nil {
		t.Fatalf("send %d: %v", i, err)
	}
}

func TestEmailKeepsItsConnection(t *testing.T) {
	s := startMailServer(t)
	e := mustEmail(t, s)
	for i := range 5 {
		send(t, e, i)
	}
	if sessions, _, messages := s.counts(); sessions != 1 || messages != 5 {
		t.Fatalf("sessions, messages=%d, %d, want 1, 5", sessions, messages)
	}
}

// A kept connection the server closed in the meantime is dialled again, and the message
// goes out once.
func TestEmailRedialsAClosedConnection(t *testing.T) {
	s := startMailServer(t)
	e := mustEmail(t, s)
	send(t, e, 0)
	s.dropAll()
	send(t, e, 1)
	if sessions, _, messages := s.counts(); sessions != 2 || messages != 2 {
		t.Fatalf("sessions, messages=%d, %d, want 2, 2", sessions, messages)
	}
}

// Concurrent messages use concurrent connections, and Close ends every one of them.
func TestEmailCloseEndsItsConnections(t *testing.T) {
	s := startMailServer(t)
	e := mustEmail(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Go(func() {
			m := &notify.Message{Key: fmt.Sprintf("m%d", i), Subject: "s", Text: "t", Locale: "en"}
			errs <- e.Send(context.Background(), m, notify.Recipient{Email: "i@example.org"})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	sessions, open, messages := s.waitClosed()
	if messages != 40 || sessions > 20 || open != 0 {
		t.Fatalf("messages, sessions, open=%d, %d, %d, want 40, at most 20, 0", messages, sessions, open)
	}
	// After Close a message still goes out, on a connection of its own.
	send(t, e, 41)
	if _, open, _ := s.waitClosed(); open != 0 {
		t.Fatalf("open=%d after a send on a closed Email, want 0", open)
	}
}

func TestEmailRejectionIsPermanent(t *testing.T) {
	s := startMailServer(t)
	e, err := notify.NewEmail("smtp://"+s.addr+"?tls=none", "outreach@example.org")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	err = e.Send(context.Background(), &notify.Message{Key: "k", Subject: "s", Text: "t", Locale: "en"}, notify.Recipient{Email: "not an address"})
	if !notify.IsPermanent(err) {
		t.Fatalf("IsPermanent(%v)=false, want true", err)
	}
}
