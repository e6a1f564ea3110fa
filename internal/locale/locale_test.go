package locale_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/locale"
)

// specs mirrors the default site file's locales.
var specs = []locale.Spec{
	{ID: "en"}, {ID: "fr"}, {ID: "ar"},
	{ID: "zh-Hans", Fallback: []string{"zh-Hant"}}, {ID: "zh-Hant", Fallback: []string{"zh-Hans"}},
	{ID: "fa", Fallback: []string{"fa-AF"}}, {ID: "fa-AF", Fallback: []string{"fa"}, Aliases: []string{"prs"}},
	{ID: "pt"}, {ID: "pa"}, {ID: "so"}, {ID: "es"}, {ID: "tl", Aliases: []string{"fil"}},
	{ID: "ta"}, {ID: "uk"}, {ID: "ur"},
	{ID: "ko"}, {ID: "vi"}, {ID: "ru"}, {ID: "hi"}, {ID: "gu"}, {ID: "bn"},
	{ID: "ti"}, {ID: "am"}, {ID: "ps"}, {ID: "tr"}, {ID: "pl"}, {ID: "it"},
}

func MustRegistry(tb testing.TB) *locale.Registry {
	tb.Helper()
	r, err := locale.NewRegistry(specs, "en")
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestNegotiate(t *testing.T) {
	r := MustRegistry(t)
	tests := []struct {
		name, saved, header, want string
	}{
		{"traditional for Taiwan", "", "zh-TW", "zh-Hant"},
		{"traditional for Hong Kong", "", "zh-HK,zh;q=0.9", "zh-Hant"},
		{"simplified for mainland", "", "zh-CN", "zh-Hans"},
		{"simplified for Singapore", "", "zh-SG", "zh-Hans"},
		{"bare zh is simplified", "", "zh", "zh-Hans"},
		{"script subtag wins", "", "zh-Hant-CN", "zh-Hant"},
		{"Gurmukhi for India", "", "pa-IN", "pa"},
		{"Shahmukhi is not Gurmukhi nor Arabic", "", "pa-PK", "en"},
		{"Shahmukhi by script", "", "pa-Arab", "en"},
		{"Western Punjabi is not Arabic", "", "pnb", "en"},
		{"Dari by region", "", "fa-AF", "fa-AF"},
		{"Dari by its own code", "", "prs", "fa-AF"},
		{"Iranian Persian", "", "fa-IR", "fa"},
		{"Filipino is Tagalog", "", "fil", "tl"},
		{"Filipino with region", "", "fil-PH,en;q=0.5", "tl"},
		{"Tagalog", "", "tl", "tl"},
		{"old Hebrew code, no Hebrew", "", "iw", "en"},
		{"old Hebrew code then Arabic", "", "iw,ar;q=0.8", "ar"},
		{"Russian has its own locale", "", "ru", "ru"},
		{"Russian with region", "", "ru-RU,ru;q=0.9,fr;q=0.5", "ru"},
		{"Russian reader is not served Ukrainian", "", "ru,uk;q=0.5", "ru"},
		{"Russian in Ukraine is Russian", "", "ru-UA", "ru"},
		{"Ukrainian reader is not served Russian", "", "uk", "uk"},
		{"Ukrainian with region", "", "uk-UA,ru;q=0.5", "uk"},
		{"Ukrainian in Russia is Ukrainian", "", "uk-RU", "uk"},
		{"Belarusian reads Russian (CLDR)", "", "be", "ru"},
		{"Hindi", "", "hi-IN", "hi"},
		{"Urdu is not Hindi", "", "ur-PK", "ur"},
		{"Urdu in India is Urdu", "", "ur-IN", "ur"},
		{"Hindi then Urdu", "", "hi,ur;q=0.5", "hi"},
		{"Urdu then Hindi", "", "ur,hi;q=0.5", "ur"},
		{"romanised Hindi is not Devanagari", "", "hi-Latn", "en"},
		{"Gujarati", "", "gu-IN", "gu"},
		{"Bengali", "", "bn", "bn"},
		{"Bangladeshi Bengali", "", "bn-BD", "bn"},
		{"Indian Bengali", "", "bn-IN", "bn"},
		{"Assamese is not Bengali", "", "as", "en"},
		{"Korean", "", "ko-KR", "ko"},
		{"Korean then English", "", "ko-KR,ko;q=0.9,en-US;q=0.8", "ko"},
		{"Vietnamese", "", "vi-VN", "vi"},
		{"Vietnamese then English", "", "vi-VN,vi;q=0.9,en;q=0.8", "vi"},
		{"Pashto", "", "ps-AF", "ps"},
		{"Pashto in Pakistan", "", "ps-PK", "ps"},
		{"Northern Pashto code", "", "pbu", "ps"},
		{"Pashto is not Dari", "", "ps,fa-AF;q=0.5", "ps"},
		{"Dari is not Pashto", "", "fa-AF,ps;q=0.5", "fa-AF"},
		{"Iranian Persian is not Pashto", "", "fa-IR", "fa"},
		{"Amharic", "", "am-ET", "am"},
		{"Tigrinya in Eritrea", "", "ti-ER", "ti"},
		{"Tigrinya in Ethiopia is not Amharic", "", "ti-ET", "ti"},
		{"Amharic is not Tigrinya", "", "am,ti;q=0.5", "am"},
		{"Tigrinya is not Amharic", "", "ti,am;q=0.5", "ti"},
		{"Tigre is not Tigrinya", "", "tig", "en"},
		{"Turkish", "", "tr-TR", "tr"},
		{"Polish", "", "pl-PL", "pl"},
		{"Swiss Italian", "", "it-CH", "it"},
		{"unsupported Slavic is not Ukrainian", "", "bg", "en"},
		{"saved Russian wins over Ukrainian header", "ru", "uk", "ru"},
		{"saved Ukrainian wins over Russian header", "uk", "ru", "uk"},
		{"unsupported then supported", "", "de-DE,de;q=0.9,es;q=0.7", "es"},
		{"Latin American Spanish", "", "es-419", "es"},
		{"Brazilian Portuguese", "", "pt-BR", "pt"},
		{"Canadian French", "", "fr-CA", "fr"},
		{"Sri Lankan Tamil", "", "ta-LK", "ta"},
		{"quality order", "", "en;q=0.1,so;q=0.9", "so"},
		{"wildcard", "", "*", "en"},
		{"empty", "", "", "en"},
		{"malformed", "", "en;q=abc,,;;=", "en"},
		{"garbage", "", "\x00\xff", "en"},
		{"too long", "", string(make([]byte, 5000)), "en"},
		{"saved choice wins over header", "ar", "fr-CA,fr", "ar"},
		{"saved alias", "prs", "fr", "fa-AF"},
		{"unknown saved choice ignored", "xx", "fr", "fr"},
		{"empty saved choice ignored", "", "ta", "ta"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The second answer comes from the registry's memory of headers.
			for _, pass := range []string{"first", "remembered"} {
				if got := r.Negotiate(tt.saved, tt.header).ID; got != tt.want {
					t.Fatalf("%s: Negotiate(%q, %q)=%v, want %v", pass, tt.saved, tt.header, got, tt.want)
				}
			}
		})
	}
}

