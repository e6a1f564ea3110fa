package staff

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
)

// A signed-in session idle for SessionIdle has ended. When it was last used is kept in
// the session itself and written back only when it is SessionSeenEvery old, so that a
// page view reads its session without writing it: sessions end between SessionIdle and
// SessionIdle + SessionSeenEvery after their last use.
const (
	SessionIdle      = 2 * time.Hour
	SessionSeenEvery = 5 * time.Minute
)

// Session keys. A session remembers its user and the account's session epoch when it
// began: a reset, a password change or a deactivation raises the epoch and so ends it.
const (
	sessionSeenKey  = "seen" // Unix seconds
	sessionEpochKey = "session_epoch"
	sessionCSRFKey  = "csrf"
	// csrfContextKey is where pages find the token (Echo's usual key).
	csrfContextKey = "csrf"
)

// csrf protects every unsafe request under /staff with a token bound to the session:
// kept in the session itself, compared in constant time, and read only from the form
// body's "_csrf" field or the X-CSRF-Token header — never the query string, which ends up
// in logs, histories and Referer headers. A token from another session never matches.
func (s *Server) csrf() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ctx := c.Request().Context()
			token := s.Sessions.GetString(ctx, sessionCSRFKey)
			if token == "" {
				token = newCSRFToken()
				s.Sessions.Put(ctx, sessionCSRFKey, token)
			}
			switch c.Request().Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
			default:
				sent := c.Request().Header.Get("X-CSRF-Token")
				if sent == "" {
					sent = c.Request().PostFormValue("_csrf")
				}
				if subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
					return apperr.New(apperr.Forbidden, "ErrForbidden", "csrf: token missing or not this session's")
				}
			}
			c.Set(csrfContextKey, token)
			return next(c)
		}
	}
}

func newCSRFToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// requireSession sends someone not signed in to the sign-in page, then back. The account
// is read on every request, so a deactivation or a reset ends its sessions at once.
func (s *Server) requireSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		id, epoch := s.Sessions.GetInt64(ctx, sessionUserKey), s.Sessions.GetInt64(ctx, sessionEpochKey)
		if id != 0 && !s.stillActive(ctx) {
			s.Sessions.Remove(ctx, sessionUserKey)
			id = 0
		}
		u, err := s.Accounts.SessionUser(ctx, id, epoch)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		if id == 0 || err != nil {
			if id != 0 {
				s.Sessions.Remove(ctx, sessionUserKey)
			}
			if c.Request().Method != http.MethodGet {
				return apperr.New(apperr.Unauthorized, "ErrUnauthorized", "no session")
			}
			return c.Redirect(http.StatusSeeOther, staffPrefix+"/login?next="+url.QueryEscape(c.Request().URL.Path))
		}
		c.SetRequest(c.Request().WithContext(auth.NewContextWithUser(ctx, u)))
		return next(c)
	}
}

// stillActive says whether a signed-in session was used within SessionIdle, and
// records this use when the last one recorded is SessionSeenEvery old.
func (s *Server) stillActive(ctx context.Context) bool {
	now := s.now()
	unix := s.Sessions.GetInt64(ctx, sessionSeenKey)
	seen := time.Unix(unix, 0)
	if unix != 0 && now.Sub(seen) > SessionIdle {
		return false
	}
	if unix == 0 || now.Sub(seen) >= SessionSeenEvery { // none recorded: a session from before this rule
		s.Sessions.Put(ctx, sessionSeenKey, now.Unix())
	}
	return true
}

// startSession signs u in on a fresh session token (no fixation) with a fresh CSRF token.
func (s *Server) startSession(c echo.Context, u *auth.User) error {
	ctx := c.Request().Context()
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessionUserKey, u.ID)
	s.Sessions.Put(ctx, sessionEpochKey, u.SessionEpoch)
	s.Sessions.Put(ctx, sessionSeenKey, s.now().Unix())
	s.Sessions.Put(ctx, sessionCSRFKey, newCSRFToken())
	return nil
}

type loginPage struct {
	staffPage
	Next, Email, Error string
}

func (s *Server) staffLoginPage(c echo.Context) error {
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T("SignInTitle")
	return s.renderStaff(c, http.StatusOK, "staff-login", loginPage{staffPage: p, Next: safeNext(c.QueryParam("next"))}, p.Locale)
}

// staffLogin asks the account service; every failure gets the same page.
func (s *Server) staffLogin(c echo.Context) error {
	r := c.Request()
	u, err := s.Accounts.SignIn(r.Context(), r.PostFormValue("email"), r.PostFormValue("password"), c.RealIP())
	if apperr.KeyOf(err) == auth.KeySignInFailed {
		p, ui := s.newStaffPage(c, "")
		p.Title = ui.T("SignInTitle")
		data := loginPage{staffPage: p, Next: safeNext(r.PostFormValue("next")), Email: r.PostFormValue("email"), Error: ui.T(auth.KeySignInFailed)}
		return s.renderStaff(c, http.StatusUnauthorized, "staff-login", data, p.Locale)
	}
	if err != nil {
		return err
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, safeNext(r.PostFormValue("next")))
}

// safeNext keeps a redirect after sign-in on the staff pages.
func safeNext(next string) string {
	if !strings.HasPrefix(next, staffPrefix+"/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return staffPrefix + "/"
	}
	return next
}

func (s *Server) staffLogout(c echo.Context) error {
	ctx := c.Request().Context()
	if err := s.Accounts.SignOut(ctx, actor(c)); err != nil {
		return err
	}
	if err := s.Sessions.Destroy(ctx); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, staffPrefix+"/login")
}

// signInLimiter allows each client address 10 attempts a minute (bursts of 5) on this
// instance, before the account service's limits, which hold across instances.
func signInLimiter() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(10.0 / 60), Burst: 5, ExpiresIn: 10 * time.Minute,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return apperr.New(apperr.Forbidden, "ErrTooManyAttempts", "sign-in rate limit")
		},
	})
}
