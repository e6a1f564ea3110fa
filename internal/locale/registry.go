package locale

import (
	"fmt"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Registry is the set of supported locales, in display order, with the default.
type Registry struct {
	list    []*Locale
	byKey   map[string]*Locale // lower-cased ids and aliases
	def     *Locale
	tags    []language.Tag
	matcher language.Matcher
	matches matchCache // Match's answers by header
}

// NewRegistry resolves specs; defaultID must be one of them. Every fallback must name a
// configured locale; ids and aliases must be unique.
func NewRegistry(specs []Spec, defaultID string) (*Registry, error) {
	r := &Registry{byKey: make(map[string]*Locale)}
	for _, spec := range specs {
		l, err := newLocale(spec)
		if err != nil {
			return nil, err
		}
		for _, key := range append([]string{spec.ID}, spec.Aliases...) {
			if _, dup := r.byKey[lookupKey(key)]; dup {
				return nil, fmt.Errorf("locale %q: id or alias %q used twice", spec.ID, key)
			}
			r.byKey[lookupKey(key)] = l
		}
		r.list = append(r.list, l)
		r.tags = append(r.tags, l.Tag)
	}
	def, ok := r.byKey[lookupKey(defaultID)]
	if !ok || def.ID != defaultID {
		return nil, fmt.Errorf("default locale %q is not a configured locale id", defaultID)
	}
	r.def = def
	for i, spec := range specs {
		chain, err := r.chain(spec)
		if err != nil {
			return nil, err
		}
		r.list[i].Chain = chain
	}
	r.nameAll()
	// The default goes first: the matcher answers with its first tag when nothing fits.
	tags := append([]language.Tag{def.Tag}, r.tags...)
	r.matcher = language.NewMatcher(tags)
	return r, nil
}

func (r *Registry) chain(spec Spec) ([]string, error) {
	chain := []string{spec.ID}
	seen := map[string]bool{spec.ID: true}
	for _, id := range append(spec.Fallback, r.def.ID) {
		l, ok := r.byKey[lookupKey(id)]
		if !ok || l.ID != id {
			return nil, fmt.Errorf("locale %q: fallback %q is not a configured locale id", spec.ID, id)
		}
		if !seen[id] {
			chain = append(chain, id)
			seen[id] = true
		}
	}
	return chain, nil
}

func (r *Registry) nameAll() {
	for _, reader := range r.list {
		namer := display.Tags(reader.Tag)
		reader.names = make(map[string]string, len(r.list))
		for _, other := range r.list {
			if n := namer.Name(other.Tag); n != "" {
				reader.names[other.ID] = n
			}
		}
		if n := display.Self.Name(reader.Tag); n != "" {
			reader.names[reader.ID] = n
		}
	}
}

// All returns the supported locales in display order. The slice must not be changed.
func (r *Registry) All() []*Locale { return r.list }

// Default returns the default locale.
func (r *Registry) Default() *Locale { return r.def }

// Get returns the locale whose id is exactly id.
func (r *Registry) Get(id string) (*Locale, bool) {
	l, ok := r.byKey[lookupKey(id)]
	if !ok || l.ID != id {
		return nil, false
	}
	return l, true
}

// Lookup finds a locale by id or alias, ignoring case: "ZH-hant", "prs" and "fil" all
// resolve. Callers that got a non-canonical spelling should redirect to l.ID.
func (r *Registry) Lookup(s string) (*Locale, bool) {
	l, ok := r.byKey[lookupKey(s)]
	return l, ok
}
