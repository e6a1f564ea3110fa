package public_test

import (
	"strings"
	"testing"

	"github.com/outreach-project/outreach/server/public"
)

// pick is choose-language.js in Go: each preference looked up in the table, shortened
// a subtag at a time while absent; an empty answer moves on to the next preference.
func pick(table map[string]string, prefs []string, def string) string {
	for _, p := range prefs {
		tag := strings.ToLower(p)
		for tag != "" {
			if id, ok := table[tag]; ok {
				if id != "" {
					return id
				}
				break
			}
			cut := strings.LastIndex(tag, "-")
			if cut <= 0 {
				tag = ""
			} else {
				tag = tag[:cut]
			}
		}
	}
	return def
}

// TestLanguageTableAgreesWithServer: the static site's language chooser answers as the
// server's negotiation does, for the tags browsers send.
func TestLanguageTableAgreesWithServer(t *testing.T) {
	f := MustServer(t, nil)
	table := public.LanguageTable(f.Locales)
	headers := []string{
		"zh-HK", "zh-TW", "zh-MO", "zh-CN", "zh-SG", "zh", "zh-Hant", "zh-Hans-HK", "yue", "cmn",
		"pa", "pa-IN", "pa-PK", "pa-Arab", "pa-Guru-IN", "fa", "fa-IR", "fa-AF", "prs", "prs-AF",
		"tl", "fil", "fil-PH", "fr", "fr-CA", "fr-BE", "ar", "ar-EG", "ar-SA", "ur", "ur-PK", "ur-IN",
		"pt-BR", "pt-PT", "es-419", "es-MX", "so", "so-KE", "ta-LK", "ta-IN", "uk", "uk-UA", "ru", "ru-UA",
		"en", "en-GB", "de", "de-AT", "sw", "he", "ko", "ja", "ru,fr", "pa-PK,fr", "zh-HK,en",
		"de-CH,it", "fa-AF,fa", "no,en", "hr,sr",
	}
	for _, h := range headers {
		want := f.Locales.Match(h).ID
		if got := pick(table, strings.Split(h, ","), f.Locales.Default().ID); got != want {
			t.Fatalf("%s: chooser picks %s, server %s", h, got, want)
		}
	}
}
