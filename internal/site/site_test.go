package site_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/site"
)

const valid = `name = "Police"
city = "Town"
time_zone = "America/Toronto"
source_locale = "en"
default_locale = "en"

[phones]
emergency = "911"
non_emergency = "+1 416-808-2222"

[[locales]]
id = "en"
`

func TestDefaultSiteFile(t *testing.T) {
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Locales) < 15 {
		t.Fatalf("default site has %d locales, want at least 15", len(s.Locales))
	}
	for _, key := range []string{"emergency", "non_emergency", "victim_services", "crime_stoppers_toronto", "fallback_interpreter"} {
		if _, ok := s.Fact("phone", key); !ok {
			t.Fatalf("default site has no phone %s", key)
		}
	}
}

func TestParse(t *testing.T) {
	s, err := site.Parse("site.toml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Fact("site", "city"); v != "Town" {
		t.Fatalf("Fact(site.city)=%q, want Town", v)
	}
	if _, ok := s.Fact("site", "website"); ok {
		t.Fatalf("Fact(site.website) found an empty value")
	}
	if s.Location.String() != "America/Toronto" {
		t.Fatalf("Location=%v, want America/Toronto", s.Location)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"syntax", strings.Replace(valid, `city = "Town"`, `city = `, 1), "site.toml:2:"},
		{"unknown field", "mayor = \"x\"\n" + valid, `site.toml:1: unknown field "mayor"`},
		{"unknown locale field", valid + "dir = \"rtl\"\n", `site.toml:13: unknown field "locales.dir"`},
		{"missing city", strings.Replace(valid, `city = "Town"`, `city = ""`, 1), "site.toml:2: city is required"},
		{"bad zone", strings.Replace(valid, "America/Toronto", "Mars/Olympus", 1), `site.toml:3: unknown time zone "Mars/Olympus"`},
		{"phone without digits", strings.Replace(valid, `"911"`, `"call us"`, 1), `site.toml:8: phone "emergency" has no digits`},
		{"bad phone key", strings.Replace(valid, "non_emergency", "Non-Emergency", 1), `site.toml:9: phone key "Non-Emergency"`},
		{"no emergency", strings.Replace(valid, "emergency = \"911\"\n", "", 1), "site.toml:7: phones.emergency is required"},
		{"no locales", strings.Replace(valid, "[[locales]]\nid = \"en\"\n", "", 1), "site.toml: at least one [[locales]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := site.Parse("site.toml", []byte(tt.data))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Parse error=%v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestTelURI(t *testing.T) {
	for in, want := range map[string]string{"911": "tel:911", "1-800-222-8477": "tel:18002228477", "+1 (416) 808-2222": "tel:+14168082222", "416+1": "tel:4161"} {
		if got := site.TelURI(in); got != want {
			t.Fatalf("TelURI(%q)=%q, want %q", in, got, want)
		}
	}
}

const localised = `name = { en = "Town Police", fr = "Police de Town", ar = "شرطة تاون" }
city = { en = "Town", zh-Hant = "鎮" }
website = "www.example.org"
time_zone = "America/Toronto"
source_locale = "en"
default_locale = "en"
examples = ["phone.interpreter"]

[phones]
emergency = "911"
interpreter = "1-888-555-0199"
line = { en = "416-555-0100", fr = "416-555-0101" }

[websites]
tips = { en = "tips.example.org", fr = "conseils.example.org" }

[[locales]]
id = "en"

[[locales]]
id = "fr"

[[locales]]
id = "ar"

[[locales]]
id = "zh-Hant"
fallback = ["zh-Hans"]

[[locales]]
id = "zh-Hans"
fallback = ["zh-Hant"]
`

func mustParse(t *testing.T, data string) *site.Site {
	t.Helper()
	s, err := site.Parse("site.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFactInFallsBackAlongTheChain(t *testing.T) {
	s := mustParse(t, localised)
	tests := []struct {
		name, ns, key string
		chain         []string
		want          string
	}{
		{"own value", "site", "name", []string{"fr", "en"}, "Police de Town"},
		{"own value, other script", "site", "name", []string{"ar", "en"}, "شرطة تاون"},
		{"no value: default locale's", "site", "name", []string{"zh-Hant", "zh-Hans", "en"}, "Town Police"},
		{"fallback's value", "site", "city", []string{"zh-Hans", "zh-Hant", "en"}, "鎮"},
		{"nil chain: default", "site", "city", nil, "Town"},
		{"plain string: same everywhere", "site", "website", []string{"fr", "en"}, "www.example.org"},
		{"localised phone", "phone", "line", []string{"fr", "en"}, "416-555-0101"},
		{"localised phone, fallback", "phone", "line", []string{"ar", "en"}, "416-555-0100"},
		{"website table", "web", "tips", []string{"fr", "en"}, "conseils.example.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.FactIn(tt.chain, tt.ns, tt.key)
			if !ok || got != tt.want {
				t.Fatalf("FactIn(%v, %s.%s)=%q, %v, want %q", tt.chain, tt.ns, tt.key, got, ok, tt.want)
			}
		})
	}
	if s.Name != "Town Police" || s.City != "Town" || s.Phones["line"] != "416-555-0100" {
		t.Fatalf("defaults Name=%q City=%q line=%q, want the en values", s.Name, s.City, s.Phones["line"])
	}
	if _, ok := s.FactIn([]string{"fr"}, "web", "nothing"); ok {
		t.Fatalf("FactIn found web.nothing")
	}
}

func TestExamples(t *testing.T) {
	if got, want := mustParse(t, localised).Examples(), []string{"phone.interpreter"}; !cmp.Equal(got, want) {
		t.Fatalf("Examples()=%v, want %v", got, want)
	}
	if got := mustParse(t, valid).Examples(); len(got) != 0 {
		t.Fatalf("Examples()=%v, want none", got)
	}
}

func TestUntranslated(t *testing.T) {
	s := mustParse(t, localised)
	tests := []struct {
		id   string
		want []string
	}{
		{"en", nil},
		{"fr", []string{"site.city"}},
		{"ar", []string{"phone.line", "site.city", "web.tips"}},
		{"zh-Hant", []string{"phone.line", "site.name", "web.tips"}},
		{"zh-Hans", []string{"phone.line", "site.city", "site.name", "web.tips"}},
	}
	for _, tt := range tests {
		if got := s.Untranslated(tt.id); !cmp.Equal(got, tt.want) {
			t.Fatalf("Untranslated(%s)=%v, want %v", tt.id, got, tt.want)
		}
	}
	plain := mustParse(t, valid)
	if got, want := plain.Untranslated("en"), []string(nil); !cmp.Equal(got, want) {
		t.Fatalf("Untranslated(en) of a plain file=%v, want none", got)
	}
}

func TestParseLocalisedErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"no default value", strings.Replace(localised, `{ en = "Town", zh-Hant = "鎮" }`, `{ zh-Hant = "鎮" }`, 1), `site.toml:2: city has no value for the default locale "en"`},
		{"unknown locale", strings.Replace(localised, `zh-Hant = "鎮"`, `xx = "鎮"`, 1), `site.toml:2: city has a value for "xx", which is not a configured locale id`},
		{"empty value", strings.Replace(localised, `fr = "Police de Town"`, `fr = ""`, 1), `site.toml:1: name has an empty value for "fr"`},
		{"not a string", strings.Replace(localised, `fr = "Police de Town"`, `fr = 3`, 1), `site.toml`},
		{"phone value without digits", strings.Replace(localised, `fr = "416-555-0101"`, `fr = "none"`, 1), `site.toml:12: phone "line" has no digits`},
		{"unknown example", strings.Replace(localised, `"phone.interpreter"`, `"phone.nothing"`, 1), `site.toml:7: examples: "phone.nothing" is not a value of this file`},
		{"bad website key", strings.Replace(localised, "tips =", "Tips =", 1), `site.toml:15: website key "Tips"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := site.Parse("site.toml", []byte(tt.data))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Parse error=%v, want prefix %q", err, tt.want)
			}
		})
	}
}
