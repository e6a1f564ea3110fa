package locale

import (
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
)

// maxAcceptLanguage bounds the header the matcher looks at; real browsers send far less.
const maxAcceptLanguage = 1024

// matchCacheSize bounds how many Accept-Language headers Match remembers its answer for.
// Browsers send few distinct headers (one per language setting), so nearly every
// request is answered from memory; a client sending a new header every time only makes
// the memory start over now and then. At most matchCacheSize × maxAcceptLanguage bytes.
const matchCacheSize = 4096

// matchCache remembers Match's answers: parsing a header and running the matcher is
// most of what a redirect from "/" costs. Reading it takes no lock, so that requests on
// different cores do not take turns at it.
type matchCache struct {
	answers sync.Map     // header -> *Locale
	n       atomic.Int64 // answers stored since the memory last started over
}

func (m *matchCache) get(header string) (*Locale, bool) {
	l, ok := m.answers.Load(header)
	if !ok {
		return nil, false
	}
	return l.(*Locale), true
}

// put remembers an answer. When matchCacheSize answers are held the memory starts over;
// headers stored at that moment on other cores may stay, so the bound is exceeded by at
// most the number of requests in flight.
func (m *matchCache) put(header string, l *Locale) {
	if m.n.Add(1) > matchCacheSize {
		m.answers.Clear()
		m.n.Store(1)
	}
	m.answers.Store(strings.Clone(header), l)
}

// len counts the answers held.
func (m *matchCache) len() int {
	n := 0
	m.answers.Range(func(any, any) bool { n++; return true })
	return n
}

// Negotiate picks the reader's locale: a saved choice (the id stored in a cookie) wins;
// then the Accept-Language header through the x/text matcher; then the default.
//
// The matcher always answers with some locale. When its confidence is below High it has
// guessed a neighbour (Ukrainian for Russian, Arabic for Shahmukhi Punjabi), and the
// reader gets the default instead: a language they did not ask for is no help.
func (r *Registry) Negotiate(saved, acceptLanguage string) *Locale {
	if saved != "" {
		if l, ok := r.Lookup(saved); ok {
			return l
		}
	}
	return r.Match(acceptLanguage)
}

// Match negotiates from an Accept-Language header alone. Answers are remembered by
// header (see matchCache): the registry does not change, so neither do they.
func (r *Registry) Match(acceptLanguage string) *Locale {
	if acceptLanguage == "" || len(acceptLanguage) > maxAcceptLanguage {
		return r.def
	}
	if l, ok := r.matches.get(acceptLanguage); ok {
		return l
	}
	l := r.match(acceptLanguage)
	r.matches.put(acceptLanguage, l)
	return l
}

// match is Match without the memory.
func (r *Registry) match(acceptLanguage string) *Locale {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return r.def
	}
	// Each preference is matched alone, in the reader's order: matching them together
	// lets an Exact match of a later, vaguer preference ("zh", read as Simplified) beat a
	// High match of the first ("zh-HK", Traditional).
	for _, p := range prefs {
		if l, ok := r.Lookup(p.String()); ok {
			// Aliases first ("prs" is Dari, which CLDR spells fa-AF): the matcher
			// does not know them.
			return l
		}
		if l, ok := r.matchOne(p); ok {
			return l
		}
	}
	return r.def
}

// matchOne matches one tag, accepting only the matcher's High or Exact confidence.
func (r *Registry) matchOne(tag language.Tag) (*Locale, bool) {
	_, index, conf := r.matcher.Match(tag)
	if conf < language.High {
		return nil, false
	}
	if index == 0 {
		return r.def, true
	}
	return r.list[index-1], true
}

// MatchTag resolves a single tag that is not a configured id or alias, such as "zh-TW"
// or "fr-CA", when the matcher is confident (High or Exact).
func (r *Registry) MatchTag(s string) (*Locale, bool) {
	tag, err := language.Parse(s)
	if err != nil {
		return nil, false
	}
	return r.matchOne(tag)
}
