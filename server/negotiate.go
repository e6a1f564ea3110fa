package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/locale"
)

// localeCookie remembers the reader's last chosen language.
const localeCookie = "outreach_locale"

// negotiate picks the locale for a request that names none: saved choice, then
// Accept-Language, then the default.
func (s *Server) negotiate(c echo.Context) *locale.Locale {
	saved := ""
	if ck, err := c.Cookie(localeCookie); err == nil {
		saved = ck.Value
	}
	return s.Locales.Negotiate(saved, c.Request().Header.Get("Accept-Language"))
}

// rememberLocale saves the locale of a page the reader chose (by following a link to
// it, the language switcher among them), so that "/" and error pages use it and the
// browser's header never overrides it.
func (s *Server) rememberLocale(c echo.Context, l *locale.Locale) {
	if ck, err := c.Cookie(localeCookie); err == nil && ck.Value == l.ID {
		return
	}
	c.SetCookie(&http.Cookie{
		Name:     localeCookie,
		Value:    l.ID,
		Path:     "/",
		MaxAge:   int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true,
		Secure:   s.scheme(c) == "https",
		SameSite: http.SameSiteLaxMode,
	})
}

// pathLocale resolves the locale segment of a path. A non-canonical spelling ("ZH-hant",
// an alias like "prs", or a tag we serve with confidence such as "zh-TW") returns the
// canonical locale and canonical=false, for a redirect.
func (s *Server) pathLocale(segment string) (l *locale.Locale, canonical, ok bool) {
	if l, ok := s.Locales.Get(segment); ok {
		return l, true, true
	}
	if l, ok := s.Locales.Lookup(segment); ok {
		return l, false, true
	}
	if l, ok := s.Locales.MatchTag(segment); ok {
		return l, false, true
	}
	return nil, false, false
}

// baseURL is the configured public URL or the request's own.
func (s *Server) baseURL(c echo.Context) string {
	if s.BaseURL != "" {
		return s.BaseURL
	}
	return s.scheme(c) + "://" + c.Request().Host
}

// newPage fills the layout's data for locale l; path is the page's path without the
// locale ("" for the index, the slug for a pamphlet).
func (s *Server) newPage(c echo.Context, l *locale.Locale, title, path string) page {
	p := page{Locale: l, Site: s.Site, Title: title, CSS: s.assets["style.css"].path, UIMachine: s.UI.For(l.ID).Machine}
	p.Canonical = s.baseURL(c) + "/" + l.ID + "/" + path
	for _, other := range s.Locales.All() {
		p.Languages = append(p.Languages, languageLink{
			ID: other.ID, Dir: other.Dir, Autonym: other.Autonym,
			Href: "/" + other.ID + "/" + path, Current: other == l,
		})
	}
	return p
}

// isAPI says whether a path belongs to the JSON API, whose errors are JSON.
func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }
