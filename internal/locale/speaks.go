package locale

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Speaks reports whether someone who offers the language tag offered can serve a reader
// who wants wanted, with the x/text matcher's confidence High or Exact: "ar" serves
// "ar-SD", "zh-Hant" serves "zh-TW", but "zh-Hans" does not serve "zh-Hant", "fa" does
// not serve "ps", and nothing serves an unparseable tag.
func Speaks(offered, wanted string) bool {
	o, err := parseTag(offered)
	if err != nil {
		return false
	}
	w, err := parseTag(wanted)
	if err != nil {
		return false
	}
	_, _, conf := language.NewMatcher([]language.Tag{o}).Match(w)
	return conf >= language.High
}

// Canonical returns the canonical form of a BCP 47 tag ("iw" -> "he", "zh-hant" ->
// "zh-Hant"), or an error for a malformed one.
func Canonical(tag string) (string, error) {
	t, err := parseTag(tag)
	if err != nil {
		return "", err
	}
	return t.String(), nil
}

// tagAliases are codes CLDR keeps apart from the tag it spells the language with: Dari
// has its own ISO 639-3 code, prs, but CLDR names it fa-AF.
var tagAliases = map[string]string{"prs": "fa-AF"}

func parseTag(s string) (language.Tag, error) {
	if alias, ok := tagAliases[lookupKey(s)]; ok {
		s = alias
	}
	return language.Parse(s)
}

// LanguageName names a language tag in reader's language ("arabe" for "ar" in French),
// from CLDR; its autonym, or the tag itself, when CLDR has no such name.
func LanguageName(reader *Locale, tag string) string {
	t, err := parseTag(tag)
	if err != nil {
		return tag
	}
	if n := display.Tags(reader.Tag).Name(t); n != "" {
		return n
	}
	if n := display.Self.Name(t); n != "" {
		return n
	}
	return tag
}
