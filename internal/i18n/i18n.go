package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/outreach-project/outreach/internal/locale"
)

// Catalog holds every locale's UI strings.
type Catalog struct {
	bundle     *goi18n.Bundle
	localizers map[string]*Localizer
	keys       []string // message ids of the default locale
}

// Load reads <id>.toml from fsys for every locale in reg. A missing file is an error;
// a missing key falls back to the default locale's message (tests keep every key
// present).
func Load(fsys fs.FS, reg *locale.Registry) (*Catalog, error) {
	def := reg.Default()
	bundle := goi18n.NewBundle(def.Tag)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{bundle: bundle, localizers: make(map[string]*Localizer)}
	files := make(map[string]*goi18n.MessageFile)
	statuses := make(map[string]string)
	areas, err := areaDirs(fsys)
	if err != nil {
		return nil, err
	}
	for _, l := range reg.All() {
		name := l.ID + ".toml"
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: locale %s: %w", l.ID, err)
		}
		status, err := reviewStatus(data)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		mf, err := bundle.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		files[l.ID] = mf
		statuses[l.ID] = status
		for _, area := range areas {
			name := path.Join(area, l.ID+".toml")
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: locale %s: %w", l.ID, err)
			}
			amf, err := bundle.ParseMessageFileBytes(data, name)
			if err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", name, err)
			}
			mf.Messages = append(mf.Messages, amf.Messages...)
		}
	}
	for _, m := range files[def.ID].Messages {
		if m.ID != statusKey {
			c.keys = append(c.keys, m.ID)
		}
	}
	for _, l := range reg.All() {
		loc := newLocalizer(bundle, l, c.keys)
		loc.Machine = statuses[l.ID] == "machine"
		c.localizers[l.ID] = loc
	}
	return c, nil
}

// Keys returns the message ids of the default locale.
func (c *Catalog) Keys() []string { return c.keys }

// For returns the localizer of a configured locale id, or nil.
func (c *Catalog) For(id string) *Localizer { return c.localizers[id] }

// areaDirs lists the subfolders of the locales folder: each holds the strings of one area
// of the program (kiosk/, notify/, …) as <locale>.toml, so that areas grow separately.
func areaDirs(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("i18n: list locales: %w", err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs, nil
}

// statusKey is the top-level key of a locale file that says whether a person has
// reviewed its strings: "reviewed" or "machine".
const statusKey = "status"

func reviewStatus(data []byte) (string, error) {
	var head struct {
		Status string `toml:"status"`
	}
	if _, err := toml.Decode(string(data), &head); err != nil {
		return "", err
	}
	if head.Status != "machine" && head.Status != "reviewed" {
		return "", fmt.Errorf(`status = %q: want "machine" or "reviewed" at the top of the file`, head.Status)
	}
	return head.Status, nil
}

// Localizer translates UI strings for one locale.
type Localizer struct {
	Locale *locale.Locale
	// Machine says the strings were translated by machine and no person has checked them.
	Machine bool
	loc     *goi18n.Localizer
	plain   map[string]string // messages without template data, resolved at start-up
}

func newLocalizer(bundle *goi18n.Bundle, l *locale.Locale, keys []string) *Localizer {
	loc := &Localizer{Locale: l, loc: goi18n.NewLocalizer(bundle, l.ID), plain: make(map[string]string)}
	for _, key := range keys {
		// Messages with template data or plural forms are localized per call.
		msg, err := loc.loc.Localize(&goi18n.LocalizeConfig{MessageID: key})
		if err == nil && !strings.Contains(msg, "<no value>") {
			loc.plain[key] = msg
		}
	}
	return loc
}

// T returns message id, filled with data (pairs of name and value: "City", "Toronto").
// An unknown id returns the id itself, so a missing string shows rather than breaks
// the page; tests keep every id used in a template defined.
func (l *Localizer) T(id string, data ...any) string {
	if len(data) == 0 {
		if msg, ok := l.plain[id]; ok {
			return msg
		}
	}
	msg, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: pairs(data)})
	return orID(id, msg, err)
}

// orID keeps go-i18n's fallback to the default locale (it reports a missing translation
// as an error but still returns the default message) and shows the id when there is
// no message at all.
func orID(id, msg string, err error) string {
	var missing *goi18n.MessageNotFoundErr
	if err != nil && !(errors.As(err, &missing) && msg != "") {
		return id
	}
	return msg
}

// N returns the plural form of message id for count; data as for T, with Count set.
func (l *Localizer) N(id string, count int, data ...any) string {
	td := pairs(data)
	td["Count"] = count
	msg, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: td})
	return orID(id, msg, err)
}

func pairs(data []any) map[string]any {
	m := make(map[string]any, len(data)/2+1)
	for i := 0; i+1 < len(data); i += 2 {
		if k, ok := data[i].(string); ok {
			m[k] = data[i+1]
		}
	}
	return m
}
