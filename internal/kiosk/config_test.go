package kiosk_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/kiosk"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// MustRegistry is the default site's locales.
func MustRegistry(tb testing.TB) *locale.Registry {
	tb.Helper()
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

func ids(ls []*locale.Locale) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.ID
	}
	return strings.Join(out, " ")
}

func TestParse(t *testing.T) {
	reg := MustRegistry(t)
	data := `default = "east"

[[kiosk]]
key = "central"
branch = "Central Library"

[[kiosk]]
key = "east"
branch = "  East Branch "
languages = ["ta", "ur", "fa-AF"]
idle_seconds = 120
countdown_seconds = 45
`
	c, err := kiosk.Parse("kiosks.toml", []byte(data), reg)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Kiosks) != 2 || c.Default.Key != "east" {
		t.Fatalf("Kiosks=%d Default=%v, want 2 and east", len(c.Kiosks), c.Default.Key)
	}
	central, _ := c.Get("central")
	if central.Idle != kiosk.DefaultIdle || central.Countdown != kiosk.DefaultCountdown {
		t.Fatalf("central Idle=%v Countdown=%v, want the defaults", central.Idle, central.Countdown)
	}
	if got, want := ids(central.Languages), ids(reg.All()); got != want {
		t.Fatalf("central Languages=%v, want %v", got, want)
	}
	east, _ := c.Get("east")
	if east.Branch != "East Branch" || east.Idle != 120*time.Second || east.Countdown != 45*time.Second {
		t.Fatalf("east=%+v, want East Branch, 2m, 45s", east)
	}
	// The kiosk's own languages first, then every other locale in the registry's order.
	want := "ta ur fa-AF"
	for _, l := range reg.All() {
		if l.ID != "ta" && l.ID != "ur" && l.ID != "fa-AF" {
			want += " " + l.ID
		}
	}
	if got := ids(east.Languages); got != want {
		t.Fatalf("east Languages=%v, want %v", got, want)
	}
	if _, ok := c.Get("west"); ok {
		t.Fatalf("Get(west) found a kiosk, want none")
	}
}

func TestParseDefaultIsFirst(t *testing.T) {
	c, err := kiosk.Parse("k.toml", []byte("[[kiosk]]\nkey = \"a\"\nbranch = \"A\"\n[[kiosk]]\nkey = \"b\"\nbranch = \"B\"\n"), MustRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	if c.Default.Key != "a" {
		t.Fatalf("Default=%v, want a", c.Default.Key)
	}
}

// TestParseErrors: every mistake names the file and the line to fix.
func TestParseErrors(t *testing.T) {
	const ok = "[[kiosk]]\nkey = \"a\"\nbranch = \"A\"\n"
	tests := []struct {
		name, data, want string
	}{
		{"syntax", "[[kiosk]]\nkey = \"a\nbranch = \"A\"\n", "kiosks.toml:2: "},
		{"wrong type", "[[kiosk]]\nkey = \"a\"\nbranch = \"A\"\nidle_seconds = \"soon\"\n", "kiosks.toml:4: "},
		{"unknown setting", ok + "idle = 30\n", `kiosks.toml:4: unknown setting "kiosk.idle"`},
		{"unknown top-level setting", "name = \"x\"\n" + ok, `kiosks.toml:1: unknown setting "name"`},
		{"no kiosk", "default = \"a\"\n", "kiosks.toml: no [[kiosk]] entries"},
		{"bad key", "[[kiosk]]\nbranch = \"A\"\nkey = \"Main Branch\"\n", `kiosks.toml:3: kiosk key "Main Branch"`},
		{"missing key", "[[kiosk]]\nbranch = \"A\"\n", `kiosks.toml:1: kiosk key ""`},
		{"missing branch", "[[kiosk]]\nkey = \"a\"\n", `kiosks.toml:1: kiosk "a": branch is required`},
		{"duplicate key", ok + "\n[[kiosk]]\nkey = \"a\"\nbranch = \"B\"\n", `kiosks.toml:6: kiosk key "a" is used twice`},
		{"unknown language", ok + "languages = [\"en\", \"de\"]\n", `kiosks.toml:4: kiosk "a": "de" is not a configured locale id`},
		{"alias for a language", ok + "languages = [\"prs\"]\n", `kiosks.toml:4: kiosk "a": "prs" is not a configured locale id (write "fa-AF")`},
		{"language twice", ok + "languages = [\"ar\", \"ar\"]\n", `kiosks.toml:4: kiosk "a": "ar" is listed twice`},
		{"idle too short", ok + "idle_seconds = 1\n", "kiosks.toml:4: idle_seconds = 1: want 2 to 3600 seconds"},
		{"countdown too short for WCAG", ok + "countdown_seconds = 10\n", "kiosks.toml:4: countdown_seconds = 10: want 20 to 300 seconds"},
		{"unknown default", "default = \"zz\"\n" + ok, `kiosks.toml:1: default kiosk "zz"`},
		{"second table's line", ok + "[[kiosk]]\nkey = \"b\"\nbranch = \"B\"\nidle_seconds = 0\n", "kiosks.toml:7: idle_seconds = 0"},
	}
	reg := MustRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kiosk.Parse("kiosks.toml", []byte(tt.data), reg)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Parse error=%v, want one starting %q", err, tt.want)
			}
			var kerr *kiosk.Error
			if !errors.As(err, &kerr) {
				t.Fatalf("error %T, want *kiosk.Error", err)
			}
		})
	}
}

// TestDefaultFile: the kiosk file shipped in content/ is valid for the shipped site.
func TestDefaultFile(t *testing.T) {
	reg := MustRegistry(t)
	c, err := kiosk.Load(outreach.Content(), "kiosks.toml", reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range c.Kiosks {
		if len(k.Languages) != len(reg.All()) {
			t.Fatalf("kiosk %s has %d languages, want %d", k.Key, len(k.Languages), len(reg.All()))
		}
	}
}

func TestDefault(t *testing.T) {
	reg := MustRegistry(t)
	c := kiosk.Default("Library", reg)
	k, ok := c.Get(kiosk.DefaultKey)
	if !ok || c.Default != k || k.Idle != 90*time.Second || k.Countdown < 20*time.Second {
		t.Fatalf("Default=%+v, want one kiosk with a 90 s idle time and a countdown of 20 s or more", c.Default)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("[[kiosk]]\nkey = \"a\"\nbranch = \"A\"\nlanguages = [\"ar\"]\nidle_seconds = 60\n")
	f.Add("default = \"x\"\n[[kiosk]]\n")
	f.Add("[[kiosk]]\nkey = 1\n[x]\ny=[")
	reg := MustRegistry(f)
	f.Fuzz(func(t *testing.T, data string) {
		c, err := kiosk.Parse("f.toml", []byte(data), reg)
		if err != nil {
			var kerr *kiosk.Error
			if !errors.As(err, &kerr) {
				t.Fatalf("error %T (%v), want *kiosk.Error", err, err)
			}
			return
		}
		if c.Default == nil || len(c.Kiosks) == 0 {
			t.Fatalf("Parse succeeded without a default kiosk")
		}
		for _, k := range c.Kiosks {
			if k.Countdown < kiosk.MinCountdown || len(k.Languages) != len(reg.All()) {
				t.Fatalf("kiosk %+v breaks a rule", k)
			}
		}
	})
}
