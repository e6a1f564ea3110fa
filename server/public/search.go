package public

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/search"
	"github.com/outreach-project/outreach/server/web"
)

// maxResults bounds a results page: the catalog is a few dozen pamphlets.
const maxResults = 30

type searchPage struct {
	web.Page
	Query   string
	Error   string // why the query was refused, in the reader's language
	Count   string // "3 pamphlets found", in the reader's language
	Results []searchResult
}

type searchResult struct {
	Href, Title string
	Locale      *locale.Locale // of the title and snippet
	Fallback    bool
	Note        string // in the reader's language: which language the text is in
	Snippet     []search.Fragment
}

type notFoundPage struct {
	web.Page
	Heading, Message string
}

// search answers GET /{locale}/search?q=: the pamphlets a reader of the locale can
// read that match q, best first, each with the passage that matched. It is a plain
// form and a page of links; it needs no script. A query the search boxes would not
// take gets 400 and says why (see badQuery).
func (s *Server) search(c echo.Context) error {
	l, canonical, ok := s.PathLocale(c.Param("locale"))
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "unknown locale")
	}
	q := strings.TrimSpace(c.QueryParam("q"))
	if !canonical {
		return c.Redirect(http.StatusMovedPermanently, "/"+l.ID+"/search?q="+url.QueryEscape(q))
	}
	s.RememberLocale(c, l)
	// A query longer than the search box allows is refused, with the form to try
	// again, rather than cut short and answered as if the reader had typed less.
	status, refused := http.StatusOK, s.badQuery(l, q)
	if refused != "" {
		status, q = http.StatusBadRequest, ""
	}
	data := s.searchData(c, l, q)
	data.Error = refused
	body, err := s.views.Render(l.ID, "search", data)
	if err != nil {
		return err
	}
	// Never stored, by the browser or anything between: the page holds what the reader
	// searched for, which on a shared computer is nobody else's business.
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, body)
}

func (s *Server) searchData(c echo.Context, l *locale.Locale, q string) searchPage {
	ui := s.UI.For(l.ID)
	data := searchPage{Page: s.NewPage(c, l, ui.T("SearchTitle"), "search"), Query: q}
	data.Canonical = ""
	for i := range data.Languages {
		data.Languages[i].Href += "?q=" + url.QueryEscape(q)
	}
	if q == "" {
		return data
	}
	for _, r := range s.searchIx.get().Search(q, l.Chain, maxResults) {
		res := searchResult{Href: "/" + l.ID + "/" + r.Slug, Title: r.Title, Locale: r.Locale, Snippet: r.Snippet}
		if r.Locale != l {
			res.Fallback, res.Note = true, l.Name(r.Locale)
		}
		data.Results = append(data.Results, res)
	}
	data.Count = ui.N("SearchCount", len(data.Results))
	return data
}

// handleError shows a page that does not exist with a search box, in the reader's
// language; every other error goes to the shared error page.
func (s *Server) handleError(err error, c echo.Context) {
	path := c.Request().URL.Path
	if c.Response().Committed || c.Request().Method != http.MethodGet || !isNotFound(err) || strings.HasPrefix(path, "/api/") {
		s.HandleError(err, c)
		return
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	l, _, ok := s.PathLocale(first)
	if !ok {
		l = s.Negotiate(c)
	}
	ui := s.UI.For(l.ID)
	data := notFoundPage{Page: s.NewPage(c, l, ui.T("NotFoundTitle"), ""), Heading: ui.T("NotFoundTitle"),
		Message: ui.T("NotFoundBody", "Number", s.Site.Phones["emergency"])}
	data.Canonical = ""
	body, rerr := s.views.Render(l.ID, "notfound", data)
	if rerr != nil {
		s.HandleError(rerr, c)
		return
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	_ = c.HTMLBlob(http.StatusNotFound, body)
}

func isNotFound(err error) bool {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he.Code == http.StatusNotFound
	}
	return apperr.CodeOf(err) == apperr.NotFound
}
