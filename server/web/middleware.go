package web

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
)

// RequestLogMessage is the message of the one log line a request gets.
const RequestLogMessage = "request"

// standard is the middleware every request goes through, in one function: the request
// log and metrics, panic recovery, the security headers and the body limit. One rather
// than four because Echo composes its middleware anew for every request, a closure and
// a call for each.
func (s *Base) standard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := s.serveSafely(c, next); err != nil {
			c.Error(err)
		}
		s.logRequest(c, start)
		return nil
	}
}

// serveSafely runs next with the security headers set and the body bounded; a panic
// becomes an internal error: the user sees the generic error page, and the stack goes
// to the log once.
func (s *Base) serveSafely(c echo.Context, next echo.HandlerFunc) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.Logger.Error("panic", slog.String("path", c.Request().URL.Path),
				slog.String("error", fmt.Sprint(r)), slog.String("stack", string(debug.Stack())))
			err = &apperr.Error{Code: apperr.Internal, Detail: "panic"}
		}
	}()
	s.setSecurityHeaders(c)
	if b := c.Request().Body; b != nil && b != http.NoBody { // every GET skips it
		return limitBody(next)(c)
	}
	return next(c)
}

// logRequest logs one line for a request, after the error handler has written the
// response so that the status is the one the client got, and counts it in the metrics.
// Only the path is logged: never the query string, a body or a header.
func (s *Base) logRequest(c echo.Context, start time.Time) {
	res := c.Response()
	end := time.Now()
	if s.metrics != nil {
		s.metrics.observe(c, end.Sub(start))
	}
	level := slog.LevelInfo
	if res.Status >= 500 {
		level = slog.LevelError
	}
	ctx := c.Request().Context()
	h := s.Logger.Handler()
	if !h.Enabled(ctx, level) {
		return
	}
	line := RequestLine{Time: end, Level: level, Method: c.Request().Method, Path: loggedPath(c.Request().URL.Path),
		Status: res.Status, Bytes: res.Size, Duration: end.Sub(start)}
	if w, ok := h.(RequestLineWriter); ok && w.WriteRequestLine(line) {
		return
	}
	// The record goes to the handler directly: Logger.LogAttrs would also look up its
	// caller's program counter, which no request line shows.
	_ = h.Handle(ctx, line.Record())
}

// RequestLine is a request's log line as fields.
type RequestLine struct {
	Time         time.Time
	Level        slog.Level
	Method, Path string
	Status       int
	Bytes        int64
	Duration     time.Duration
}

// Record is the line as a log record: message RequestLogMessage, and the fields as
// attributes in the order a line shows them.
func (l RequestLine) Record() slog.Record {
	r := slog.NewRecord(l.Time, l.Level, RequestLogMessage, 0)
	r.AddAttrs(
		slog.String("method", l.Method),
		slog.String("path", l.Path),
		slog.Int("status", l.Status),
		slog.Int64("bytes", l.Bytes),
		slog.Duration("duration", l.Duration),
	)
	return r
}

// RequestLineWriter is a log handler that writes a request's line from its fields,
// exactly as it would write l.Record(), without the record: building a record and
// walking its attributes was the largest share of logging a request. It reports false,
// writing nothing, when the line should take the record's path instead.
type RequestLineWriter interface {
	WriteRequestLine(l RequestLine) bool
}

// contentSecurityPolicy allows no inline script and no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// The security headers' values, shared by every response (see header).
var (
	hsts             = header("max-age=63072000; includeSubDomains")
	cspHeader        = header(contentSecurityPolicy)
	nosniff          = header("nosniff")
	noReferrer       = header("no-referrer")
	denyFrames       = header("DENY")
	sameOrigin       = header("same-origin")
	permissionPolicy = header("camera=(), microphone=(), geolocation=()")
)

// setSecurityHeaders sets the headers every response carries.
func (s *Base) setSecurityHeaders(c echo.Context) {
	h := c.Response().Header()
	if s.Scheme(c) == "https" {
		h["Strict-Transport-Security"] = hsts
	}
	h["Content-Security-Policy"] = cspHeader
	h["X-Content-Type-Options"] = nosniff
	h["Referrer-Policy"] = noReferrer
	h["X-Frame-Options"] = denyFrames
	h["Cross-Origin-Opener-Policy"] = sameOrigin
	h["Permissions-Policy"] = permissionPolicy
}

// scheme is "https" when the connection is TLS, or when a trusted reverse proxy says the
// client's was; a forwarded header from anyone else is ignored.
func (s *Base) Scheme(c echo.Context) string {
	r := c.Request()
	if r.TLS != nil {
		return "https"
	}
	if len(s.TrustedProxies) > 0 && s.fromTrustedProxy(r.RemoteAddr) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		return "https"
	}
	return "http"
}

func (s *Base) fromTrustedProxy(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	for _, n := range s.TrustedProxies {
		if ip != nil && n.Contains(ip) {
			return true
		}
	}
	return false
}

// loggedPath is the path as logs show it: a calendar feed's path is its secret.
func loggedPath(p string) string {
	if strings.HasPrefix(p, "/calendar/") {
		return "/calendar/…"
	}
	return p
}
