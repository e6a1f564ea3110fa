package site

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/outreach-project/outreach/internal/locale"
)

// Site holds the facts of one deployment: names, phone numbers and the websites of
// other organisations a pamphlet sends readers to. Name, City, Website and Phones hold the
// default locale's values; FactIn gives the value for a reader's locale.
type Site struct {
	Name          string
	City          string
	Website       string
	TimeZone      string
	SourceLocale  string
	DefaultLocale string
	Phones        map[string]string
	Locales       []locale.Spec
	// VettingTwoPersonRule keeps anyone from attesting the vetting of an interpreter
	// account they created themselves.
	VettingTwoPersonRule bool

	// Location is TimeZone loaded; set by Parse.
	Location *time.Location

	texts    map[string]Text // "site.name", "phone.emergency", … -> value(s)
	examples []string        // keys of values that are examples, not real facts
}

// file is the site file as written.
type file struct {
	Name          Text            `toml:"name"`
	City          Text            `toml:"city"`
	Website       Text            `toml:"website"`
	TimeZone      string          `toml:"time_zone"`
	SourceLocale  string          `toml:"source_locale"`
	DefaultLocale string          `toml:"default_locale"`
	Examples      []string        `toml:"examples"`
	Phones        map[string]Text `toml:"phones"`
	Websites      map[string]Text `toml:"websites"`
	Locales       []locale.Spec   `toml:"locales"`
	// VettingTwoPersonRule: see Site.
	VettingTwoPersonRule bool `toml:"vetting_two_person_rule"`
}

// Error is a problem in a site file, with the line it was found on (0 when unknown).
type Error struct {
	File   string
	Line   int
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Load reads and validates the site file name from fsys.
func Load(fsys fs.FS, name string) (*Site, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	return Parse(name, data)
}

// Parse decodes and validates a site file; file names it in errors.
func Parse(name string, data []byte) (*Site, error) {
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, &Error{File: name, Line: perr.Position.Line, Reason: perr.Message}
		}
		return nil, &Error{File: name, Reason: err.Error()}
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		key := undecoded[0].String()
		return nil, &Error{File: name, Line: lineOf(data, undecoded[0][len(undecoded[0])-1]), Reason: fmt.Sprintf("unknown field %q", key)}
	}
	s, ferr := f.site()
	if ferr != nil {
		return nil, &Error{File: name, Line: lineOf(data, ferr.key), Reason: ferr.reason}
	}
	return s, nil
}

type fieldError struct{ key, reason string }

// site validates f and builds the Site.
func (f *file) site() (*Site, *fieldError) {
	required := []struct{ key, value string }{
		{"time_zone", f.TimeZone}, {"source_locale", f.SourceLocale}, {"default_locale", f.DefaultLocale},
	}
	for _, t := range []struct {
		key  string
		text Text
	}{{"name", f.Name}, {"city", f.City}} {
		if t.text.isRoot && strings.TrimSpace(t.text.plain) == "" || !t.text.isRoot && t.text.byID == nil {
			return nil, &fieldError{t.key, t.key + " is required"}
		}
	}
	for _, r := range required {
		if strings.TrimSpace(r.value) == "" {
			return nil, &fieldError{r.key, r.key + " is required"}
		}
	}
	loc, err := time.LoadLocation(f.TimeZone)
	if err != nil {
		return nil, &fieldError{"time_zone", fmt.Sprintf("unknown time zone %q", f.TimeZone)}
	}
	if len(f.Locales) == 0 {
		return nil, &fieldError{"locales", "at least one [[locales]] entry is required"}
	}
	s := &Site{TimeZone: f.TimeZone, SourceLocale: f.SourceLocale, DefaultLocale: f.DefaultLocale,
		Locales: f.Locales, Location: loc, Phones: make(map[string]string), texts: make(map[string]Text),
		VettingTwoPersonRule: f.VettingTwoPersonRule}
	if ferr := s.addTexts(f); ferr != nil {
		return nil, ferr
	}
	if ferr := s.addExamples(f.Examples); ferr != nil {
		return nil, ferr
	}
	return s, nil
}

