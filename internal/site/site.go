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

// Site holds the facts of one deployment.
type Site struct {
	Name          string            `toml:"name"`
	City          string            `toml:"city"`
	Website       string            `toml:"website"`
	TimeZone      string            `toml:"time_zone"`
	SourceLocale  string            `toml:"source_locale"`
	DefaultLocale string            `toml:"default_locale"`
	Phones        map[string]string `toml:"phones"`
	Locales       []locale.Spec     `toml:"locales"`
	// VettingTwoPersonRule keeps anyone from attesting the vetting of an interpreter
	// account they created themselves.
	VettingTwoPersonRule bool `toml:"vetting_two_person_rule"`

	// Location is TimeZone loaded; set by Parse.
	Location *time.Location `toml:"-"`
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
func Parse(file string, data []byte) (*Site, error) {
	var s Site
	md, err := toml.Decode(string(data), &s)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, &Error{File: file, Line: perr.Position.Line, Reason: perr.Message}
		}
		return nil, &Error{File: file, Reason: err.Error()}
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		key := undecoded[0].String()
		return nil, &Error{File: file, Line: lineOf(data, undecoded[0][len(undecoded[0])-1]), Reason: fmt.Sprintf("unknown field %q", key)}
	}
	if err := s.validate(); err != nil {
		return nil, &Error{File: file, Line: lineOf(data, err.key), Reason: err.reason}
	}
	return &s, nil
}

type fieldError struct{ key, reason string }

func (s *Site) validate() *fieldError {
	required := []struct{ key, value string }{
		{"name", s.Name}, {"city", s.City}, {"time_zone", s.TimeZone},
		{"source_locale", s.SourceLocale}, {"default_locale", s.DefaultLocale},
	}
	for _, f := range required {
		if strings.TrimSpace(f.value) == "" {
			return &fieldError{f.key, f.key + " is required"}
		}
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return &fieldError{"time_zone", fmt.Sprintf("unknown time zone %q", s.TimeZone)}
	}
	s.Location = loc
	for _, key := range sortedKeys(s.Phones) {
		if !keyPattern.MatchString(key) {
			return &fieldError{key, fmt.Sprintf("phone key %q must be lower case letters, digits and _", key)}
		}
		if TelURI(s.Phones[key]) == "tel:" {
			return &fieldError{key, fmt.Sprintf("phone %q has no digits", key)}
		}
	}
	if _, ok := s.Phones["emergency"]; !ok {
		return &fieldError{"phones", "phones.emergency is required"}
	}
	if len(s.Locales) == 0 {
		return &fieldError{"locales", "at least one [[locales]] entry is required"}
	}
	return nil
}

// Fact returns the value of a placeholder {{ns.key}}: ns is "site" or "phone".
func (s *Site) Fact(ns, key string) (string, bool) {
	switch ns {
	case "phone":
		v, ok := s.Phones[key]
		return v, ok
	case "site":
		switch key {
		case "name":
			return s.Name, true
		case "city":
			return s.City, true
		case "website":
			return s.Website, s.Website != ""
		}
	}
	return "", false
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

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
