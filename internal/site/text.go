package site

import (
	"fmt"
	"sort"
	"strings"
)

// Text is a string of the site file that may differ by locale. In TOML it is a plain
// string (the same in every locale) or an inline table of values by locale id:
//
//	city = { en = "Toronto", zh-Hant = "多倫多", ar = "تورنتو" }
//
// A locale without a value of its own falls back along its chain to the default
// locale's value.
type Text struct {
	plain  string            // the value of a plain string; "" for a table
	byID   map[string]string // locale id -> value, for a table
	isRoot bool              // written as a plain string
}

// UnmarshalTOML decodes a plain string or a table of strings by locale id.
func (t *Text) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*t = Text{plain: v, isRoot: true}
		return nil
	case map[string]any:
		t.byID = make(map[string]string, len(v))
		for id, value := range v {
			s, ok := value.(string)
			if !ok {
				return fmt.Errorf("the value for %q must be a string", id)
			}
			t.byID[id] = s
		}
		return nil
	}
	return fmt.Errorf("must be a string or a table of strings by locale id, such as { en = \"…\", fr = \"…\" }")
}

// value returns the first value along chain, then the default locale's (def).
func (t Text) value(chain []string, def string) string {
	if t.isRoot {
		return t.plain
	}
	for _, id := range chain {
		if v, ok := t.byID[id]; ok {
			return v
		}
	}
	return t.byID[def]
}

// has says whether the text has a value of its own for locale id; a plain string is
// the default locale's own value.
func (t Text) has(id, def string) bool {
	if t.isRoot {
		return id == def
	}
	_, ok := t.byID[id]
	return ok
}

// localised says whether the text was written as a table of values by locale.
func (t Text) localised() bool { return !t.isRoot }

// check returns a reason when the text lacks a default value or names an unknown locale.
func (t Text) check(def string, known func(string) bool) string {
	if t.isRoot {
		if strings.TrimSpace(t.plain) == "" {
			return "is empty"
		}
		return ""
	}
	if strings.TrimSpace(t.byID[def]) == "" {
		return fmt.Sprintf("has no value for the default locale %q", def)
	}
	ids := make([]string, 0, len(t.byID))
	for id := range t.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !known(id) {
			return fmt.Sprintf("has a value for %q, which is not a configured locale id", id)
		}
		if strings.TrimSpace(t.byID[id]) == "" {
			return fmt.Sprintf("has an empty value for %q", id)
		}
	}
	return ""
}
