package pamphlet

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/feature/plural"

	"github.com/outreach-project/outreach/internal/locale"
)

// pluralNames are the CLDR plural categories as go-i18n spells them.
var pluralNames = map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other"}

// CheckPlurals reads the UI string files in fsys (<locale>.toml and <area>/<locale>.toml)
// and reports every plural message — one the default locale writes with a "one" form —
// that lacks a form the locale's language needs for some whole number (Arabic needs
// zero, one, two, few, many and other). go-i18n would show the message id instead.
func CheckPlurals(fsys fs.FS, locales *locale.Registry) (Problems, error) {
	dirs := []string{"."}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("pamphlet: list locales: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	var problems Problems
	for _, dir := range dirs {
		ref, err := readMessages(fsys, path.Join(dir, locales.Default().ID+".toml"))
		if err != nil {
			return nil, err
		}
		for _, l := range locales.All() {
			name := path.Join(dir, l.ID+".toml")
			msgs, err := readMessages(fsys, name)
			if err != nil {
				return nil, err
			}
			problems = append(problems, missingForms(name, ref, msgs, requiredForms(l))...)
		}
	}
	problems.sort()
	return problems, nil
}

// messages is a decoded UI string file: message id -> form -> text, and where each
// message's table starts.
type messages struct {
	forms map[string]map[string]any
	lines map[string]int
}

func readMessages(fsys fs.FS, name string) (*messages, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("pamphlet: %w", err)
	}
	m := &messages{forms: make(map[string]map[string]any), lines: make(map[string]int)}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for id, v := range raw {
		if t, ok := v.(map[string]any); ok {
			m.forms[id] = t
		}
	}
	for i, line := range strings.Split(string(data), "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			m.lines[strings.Trim(t, "[] \"")] = i + 1
		}
	}
	return m, nil
}

func missingForms(file string, ref, got *messages, need []string) []Problem {
	var problems []Problem
	for id, refForms := range ref.forms {
		if _, isPlural := refForms["one"]; !isPlural {
			continue
		}
		forms, ok := got.forms[id]
		if !ok {
			continue // a missing message falls back to the default locale's
		}
		var missing []string
		for _, f := range need {
			if s, _ := forms[f].(string); strings.TrimSpace(s) == "" {
				missing = append(missing, f)
			}
		}
		if len(missing) > 0 {
			problems = append(problems, Problem{File: file, Line: got.lines[id], Reason: fmt.Sprintf(
				"%s has no %s form: this language needs %s", id, strings.Join(missing, ", "), strings.Join(need, ", "))})
		}
	}
	return problems
}

// requiredForms are the plural categories a locale's language uses for whole numbers,
// in CLDR order.
func requiredForms(l *locale.Locale) []string {
	seen := map[plural.Form]bool{plural.Other: true}
	for n := 0; n <= 1000; n++ {
		seen[plural.Cardinal.MatchPlural(l.Tag, n, 0, 0, 0, 0)] = true
	}
	var out []string
	for _, f := range []plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other} {
		if seen[f] {
			out = append(out, pluralNames[f])
		}
	}
	return out
}
