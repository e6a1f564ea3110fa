package kiosk

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/outreach-project/outreach/internal/locale"
)

// Defaults and bounds of a kiosk's timers. A countdown of at least 20 seconds is what
// WCAG 2.2.1 (Timing Adjustable) asks for before a time limit ends a session.
const (
	DefaultIdle      = 90 * time.Second
	DefaultCountdown = 30 * time.Second
	MinIdle          = 2 * time.Second // below 30 s only for tests
	MaxIdle          = time.Hour
	MinCountdown     = 20 * time.Second
	MaxCountdown     = 5 * time.Minute
)

// DefaultKey is the key of the kiosk Default builds.
const DefaultKey = "default"

// Kiosk is one kiosk's settings, resolved against the configured locales.
type Kiosk struct {
	Key    string // in the kiosk's URL: /kiosk/<key>/
	Branch string // the library branch's name, shown on every screen
	// Languages is every configured locale in the order of the language grid: the
	// branch's communities first, as configured, then the rest in the site's order.
	Languages []*locale.Locale
	Idle      time.Duration // without a touch, the countdown dialog opens
	Countdown time.Duration // the dialog's time to continue before the kiosk resets
}

// Config is every kiosk, with the one /kiosk opens.
type Config struct {
	Kiosks  []*Kiosk // in file order
	Default *Kiosk
}

// Get returns the kiosk with the given key.
func (c *Config) Get(key string) (*Kiosk, bool) {
	for _, k := range c.Kiosks {
		if k.Key == key {
			return k, true
		}
	}
	return nil, false
}

// Default is the configuration used when there is no kiosk file: one kiosk, keyed
// "default", named after branch, with every locale in the site's order.
func Default(branch string, reg *locale.Registry) *Config {
	k := &Kiosk{Key: DefaultKey, Branch: branch, Languages: order(nil, reg), Idle: DefaultIdle, Countdown: DefaultCountdown}
	return &Config{Kiosks: []*Kiosk{k}, Default: k}
}

// Error is a problem in a kiosk file, at a line (0 when it is the file as a whole).
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

// FileName is the kiosk file in a content folder.
const FileName = "kiosks.toml"

// LoadContent reads FileName from a content folder, which errors call dir; a folder
// without one gets Default(branch, reg).
func LoadContent(content fs.FS, dir, branch string, reg *locale.Registry) (*Config, error) {
	data, err := fs.ReadFile(content, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(branch, reg), nil
	}
	if err != nil {
		return nil, fmt.Errorf("kiosk: %w", err)
	}
	return Parse(path.Join(dir, FileName), data, reg)
}

// Load reads and validates the kiosk file name from fsys; see Parse.
func Load(fsys fs.FS, name string, reg *locale.Registry) (*Config, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("kiosk: %w", err)
	}
	return Parse(name, data, reg)
}

// file is the kiosk file as written.
type file struct {
	Default string      `toml:"default"`
	Kiosks  []kioskSpec `toml:"kiosk"`
}

type kioskSpec struct {
	Key              string   `toml:"key"`
	Branch           string   `toml:"branch"`
	Languages        []string `toml:"languages"`
	IdleSeconds      *int     `toml:"idle_seconds"`
	CountdownSeconds *int     `toml:"countdown_seconds"`
}

// Parse decodes and validates a kiosk file against the configured locales; name is the
// file's name in errors, which are *Error with the line of the offending setting.
func Parse(name string, data []byte, reg *locale.Registry) (*Config, error) {
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, decodeError(name, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		k := undecoded[0]
		return nil, &Error{File: name, Line: keyLine(data, k), Reason: fmt.Sprintf("unknown setting %q", k.String())}
	}
	p := parser{name: name, data: data, reg: reg}
	return p.config(f)
}

// lineInMessage finds "line N" in the decoder's type errors, which carry no position.
var lineInMessage = regexp.MustCompile(`\bline (\d+)\b`)

func decodeError(name string, err error) error {
	var perr toml.ParseError
	if errors.As(err, &perr) {
		return &Error{File: name, Line: perr.Position.Line, Reason: perr.Message}
	}
	line := 0
	if m := lineInMessage.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	return &Error{File: name, Line: line, Reason: strings.TrimPrefix(err.Error(), "toml: ")}
}

