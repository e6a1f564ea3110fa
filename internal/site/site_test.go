package site_test

import (
	"strings"
	"testing"

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
	for _, key := range []string{"emergency", "non_emergency", "victim_services", "fallback_interpreter"} {
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
