package staff

import (
	"html/template"
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
)

// translationsPage is /staff/translations: every locale's counts, one locale's
// pamphlets (?locale=), or one pamphlet in the source and a locale side by side
// (?locale=&slug=). Sorting is by links (?sort=), so it needs no script.
type translationsPage struct {
	staffPage
	Listed  *locale.Locale // the locale listed or compared; nil for the summary
	Sort    string
	Summary []summaryRow
	Entries []entryRow
	Compare *comparison
}

type summaryRow struct {
	Locale                                        *locale.Locale
	Translated, Reviewed, Machine, Stale, Missing cell
}

type cell struct{ Count, Percent int }

type entryRow struct {
	pamphlet.Entry
	StateName string
}

// comparison is one pamphlet in the source locale and in another, side by side.
type comparison struct {
	Slug                  string
	Source, Translation   *pamphlet.Translation
	SourceBody, TransBody template.HTML
	SourceHref, TransHref string
}

// staffTranslations serves /staff/translations to coordinators and admins.
func (s *Server) staffTranslations(c echo.Context) error {
	if u := actor(c); !u.Is(auth.Coordinator, auth.Admin) {
		return apperr.New(apperr.Forbidden, "ErrForbidden", "translations: role %s", u.Role)
	}
	p, ui := s.newStaffPage(c, "")
	p.Title = ui.T("TranslationsTitle")
	data := translationsPage{staffPage: p, Sort: c.QueryParam("sort")}
	id := c.QueryParam("locale")
	if id == "" {
		data.Summary = summaryRows(s.Pamphlets.Summaries(s.Locales.All()), s.Locales, data.Sort)
		return s.renderStaff(c, http.StatusOK, "staff-translations", data, p.Locale)
	}
	l, ok := s.Locales.Get(id)
	if !ok {
		return apperr.New(apperr.NotFound, "NotFoundBody", "translations: unknown locale")
	}
	data.Listed = l
	if slug := c.QueryParam("slug"); slug != "" {
		cmp, err := s.compare(l, slug)
		if err != nil {
			return err
		}
		data.Compare = cmp
	} else {
		data.Entries = entryRows(s.Pamphlets.Entries(l), ui, data.Sort)
	}
	return s.renderStaff(c, http.StatusOK, "staff-translations", data, p.Locale)
}

func (s *Server) compare(l *locale.Locale, slug string) (*comparison, error) {
	p, ok := s.Pamphlets.Get(slug)
	if !ok {
		return nil, apperr.New(apperr.NotFound, "NotFoundBody", "translations: unknown pamphlet")
	}
	cmp := &comparison{Slug: slug, Source: p.Source, SourceBody: template.HTML(p.Source.HTML),
		SourceHref: s.BaseURL + "/" + p.Source.Locale.ID + "/" + slug, TransHref: s.BaseURL + "/" + l.ID + "/" + slug}
	if t, ok := p.Translations[l.ID]; ok {
		cmp.Translation, cmp.TransBody = t, template.HTML(t.HTML)
	}
	return cmp, nil
}

func summaryRows(sums []pamphlet.Summary, reg *locale.Registry, by string) []summaryRow {
	rows := make([]summaryRow, 0, len(sums))
	for _, s := range sums {
		l, _ := reg.Get(s.Locale)
		c := func(n int) cell { return cell{n, s.Percent(n)} }
		rows = append(rows, summaryRow{Locale: l, Translated: c(s.Translated), Reviewed: c(s.Reviewed), Machine: c(s.Machine), Stale: c(s.Stale), Missing: c(s.Missing)})
	}
	key := map[string]func(r summaryRow) int{
		"translated": func(r summaryRow) int { return -r.Translated.Count }, "reviewed": func(r summaryRow) int { return -r.Reviewed.Count },
		"machine": func(r summaryRow) int { return -r.Machine.Count }, "stale": func(r summaryRow) int { return -r.Stale.Count },
		"missing": func(r summaryRow) int { return -r.Missing.Count },
	}[by]
	if key != nil {
		sort.SliceStable(rows, func(i, j int) bool { return key(rows[i]) < key(rows[j]) })
	}
	return rows
}

// stateKeys name the states in the reader's language; stateRank sorts the most work
// first.
var (
	stateKeys = map[pamphlet.State]string{pamphlet.StateMissing: "TrStateMissing", pamphlet.StateStale: "TrStateStale",
		pamphlet.StateMachine: "TrStateMachine", pamphlet.StateReviewed: "TrStateReviewed", pamphlet.StateSource: "TrStateSource"}
	stateRank = map[pamphlet.State]int{pamphlet.StateMissing: 0, pamphlet.StateStale: 1, pamphlet.StateMachine: 2, pamphlet.StateReviewed: 3, pamphlet.StateSource: 4}
)

func entryRows(entries []pamphlet.Entry, ui *i18n.Localizer, by string) []entryRow {
	rows := make([]entryRow, len(entries))
	for i, e := range entries {
		rows[i] = entryRow{Entry: e, StateName: ui.T(stateKeys[e.State])}
	}
	switch by {
	case "state":
		sort.SliceStable(rows, func(i, j int) bool { return stateRank[rows[i].State] < stateRank[rows[j].State] })
	case "pamphlet":
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].Slug < rows[j].Slug })
	}
	return rows
}
