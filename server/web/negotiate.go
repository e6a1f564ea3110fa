package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/locale"
)

// localeCookie remembers the reader's last chosen language.
const localeCookie = "outreach_locale"

// Negotiate picks the locale for a request that names none: saved choice, then
// Accept-Language, then the default.
func (s *Base) Negotiate(c echo.Context) *locale.Locale {
	r := c.Request()
	return s.Locales.Negotiate(savedLocale(r), firstValue(r.Header["Accept-Language"]))
}

// firstValue is a header's first line, as Header.Get gives it, for a key already in
// canonical form: the map is read directly, without canonicalising the key again.
func firstValue(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return lines[0]
}

// savedLocale is the locale cookie's value ("" for none), read without parsing every
// cookie of the request.
func savedLocale(r *http.Request) string {
	for _, line := range r.Header["Cookie"] {
		for len(line) > 0 {
			var pair string
			pair, line = cutByte(line, ';')
			name, value := cutByte(trimSpace(pair), '=')
			if name == localeCookie {
				return trimSpace(value)
			}
		}
	}
	return ""
}

// RememberLocale saves the locale of a page the reader chose (by following a link to
// it, the language switcher among them), so that "/" and error pages use it and the
// browser's header never overrides it.
//
// The Set-Cookie lines are made once per locale (see localeCookies), not per request.
func (s *Base) RememberLocale(c echo.Context, l *locale.Locale) {
	if savedLocale(c.Request()) == l.ID {
		return
	}
	secure := 0
	if s.Scheme(c) == "https" {
		secure = 1
	}
	h := c.Response().Header()
	line := s.localeCookies[l.ID][secure]
	if h["Set-Cookie"] == nil {
		h["Set-Cookie"] = line
	} else {
		h["Set-Cookie"] = append(h["Set-Cookie"], line[0])
	}
}

// newLocaleCookies makes each locale's Set-Cookie line, plain and Secure.
func newLocaleCookies(reg *locale.Registry) map[string][2][]string {
	out := make(map[string][2][]string)
	for _, l := range reg.All() {
		var lines [2][]string
		for secure := range 2 {
			ck := &http.Cookie{Name: localeCookie, Value: l.ID, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
				HttpOnly: true, Secure: secure == 1, SameSite: http.SameSiteLaxMode}
			lines[secure] = header(ck.String())
		}
		out[l.ID] = lines
	}
	return out
}

// PathLocale resolves the locale segment of a path. A non-canonical spelling ("ZH-hant",
// an alias like "prs", or a tag we serve with confidence such as "zh-TW") returns the
// canonical locale and canonical=false, for a redirect.
func (s *Base) PathLocale(segment string) (l *locale.Locale, canonical, ok bool) {
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

// RequestBaseURL is the configured public URL or the request's own.
func (s *Base) RequestBaseURL(c echo.Context) string {
	if s.BaseURL != "" {
		return s.BaseURL
	}
	return s.Scheme(c) + "://" + c.Request().Host
}

// NewPage fills the layout's data for locale l; path is the page's path without the
// locale ("" for the index, the slug for a pamphlet).
func (s *Base) NewPage(c echo.Context, l *locale.Locale, title, path string) Page {
	p := Page{Locale: l, Site: s.Site, Title: title, CSS: s.AssetPath("style.css"), UIMachine: s.UI.For(l.ID).Machine}
	p.Canonical = s.RequestBaseURL(c) + "/" + l.ID + "/" + path
	for _, other := range s.Locales.All() {
		p.Languages = append(p.Languages, LanguageLink{
			ID: other.ID, Dir: other.Dir, Autonym: other.Autonym,
			Href: "/" + other.ID + "/" + path, Current: other == l,
		})
	}
	return p
}
