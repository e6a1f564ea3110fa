package locale_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/site"
)

// defaultSiteRegistry builds the registry of the default site file, so that the fallback
// chains and aliases checked below are the ones a deployment actually gets.
func defaultSiteRegistry(tb testing.TB) *locale.Registry {
	tb.Helper()
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		tb.Fatal(err)
	}
	r, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestNegotiateTigrinyaAmharicPashtoTurkishPolishItalian(t *testing.T) {
	r := defaultSiteRegistry(t)
	tests := []struct {
		name, saved, header, want string
	}{
		{"Pashto in Afghanistan is Pashto, not Dari", "", "ps-AF", "ps"},
		{"Pashto in Pakistan is Pashto, not Urdu", "", "ps-PK", "ps"},
		{"Pashto by script", "", "ps-Arab", "ps"},
		{"Northern Pashto code", "", "pbu", "ps"},
		{"Southern Pashto code", "", "pbt", "ps"},
		{"Central Pashto code", "", "pst", "ps"},
		{"Pashto before Dari in the header", "", "ps-AF,fa-AF;q=0.8", "ps"},
		{"Dari in Afghanistan is still Dari", "", "fa-AF", "fa-AF"},
		{"Dari by its own code is still Dari", "", "prs", "fa-AF"},
		{"Dari before Pashto in the header", "", "fa-AF,ps;q=0.8", "fa-AF"},
		{"Iranian Persian is not Pashto", "", "fa-IR", "fa"},
		{"Urdu is not Pashto", "", "ur-PK", "ur"},
		{"Amharic in Ethiopia", "", "am-ET", "am"},
		{"Tigrinya in Eritrea is Tigrinya, not Amharic", "", "ti-ER", "ti"},
		{"Tigrinya in Ethiopia is Tigrinya, not Amharic", "", "ti-ET", "ti"},
		{"Tigre is neither Tigrinya nor Amharic", "", "tig", "en"},
		{"Tigre then Tigrinya", "", "tig,ti;q=0.7", "ti"},
		{"Polish in Poland", "", "pl-PL", "pl"},
		{"Polish with English second", "", "pl-PL,pl;q=0.9,en;q=0.8", "pl"},
		{"Turkish in Turkey", "", "tr-TR", "tr"},
		{"Turkish in Cyprus", "", "tr-CY", "tr"},
		{"Italian in Switzerland", "", "it-CH", "it"},
		{"Italian in Italy", "", "it-IT,it;q=0.9", "it"},
		{"saved Pashto wins over a Dari header", "ps", "fa-AF", "ps"},
		{"saved Pashto alias", "pbt", "en", "ps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Negotiate(tt.saved, tt.header).ID; got != tt.want {
				t.Fatalf("Negotiate(%q, %q)=%v, want %v", tt.saved, tt.header, got, tt.want)
			}
		})
	}
}

// TestNewLocalesDirectionAndChains: Pashto is right to left because its script is Arabic;
// Ethiopic is left to right. No new locale falls back to a neighbouring language its
// readers may not read: Pashto not to Dari, Persian or Urdu, Tigrinya and Amharic not to
// each other.
func TestNewLocalesDirectionAndChains(t *testing.T) {
	r := defaultSiteRegistry(t)
	def := r.Default().ID
	tests := []struct {
		id, dir, script, autonym string
	}{
		{"ti", "ltr", "Ethi", "ትግርኛ"},
		{"am", "ltr", "Ethi", "አማርኛ"},
		{"ps", "rtl", "Arab", "پښتو"},
		{"tr", "ltr", "Latn", "Türkçe"},
		{"pl", "ltr", "Latn", "polski"},
		{"it", "ltr", "Latn", "italiano"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			l, ok := r.Get(tt.id)
			if !ok {
				t.Fatalf("Get(%q) found nothing", tt.id)
			}
			if script, _ := l.Tag.Script(); script.String() != tt.script {
				t.Fatalf("%s script=%v, want %v", tt.id, script, tt.script)
			}
			if l.Dir != tt.dir {
				t.Fatalf("%s Dir=%v, want %v", tt.id, l.Dir, tt.dir)
			}
			if l.Autonym != tt.autonym {
				t.Fatalf("%s Autonym=%v, want %v", tt.id, l.Autonym, tt.autonym)
			}
			if diff := cmp.Diff([]string{tt.id, def}, l.Chain); diff != "" {
				t.Fatalf("%s Chain (-want +got):\n%s", tt.id, diff)
			}
		})
	}
	// No other locale falls back to a new one either: Dari or Urdu pages must not
	// borrow Pashto text, nor Amharic Tigrinya.
	for _, l := range r.All() {
		for _, id := range l.Chain[1:] {
			for _, newID := range []string{"ti", "am", "ps", "tr", "pl", "it"} {
				if id == newID {
					t.Fatalf("%s Chain=%v falls back to %s", l.ID, l.Chain, newID)
				}
			}
		}
	}
}
