package locale

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Spec configures one supported locale: its id (a BCP 47 tag used in URLs and file
// names), the locales a missing text is looked for in next (before the default), and
// other tags that name the same audience.
type Spec struct {
	ID       string   `toml:"id"`
	Fallback []string `toml:"fallback"`
	Aliases  []string `toml:"aliases"`
}

// Locale is one supported locale, resolved.
type Locale struct {
	ID      string       // as configured: "zh-Hant", "fa-AF"
	Tag     language.Tag // the parsed, canonical tag
	Dir     string       // "ltr" or "rtl"
	Autonym string       // the locale's name in itself, from CLDR
	Chain   []string     // ID, then the configured fallbacks, then the default locale
	Quotes  Quotes

	names map[string]string // other locales' names in this locale
}

// Quotes are a locale's quotation marks, applied by the pamphlet renderer.
type Quotes struct {
	OpenDouble, CloseDouble, OpenSingle, CloseSingle string
}

// Name returns the name of other in l's language ("tamoul" for Tamil in French),
// or other's autonym when CLDR has no such name.
func (l *Locale) Name(other *Locale) string {
	if n, ok := l.names[other.ID]; ok {
		return n
	}
	return other.Autonym
}

// rtlScripts are the scripts written right to left among those CLDR knows for living
// languages.
var rtlScripts = map[string]bool{
	"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true,
	"Adlm": true, "Rohg": true, "Mand": true, "Samr": true, "Mend": true,
}

func newLocale(spec Spec) (*Locale, error) {
	tag, err := language.Parse(spec.ID)
	if err != nil {
		return nil, fmt.Errorf("locale %q: not a BCP 47 tag: %w", spec.ID, err)
	}
	script, _ := tag.Script()
	dir := "ltr"
	if rtlScripts[script.String()] {
		dir = "rtl"
	}
	autonym := display.Self.Name(tag)
	if autonym == "" {
		return nil, fmt.Errorf("locale %q: CLDR has no name for it in its own language", spec.ID)
	}
	return &Locale{ID: spec.ID, Tag: tag, Dir: dir, Autonym: autonym, Quotes: quotesFor(tag)}, nil
}

// quotesFor picks quotation marks by language and script. CLDR's delimiter data is
// not exposed by x/text, so this short table follows it for the locales in use.
func quotesFor(tag language.Tag) Quotes {
	base, _ := tag.Base()
	script, _ := tag.Script()
	switch {
	case base.String() == "fr":
		return Quotes{"«\u00a0", "\u00a0»", "‹\u00a0", "\u00a0›"}
	case base.String() == "zh" && script.String() == "Hant":
		return Quotes{"「", "」", "『", "』"}
	case base.String() == "uk", base.String() == "ru":
		return Quotes{"«", "»", "„", "“"}
	case base.String() == "pl":
		return Quotes{"„", "”", "«", "»"}
	case base.String() == "it":
		return Quotes{"«", "»", "“", "”"}
	case base.String() == "es", base.String() == "pt", base.String() == "ar", base.String() == "fa":
		return Quotes{"«", "»", "“", "”"}
	}
	return Quotes{"“", "”", "‘", "’"}
}

// lookupKey normalises an id or alias for case-insensitive lookup.
func lookupKey(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
}