func TestMatchTag(t *testing.T) {
	r := MustRegistry(t)
	tests := []struct {
		tag, want string
		ok        bool
	}{
		{"zh-TW", "zh-Hant", true},
		{"fr-CA", "fr", true},
		{"en-GB", "en", true},
		{"ru", "ru", true},
		{"ru-RU", "ru", true},
		{"uk-UA", "uk", true},
		{"ko-KR", "ko", true},
		{"vi-VN", "vi", true},
		{"bn-BD", "bn", true},
		{"as", "", false},
		{"tig", "", false},
		{"pa-PK", "", false},
		{"calling-police", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		l, ok := r.MatchTag(tt.tag)
		if ok != tt.ok || (ok && l.ID != tt.want) {
			t.Fatalf("MatchTag(%q)=%v,%v, want %v,%v", tt.tag, l, ok, tt.want, tt.ok)
		}
	}
}

func TestLocales(t *testing.T) {
	r := MustRegistry(t)
	tests := []struct {
		id, dir, autonym string
		chain            []string
	}{
		{"en", "ltr", "English", []string{"en"}},
		{"fr", "ltr", "français", []string{"fr", "en"}},
		{"ar", "rtl", "العربية", []string{"ar", "en"}},
		{"fa", "rtl", "فارسی", []string{"fa", "fa-AF", "en"}},
		{"fa-AF", "rtl", "دری", []string{"fa-AF", "fa", "en"}},
		{"ur", "rtl", "اردو", []string{"ur", "en"}},
		{"pa", "ltr", "ਪੰਜਾਬੀ", []string{"pa", "en"}},
		{"zh-Hant", "ltr", "繁體中文", []string{"zh-Hant", "zh-Hans", "en"}},
		{"uk", "ltr", "українська", []string{"uk", "en"}},
		{"ru", "ltr", "русский", []string{"ru", "en"}},
		{"ko", "ltr", "한국어", []string{"ko", "en"}},
		{"vi", "ltr", "Tiếng Việt", []string{"vi", "en"}},
		{"hi", "ltr", "हिन्दी", []string{"hi", "en"}},
		{"gu", "ltr", "ગુજરાતી", []string{"gu", "en"}},
		{"bn", "ltr", "বাংলা", []string{"bn", "en"}},
		{"ps", "rtl", "پښتو", []string{"ps", "en"}},
		{"am", "ltr", "አማርኛ", []string{"am", "en"}},
		{"ti", "ltr", "ትግርኛ", []string{"ti", "en"}},
	}
	for _, tt := range tests {
		l, ok := r.Get(tt.id)
		if !ok {
			t.Fatalf("Get(%q) found nothing", tt.id)
		}
		if l.Dir != tt.dir {
			t.Fatalf("%s Dir=%v, want %v", tt.id, l.Dir, tt.dir)
		}
		if l.Autonym != tt.autonym {
			t.Fatalf("%s Autonym=%v, want %v", tt.id, l.Autonym, tt.autonym)
		}
		if diff := cmp.Diff(tt.chain, l.Chain); diff != "" {
			t.Fatalf("%s Chain (-want +got):\n%s", tt.id, diff)
		}
	}
}

func TestNameInReadersLanguage(t *testing.T) {
	r := MustRegistry(t)
	get := func(id string) *locale.Locale { l, _ := r.Get(id); return l }
	tests := []struct{ reader, other, want string }{
		{"fr", "ta", "tamoul"},
		{"en", "fa-AF", "Dari"},
		{"ta", "ta", "தமிழ்"},
		{"es", "en", "inglés"},
		{"ru", "uk", "украинский"},
		{"uk", "ru", "російська"},
		{"hi", "ur", "उर्दू"},
		{"ko", "vi", "베트남어"},
	}
	for _, tt := range tests {
		if got := get(tt.reader).Name(get(tt.other)); got != tt.want {
			t.Fatalf("%s.Name(%s)=%v, want %v", tt.reader, tt.other, got, tt.want)
		}
	}
	// Somali CLDR data has no name for Traditional Chinese: the autonym stands in.
	if got := get("so").Name(get("zh-Hant")); got != "繁體中文" {
		t.Fatalf("so.Name(zh-Hant)=%v, want the autonym", got)
	}
}

func TestQuotes(t *testing.T) {
	r := MustRegistry(t)
	tests := []struct {
		id   string
		want locale.Quotes
	}{
		{"ru", locale.Quotes{OpenDouble: "«", CloseDouble: "»", OpenSingle: "„", CloseSingle: "“"}},
		{"uk", locale.Quotes{OpenDouble: "«", CloseDouble: "»", OpenSingle: "„", CloseSingle: "“"}},
		{"ko", locale.Quotes{OpenDouble: "“", CloseDouble: "”", OpenSingle: "‘", CloseSingle: "’"}},
		{"hi", locale.Quotes{OpenDouble: "“", CloseDouble: "”", OpenSingle: "‘", CloseSingle: "’"}},
		{"pl", locale.Quotes{OpenDouble: "„", CloseDouble: "”", OpenSingle: "«", CloseSingle: "»"}},
		{"it", locale.Quotes{OpenDouble: "«", CloseDouble: "»", OpenSingle: "“", CloseSingle: "”"}},
	}
	for _, tt := range tests {
		l, _ := r.Get(tt.id)
		if diff := cmp.Diff(tt.want, l.Quotes); diff != "" {
			t.Fatalf("%s Quotes (-want +got):\n%s", tt.id, diff)
		}
	}
}

func TestLookupAliasesAndCase(t *testing.T) {
	r := MustRegistry(t)
	for in, want := range map[string]string{"prs": "fa-AF", "FIL": "tl", "zh-hant": "zh-Hant", "ZH_HANS": "zh-Hans", "fa-af": "fa-AF"} {
		l, ok := r.Lookup(in)
		if !ok || l.ID != want {
			t.Fatalf("Lookup(%q)=%v,%v, want %v", in, l, ok, want)
		}
	}
	if _, ok := r.Get("prs"); ok {
		t.Fatalf("Get(prs) found an alias, want exact ids only")
	}
}

func TestNewRegistryErrors(t *testing.T) {
	tests := []struct {
		name  string
		specs []locale.Spec
		def   string
	}{
		{"bad tag", []locale.Spec{{ID: "en"}, {ID: "not a tag"}}, "en"},
		{"unknown default", []locale.Spec{{ID: "en"}}, "fr"},
		{"unknown fallback", []locale.Spec{{ID: "en"}, {ID: "fr", Fallback: []string{"de"}}}, "en"},
		{"duplicate id", []locale.Spec{{ID: "en"}, {ID: "en"}}, "en"},
		{"alias clashes with id", []locale.Spec{{ID: "en"}, {ID: "tl", Aliases: []string{"en"}}}, "en"},
		{"no autonym in CLDR", []locale.Spec{{ID: "en"}, {ID: "prs"}}, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := locale.NewRegistry(tt.specs, tt.def); err == nil {
				t.Fatalf("NewRegistry succeeded, want an error")
			}
		})
	}
}

func FuzzAcceptLanguage(f *testing.F) {
	for _, seed := range []string{"", "*", "en-US,en;q=0.9", "zh-TW", "pa-PK", "iw", "ru,uk;q=0.5", "uk-UA,ru;q=0.5", "hi-Latn", "ti-ER,am;q=0.5", "en;q=abc", "x-klingon", ";;;,,,", "fr-CA;q=0.5,*;q=0.1"} {
		f.Add(seed)
	}
	r := MustRegistry(f)
	f.Fuzz(func(t *testing.T, header string) {
		l := r.Match(header)
		if l == nil {
			t.Fatalf("Match(%q)=nil", header)
		}
		if _, ok := r.Get(l.ID); !ok {
			t.Fatalf("Match(%q)=%q, not a configured locale", header, l.ID)
		}
	})
}