// addTexts checks every localisable value and records it under its placeholder name.
func (s *Site) addTexts(f *file) *fieldError {
	known := func(id string) bool {
		for _, spec := range s.Locales {
			if spec.ID == id {
				return true
			}
		}
		return false
	}
	site := map[string]Text{"name": f.Name, "city": f.City}
	if f.Website.isRoot || f.Website.byID != nil {
		site["website"] = f.Website
	}
	for _, key := range sortedKeys(site) {
		if reason := site[key].check(s.DefaultLocale, known); reason != "" {
			return &fieldError{key, key + " " + reason}
		}
		s.texts["site."+key] = site[key]
	}
	for _, key := range sortedKeys(f.Phones) {
		if ferr := s.addPhone(key, f.Phones[key], known); ferr != nil {
			return ferr
		}
	}
	if _, ok := s.Phones["emergency"]; !ok {
		return &fieldError{"phones", "phones.emergency is required"}
	}
	for _, key := range sortedKeys(f.Websites) {
		if !keyPattern.MatchString(key) {
			return &fieldError{key, fmt.Sprintf("website key %q must be lower case letters, digits and _", key)}
		}
		if reason := f.Websites[key].check(s.DefaultLocale, known); reason != "" {
			return &fieldError{key, fmt.Sprintf("website %q %s", key, reason)}
		}
		s.texts["web."+key] = f.Websites[key]
	}
	s.Name, _ = s.Fact("site", "name")
	s.City, _ = s.Fact("site", "city")
	s.Website, _ = s.Fact("site", "website")
	return nil
}

func (s *Site) addPhone(key string, t Text, known func(string) bool) *fieldError {
	if !keyPattern.MatchString(key) {
		return &fieldError{key, fmt.Sprintf("phone key %q must be lower case letters, digits and _", key)}
	}
	if reason := t.check(s.DefaultLocale, known); reason != "" {
		return &fieldError{key, fmt.Sprintf("phone %q %s", key, reason)}
	}
	values := []string{t.plain}
	if !t.isRoot {
		values = values[:0]
		for _, v := range t.byID {
			values = append(values, v)
		}
	}
	for _, v := range values {
		if TelURI(v) == "tel:" {
			return &fieldError{key, fmt.Sprintf("phone %q has no digits", key)}
		}
	}
	s.texts["phone."+key] = t
	s.Phones[key] = t.value(nil, s.DefaultLocale)
	return nil
}

// addExamples records the values the file marks as examples.
func (s *Site) addExamples(keys []string) *fieldError {
	seen := make(map[string]bool, len(keys))
	for _, key := range keys {
		if _, ok := s.texts[key]; !ok {
			return &fieldError{"examples", fmt.Sprintf("examples: %q is not a value of this file (write phone.KEY or site.KEY)", key)}
		}
		if !seen[key] {
			seen[key] = true
			s.examples = append(s.examples, key)
		}
	}
	sort.Strings(s.examples)
	return nil
}

// Fact returns the default locale's value of a placeholder {{ns.key}}: ns is "site",
// "phone" or "web" (the [websites] table).
func (s *Site) Fact(ns, key string) (string, bool) {
	return s.FactIn(nil, ns, key)
}

// FactIn returns the value of a placeholder {{ns.key}} for a reader whose locale has the
// fallback chain chain (its own id first): the first locale along the chain with a value
// of its own, else the default locale's.
func (s *Site) FactIn(chain []string, ns, key string) (string, bool) {
	t, ok := s.texts[ns+"."+key]
	if !ok {
		return "", false
	}
	return t.value(chain, s.DefaultLocale), true
}

// Examples lists the keys ("phone.fallback_interpreter") of values the site file marks
// as examples rather than real facts, sorted. A deployment must replace them.
func (s *Site) Examples() []string {
	return append([]string(nil), s.examples...)
}

// Untranslated lists, sorted, the keys ("site.city") of the names the site file gives
// no value of its own for locale id: site.name, site.city, and any value written as a
// table of values by locale. Readers of that locale see the value of the next locale
// along its chain. The default locale has none.
func (s *Site) Untranslated(id string) []string {
	var keys []string
	for key, t := range s.texts {
		if key != "site.name" && key != "site.city" && !t.localised() {
			continue
		}
		if !t.has(id, s.DefaultLocale) {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	return keys
}

// TelURI turns a displayed phone number ("1-800-222-8477") into a tel: URI
// ("tel:18002228477"), keeping a leading plus.
func TelURI(display string) string {
	var b strings.Builder
	b.WriteString("tel:")
	for i, r := range display {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lineOf finds the first line that assigns key (key = …) or opens it as a table; 0 if none.
func lineOf(data []byte, key string) int {
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, key+" ") || strings.HasPrefix(t, key+"=") || t == "["+key+"]" {
			return i + 1
		}
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
