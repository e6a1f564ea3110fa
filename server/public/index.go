package public

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/server/web"
)

// index lists the pamphlets by topic, each in the best translation along the reader's
// fallback chain.
func (s *Server) index(c echo.Context) error {
	l, canonical, ok := s.PathLocale(c.Param("locale"))
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "unknown locale")
	}
	if !canonical {
		return c.Redirect(http.StatusMovedPermanently, "/"+l.ID+"/")
	}
	s.RememberLocale(c, l)
	return s.sendPage(c, l.ID, "index", func() any { return s.indexData(c, l) })
}

func (s *Server) indexData(c echo.Context, l *locale.Locale) indexPage {
	ui := s.UI.For(l.ID)
	data := indexPage{Page: s.NewPage(c, l, ui.T("HomeTitle"), "")}
	city, _ := s.Site.FactIn(l.Chain, "site", "city")
	data.Description = ui.T("HomeIntro", "City", city)
	for _, other := range s.Locales.All() {
		data.Alternates = append(data.Alternates, web.Alternate{Hreflang: other.ID, Href: s.RequestBaseURL(c) + "/" + other.ID + "/"})
	}
	data.Alternates = append(data.Alternates, web.Alternate{Hreflang: "x-default", Href: s.RequestBaseURL(c) + "/"})
	data.Topics = s.topicGroups(l)
	return data
}

var topicKeys = map[pamphlet.Topic]string{
	pamphlet.TopicServices:      "TopicServices",
	pamphlet.TopicVictimSupport: "TopicVictimSupport",
	pamphlet.TopicPrevention:    "TopicPrevention",
	pamphlet.TopicSafety:        "TopicSafety",
}

func (s *Server) topicGroups(l *locale.Locale) []topicGroup {
	ui := s.UI.For(l.ID)
	var groups []topicGroup
	for _, topic := range pamphlet.Topics {
		g := topicGroup{ID: string(topic), Name: ui.T(topicKeys[topic])}
		for _, p := range s.Pamphlets.All() {
			if p.Topic != topic {
				continue
			}
			t, ok := p.Resolve(l.Chain)
			if !ok {
				continue
			}
			item := indexItem{Href: "/" + l.ID + "/" + p.Slug, Title: t.Title, Summary: t.Summary, Locale: t.Locale}
			if t.Locale != l {
				item.Fallback = true
				item.Note = l.Name(t.Locale)
			}
			g.Items = append(g.Items, item)
		}
		if len(g.Items) > 0 {
			g.Count = ui.N("PamphletCount", len(g.Items))
			groups = append(groups, g)
		}
	}
	return groups
}
