package pamphlet

import "github.com/outreach-project/outreach/internal/locale"

// State is where one pamphlet stands in one locale, for translators.
type State string

// The states, from most to least work needed. A stale translation is stale whatever
// its review status: its text no longer says what the source says.
const (
	StateMissing  State = "missing"  // no translation
	StateStale    State = "stale"    // made from an older revision of the source
	StateMachine  State = "machine"  // up to date, not yet checked by a person
	StateReviewed State = "reviewed" // up to date and checked by a person
	StateSource   State = "source"   // the source text itself
)

// Entry is one pamphlet in one locale.
type Entry struct {
	Slug  string
	Title string // the source's title
	State State
	// Status is the translation's review status ("" when missing).
	Status Status
	// SourceRevision is the source's current revision; MadeFrom is the source
	// revision the translation was made from (0 when missing).
	SourceRevision, MadeFrom int
	File                     string // the translation's file ("" when missing)
}

// Entries lists every pamphlet's state in locale l, in index order.
func (c *Catalog) Entries(l *locale.Locale) []Entry {
	out := make([]Entry, 0, len(c.list))
	for _, p := range c.list {
		e := Entry{Slug: p.Slug, Title: p.Source.Title, SourceRevision: p.Source.SourceRevision, State: StateMissing}
		if t, ok := p.Translations[l.ID]; ok {
			e.Status, e.MadeFrom, e.File = t.Status, t.SourceRevision, t.File
			e.State = stateOf(t)
		}
		out = append(out, e)
	}
	return out
}

func stateOf(t *Translation) State {
	switch {
	case t.IsSource:
		return StateSource
	case t.Stale:
		return StateStale
	case t.Status == StatusMachine:
		return StateMachine
	}
	return StateReviewed
}

// Summary counts one locale's pamphlets by state. Translated counts every pamphlet
// the locale has a file for; Reviewed and Machine split those by review status
// (stale ones included); Stale and Missing are the work to do.
type Summary struct {
	Locale                                               string
	Total, Translated, Reviewed, Machine, Stale, Missing int
}

// Percent is n as a whole percentage of the locale's pamphlets.
func (s Summary) Percent(n int) int {
	if s.Total == 0 {
		return 0
	}
	return (100*n + s.Total/2) / s.Total
}

// Summaries counts every locale's pamphlets by state.
func (c *Catalog) Summaries(locales []*locale.Locale) []Summary {
	out := make([]Summary, 0, len(locales))
	for _, l := range locales {
		s := Summary{Locale: l.ID, Total: len(c.list)}
		for _, p := range c.list {
			t, ok := p.Translations[l.ID]
			if !ok {
				s.Missing++
				continue
			}
			s.Translated++
			if t.Stale {
				s.Stale++
			}
			if t.Status == StatusMachine {
				s.Machine++
			} else {
				s.Reviewed++
			}
		}
		out = append(out, s)
	}
	return out
}