type parser struct {
	name string
	data []byte
	reg  *locale.Registry
}

func (p parser) errorf(table int, field, format string, args ...any) error {
	return &Error{File: p.name, Line: fieldLine(p.data, table, field), Reason: fmt.Sprintf(format, args...)}
}

func (p parser) config(f file) (*Config, error) {
	if len(f.Kiosks) == 0 {
		return nil, &Error{File: p.name, Reason: "no [[kiosk]] entries: add at least one"}
	}
	c := &Config{}
	for i, spec := range f.Kiosks {
		k, err := p.kiosk(i, spec)
		if err != nil {
			return nil, err
		}
		if _, dup := c.Get(k.Key); dup {
			return nil, p.errorf(i, "key", "kiosk key %q is used twice", k.Key)
		}
		c.Kiosks = append(c.Kiosks, k)
	}
	c.Default = c.Kiosks[0]
	if f.Default != "" {
		k, ok := c.Get(f.Default)
		if !ok {
			return nil, p.errorf(-1, "default", "default kiosk %q is not the key of a [[kiosk]]", f.Default)
		}
		c.Default = k
	}
	return c, nil
}

var keyPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (p parser) kiosk(i int, spec kioskSpec) (*Kiosk, error) {
	if !keyPattern.MatchString(spec.Key) {
		return nil, p.errorf(i, "key", "kiosk key %q: use lower-case letters, digits and hyphens (it is part of the kiosk's URL)", spec.Key)
	}
	if strings.TrimSpace(spec.Branch) == "" {
		return nil, p.errorf(i, "branch", "kiosk %q: branch is required (the library branch's name)", spec.Key)
	}
	first, err := p.languages(i, spec)
	if err != nil {
		return nil, err
	}
	idle, err := p.seconds(i, "idle_seconds", spec.IdleSeconds, DefaultIdle, MinIdle, MaxIdle)
	if err != nil {
		return nil, err
	}
	countdown, err := p.seconds(i, "countdown_seconds", spec.CountdownSeconds, DefaultCountdown, MinCountdown, MaxCountdown)
	if err != nil {
		return nil, err
	}
	return &Kiosk{Key: spec.Key, Branch: strings.TrimSpace(spec.Branch), Languages: order(first, p.reg), Idle: idle, Countdown: countdown}, nil
}

func (p parser) languages(i int, spec kioskSpec) ([]*locale.Locale, error) {
	var out []*locale.Locale
	seen := make(map[string]bool)
	for _, id := range spec.Languages {
		l, ok := p.reg.Get(id)
		if !ok {
			hint := ""
			if alias, found := p.reg.Lookup(id); found {
				hint = fmt.Sprintf(" (write %q)", alias.ID)
			}
			return nil, p.errorf(i, "languages", "kiosk %q: %q is not a configured locale id%s", spec.Key, id, hint)
		}
		if seen[l.ID] {
			return nil, p.errorf(i, "languages", "kiosk %q: %q is listed twice", spec.Key, id)
		}
		seen[l.ID] = true
		out = append(out, l)
	}
	return out, nil
}

func (p parser) seconds(i int, field string, v *int, def, lo, hi time.Duration) (time.Duration, error) {
	if v == nil {
		return def, nil
	}
	d := time.Duration(*v) * time.Second
	if d < lo || d > hi {
		return 0, p.errorf(i, field, "%s = %d: want %d to %d seconds", field, *v, int(lo.Seconds()), int(hi.Seconds()))
	}
	return d, nil
}

// order puts first before the other configured locales, which keep the site's order.
func order(first []*locale.Locale, reg *locale.Registry) []*locale.Locale {
	out := append([]*locale.Locale(nil), first...)
	listed := make(map[*locale.Locale]bool, len(first))
	for _, l := range first {
		listed[l] = true
	}
	for _, l := range reg.All() {
		if !listed[l] {
			out = append(out, l)
		}
	}
	return out
}
