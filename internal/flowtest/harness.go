package flowtest

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/notify"
)

// Mail is one message the SMTP server accepted.
type Mail struct {
	From string
	To   []string
	Data []byte
	At   time.Time
}

// SMTPServer is a real SMTP server on loopback that keeps what it receives. Stop and
// Start take it down and bring it back on the same port.
type SMTPServer struct {
	Addr string
	mu   sync.Mutex
	mail []Mail
	srv  *smtp.Server
	// reject holds addresses refused with a permanent 550.
	reject map[string]bool
	// down makes the server answer every new session, and every message on a session
	// already open, with a temporary error, as a mail server that is restarting or
	// overloaded does (the port stays ours).
	down bool
}

// SetDown takes the server down (temporary errors) or brings it back.
func (s *SMTPServer) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// Reject makes the server refuse mail to addr for good (550 5.1.1).
func (s *SMTPServer) Reject(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reject == nil {
		s.reject = map[string]bool{}
	}
	s.reject[addr] = true
}

func (s *SMTPServer) NewSession(*smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		return nil, &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "service not available"}
	}
	return &smtpSession{srv: s}, nil
}

type smtpSession struct {
	srv  *SMTPServer
	from string
	to   []string
}

func (ss *smtpSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *smtpSession) Logout() error { return nil }

// Mail refuses a message on a connection opened before the server went down, as a
// server that is shutting down answers 421 on the sessions it still has.
func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.srv.mu.Lock()
	down := ss.srv.down
	ss.srv.mu.Unlock()
	if down {
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "service not available"}
	}
	ss.from = from
	return nil
}
func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.srv.mu.Lock()
	rejected := ss.srv.reject[to]
	ss.srv.mu.Unlock()
	if rejected {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	ss.to = append(ss.to, to)
	return nil
}
func (ss *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.srv.mu.Lock()
	defer ss.srv.mu.Unlock()
	ss.srv.mail = append(ss.srv.mail, Mail{From: ss.from, To: ss.to, Data: b, At: time.Now()})
	return nil
}

// StartSMTP starts the server on a free loopback port.
func StartSMTP(t testing.TB) *SMTPServer {
	t.Helper()
	s := &SMTPServer{Addr: "127.0.0.1:0"}
	s.Start(t)
	t.Cleanup(s.Stop)
	return s
}

// Start listens (again) on the server's address.
func (s *SMTPServer) Start(t testing.TB) {
	t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the old socket may linger briefly after Stop
		if ln, err = net.Listen("tcp", s.Addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	srv := smtp.NewServer(s)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv = srv
	go func() { _ = srv.Serve(ln) }()
}

// Stop closes the listener and every connection.
func (s *SMTPServer) Stop() {
	if s.srv != nil {
		_ = s.srv.Close()
		s.srv = nil
	}
}

// Mail returns a copy of what was received.
func (s *SMTPServer) Mail() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

// Hook is a webhook receiver that answers with a programmed status sequence (200 once the
// sequence runs out) and verifies every signature.
type Hook struct {
	*httptest.Server
	Secret   []byte
	mu       sync.Mutex
	statuses []int
	Calls    []HookCall
}

// HookCall is one request the receiver got.
type HookCall struct {
	Header   http.Header
	Body     []byte
	Status   int
	SigError error
}

// StartHook starts a receiver; statuses are answered in order.
func StartHook(t testing.TB, statuses ...int) *Hook {
	t.Helper()
	h := &Hook{Secret: []byte("test-secret-0123456789abcdef"), statuses: statuses}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		status := http.StatusOK
		if len(h.statuses) > 0 {
			status, h.statuses = h.statuses[0], h.statuses[1:]
		}
		sigErr := notify.Verify(h.Secret, r.Header.Get(notify.SignatureHeader), body, time.Now(), 5*time.Minute)
		h.Calls = append(h.Calls, HookCall{Header: r.Header.Clone(), Body: body, Status: status, SigError: sigErr})
		h.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(h.Close)
	return h
}

// Received returns the calls answered 2xx.
func (h *Hook) Received() []HookCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []HookCall
	for _, c := range h.Calls {
		if c.Status < 300 {
			out = append(out, c)
		}
	}
	return out
}

// AllCalls returns every call.
func (h *Hook) AllCalls() []HookCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]HookCall(nil), h.Calls...)
}

