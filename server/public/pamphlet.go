package public

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/server/web"
)

// pamphlet shows one pamphlet in the reader's locale, or the next translation along the
// locale's fallback chain with a notice in the reader's language.
func (s *Server) pamphlet(c echo.Context) error {
	l, canonical, ok := s.PathLocale(c.Param("locale"))
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "unknown locale")
	}
	slug := c.Param("slug")
	p, found := s.Pamphlets.Get(slug)
	if !found {
		return apperr.New(apperr.NotFound, "NotFoundBody", "unknown pamphlet")
	}
	if !canonical {
		return c.Redirect(http.StatusMovedPermanently, "/"+l.ID+"/"+slug)
	}
	t, ok := p.Resolve(l.Chain)
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "pamphlet has no translation on the chain")
	}
	s.RememberLocale(c, l)
	return s.sendPage(c, l.ID, "pamphlet", func() any { return s.pamphletData(c, l, p, t) })
}

func (s *Server) pamphletData(c echo.Context, l *locale.Locale, p *pamphlet.Pamphlet, t *pamphlet.Translation) pamphletPage {
	ui := s.UI.For(l.ID)
	data := pamphletPage{
		Page: s.NewPage(c, l, t.Title, p.Slug),
		Doc:  t, Body: template.HTML(t.HTML),
		Fallback: t.Locale != l,
		Machine:  t.Status == pamphlet.StatusMachine,
		Stale:    t.Stale,
	}
	data.Description = t.Summary
	data.UIMachine = data.UIMachine && !data.Machine
	if data.Fallback {
		data.FallbackNotice = ui.T("FallbackNotice", "Wanted", l.Name(l), "Shown", l.Name(t.Locale))
	}
	if src := p.Source; src != nil && src != t {
		data.Original = &originalLink{ID: src.Locale.ID, Name: l.Name(src.Locale), Href: "/" + src.Locale.ID + "/" + p.Slug}
		if data.Machine {
			data.MainLang = t.Locale.ID + "-x-mtfrom-" + src.Locale.ID
			data.Body = template.HTML(linkSectionsToOriginal(t.HTML, data.Original.Href, src.Locale.ID, ui.T("ReadSectionOriginal", "Source", data.Original.Name)))
		}
	}
	data.Checked = checkedDate(p, t)
	if p.Topic == pamphlet.TopicVictimSupport {
		data.QuickExit = s.quickExitURL()
		data.QuickExitJS = s.AssetPath("quick-exit.js")
	}
	for _, other := range s.Locales.All() {
		if _, ok := p.Translations[other.ID]; ok {
			data.Alternates = append(data.Alternates, web.Alternate{Hreflang: other.ID, Href: s.RequestBaseURL(c) + "/" + other.ID + "/" + p.Slug})
		}
	}
	return data
}

// checkedDate is when t was last reviewed: its own date, or for a machine translation
// (which no person checked) its source's.
func checkedDate(p *pamphlet.Pamphlet, t *pamphlet.Translation) string {
	d := t.Checked
	if d.IsZero() && p.Source != nil {
		d = p.Source.Checked
	}
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// defaultQuickExit is a neutral page that says nothing about what the reader was reading.
const defaultQuickExit = "https://www.google.com/"

// quickExitURL is the site's [websites] quick_exit, or a neutral default.
func (s *Server) quickExitURL() string {
	if v, ok := s.Site.FactIn(nil, "web", "quick_exit"); ok && v != "" {
		if !strings.Contains(v, "://") {
			v = "https://" + v
		}
		return v
	}
	return defaultQuickExit
}

var sectionHeading = regexp.MustCompile(`<h2 id="(s\d+)">`)

// linkSectionsToOriginal puts, after each section heading of a machine translation, a
// link to the same section of the original (sections are numbered by position, and a
// translation keeps the original's): one tap, and the reader is at the same place.
func linkSectionsToOriginal(body string, href, lang, label string) string {
	var b strings.Builder
	rest := body
	for {
		loc := sectionHeading.FindStringSubmatchIndex(rest)
		if loc == nil {
			b.WriteString(rest)
			return b.String()
		}
		end := strings.Index(rest[loc[1]:], "</h2>")
		if end < 0 {
			b.WriteString(rest)
			return b.String()
		}
		cut := loc[1] + end + len("</h2>")
		id := rest[loc[2]:loc[3]]
		b.WriteString(rest[:cut])
		fmt.Fprintf(&b, "\n<p class=\"orig\"><a href=\"%s#%s\" lang=\"%s\" hreflang=\"%s\">%s</a></p>",
			html.EscapeString(href), id, html.EscapeString(lang), html.EscapeString(lang), html.EscapeString(label))
		rest = rest[cut:]
	}
}
