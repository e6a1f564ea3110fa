package locale

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// otherNames are names people type for a language that CLDR (as x/text carries it)
// does not give it in English: x/text names "tl" Filipino, never Tagalog. They help
// find a language; they are never shown as its name.
var otherNames = map[string][]string{
	"fa":  {"Farsi"},
	"pa":  {"Panjabi"},
	"tl":  {"Tagalog"},
	"fil": {"Tagalog"},
	"zh":  {"Mandarin"},
}

// relatedTags name the same audience as a tag: their CLDR names are searched too.
var relatedTags = map[string][]string{
	"tl":    {"fil"},
	"fil":   {"tl"},
	"fa-AF": {"prs"},
	"yue":   {"zh-Hant-HK"},
}

// SearchNames are the names a language picker matches for tag: the tag itself, its
// English name and autonym from CLDR, its name in each of readers' languages, and the
// names of tags people use for the same language ("fil" for "tl"). Duplicates are
// dropped; the first is the tag.
func SearchNames(tag string, readers ...*Locale) []string {
	t, err := parseTag(tag)
	if err != nil {
		return []string{tag}
	}
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			out = append(out, n)
		}
	}
	add(tag)
	names := func(t language.Tag) {
		add(display.English.Tags().Name(t))
		add(display.Self.Name(t))
		for _, r := range readers {
			add(display.Tags(r.Tag).Name(t))
		}
	}
	names(t)
	base, _ := t.Base()
	if b := language.Make(base.String()); b != t {
		names(b)
	}
	for _, key := range []string{tag, base.String()} {
		for _, related := range relatedTags[key] {
			add(related)
			names(language.Make(related))
		}
		for _, n := range otherNames[key] {
			add(n)
		}
	}
	return out
}