// System is the whole program in the test process.
type System struct {
	t     testing.TB
	Data  *app.Data
	API   *httptest.Server
	Log   *syncBuffer
	SMTP  *SMTPServer
	Hook  *Hook
	users map[string]*auth.User
	Token map[string]string
	// Errors holds every API error body the test received, for leak checks.
	Errors *syncBuffer
	// quiet adds users without emailing them an invitation; made on first use (an
	// account service hashes a dummy password when it is built, which is slow).
	quiet     *auth.Service
	quietOnce sync.Once
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// Start runs the program with email (and the webhook when hook is not nil), at debug
// log level so that every log line is checked.
func Start(t testing.TB, smtpSrv *SMTPServer, hook *Hook) *System {
	t.Helper()
	return StartOn(t, "", smtpSrv, hook)
}

// StartOn is Start on the database a --database URL names ("" for SQLite in a
// temporary data directory).
func StartOn(t testing.TB, database string, smtpSrv *SMTPServer, hook *Hook) *System {
	t.Helper()
	cfg := &config.Config{Data: t.TempDir(), Database: database, LogFormat: "json", LogLevel: "debug",
		SMTPURL: "smtp://" + smtpSrv.Addr + "?tls=none", MailFrom: "outreach@example.org"}
	if hook != nil {
		secret := filepath.Join(t.TempDir(), "secret")
		if err := os.WriteFile(secret, hook.Secret, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg.WebhookURL, cfg.WebhookSecretFile = hook.URL, secret
	}
	content, err := app.LoadContent(cfg)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	logger := app.NewLogger(cfg, logs)
	sys := &System{t: t, Log: logs, SMTP: smtpSrv, Hook: hook, users: map[string]*auth.User{}, Token: map[string]string{}, Errors: &syncBuffer{}}
	sys.API = httptest.NewUnstartedServer(nil)
	sys.API.Start()
	data, err := app.OpenData(context.Background(), cfg, content, sys.API.URL, logger)
	if err != nil {
		t.Fatal(err)
	}
	sys.Data = data
	srv, err := app.NewServer(cfg, content, data, logger)
	if err != nil {
		t.Fatal(err)
	}
	sys.API.Config.Handler = srv.Combined()
	ctx, cancel := context.WithCancel(context.Background())
	if err := data.Jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_ = data.Jobs.Stop(stop)
		cancel()
		sys.API.Close()
		data.Close()
	})
	return sys
}

// User adds a user with an API token.
func (s *System) User(name string, role auth.Role, locale string) *auth.User {
	s.t.Helper()
	// Added as the operator on a service without email, so that no invitation joins the
	// messages the tests count.
	var err error
	s.quietOnce.Do(func() { s.quiet, err = auth.NewService(auth.Deps{Store: s.Data.Accounts, Now: time.Now}) })
	if err != nil {
		s.t.Fatal(err)
	}
	u, _, err := s.quiet.AddUser(context.Background(), auth.Operator(), auth.UserInput{Email: name + "@example.org", Name: name, Role: role, PreferredLocale: locale})
	if err != nil {
		s.t.Fatal(err)
	}
	s.Login(name, u)
	return u
}

// Login makes a token for an existing user.
func (s *System) Login(name string, u *auth.User) {
	tok, _, err := s.Data.Auth.CreateToken(context.Background(), auth.Operator(), u.ID, "test")
	if err != nil {
		s.t.Fatal(err)
	}
	s.users[name], s.Token[name] = u, tok
}

// Call sends an API request as name and returns the status and body.
func (s *System) Call(name, method, path, body string) (int, string) {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.API.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.Token[name])
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 400 {
		_, _ = s.Errors.Write(append(b, '\n'))
	}
	return res.StatusCode, string(b)
}

// MustCall is Call that fails the test on a status other than want.
func (s *System) MustCall(name, method, path, body string, want int) string {
	s.t.Helper()
	code, b := s.Call(name, method, path, body)
	if code != want {
		s.t.Fatalf("%s %s as %s: %d %s, want %d", method, path, name, code, b, want)
	}
	return b
}

// Stream opens the live event stream as name and collects its raw bytes until the test
// ends.
func (s *System) Stream(name string) *syncBuffer {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.API.URL+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+s.Token[name])
	req.Header.Set("Last-Event-ID", "0")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		s.t.Fatalf("event stream: %v %v", res, err)
	}
	buf := &syncBuffer{}
	done := make(chan struct{})
	go func() { defer close(done); _, _ = io.Copy(buf, res.Body) }()
	s.t.Cleanup(func() { cancel(); <-done })
	return buf
}

// Eventually waits up to limit for cond, failing the test with what.
func Eventually(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for start := time.Now(); time.Since(start) < limit; time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out after %v waiting for %s", limit, what)
}
