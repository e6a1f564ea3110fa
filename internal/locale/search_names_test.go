package locale

import (
	"strings"
	"testing"

	"golang.org/x/text/language"
)

func TestSearchNames(t *testing.T) {
	fr := &Locale{ID: "fr", Tag: language.French}
	tests := []struct {
		tag  string
		find []string
	}{
		{"fa", []string{"fa", "Persian", "فارسی", "Farsi", "persan"}},
		{"fa-AF", []string{"Dari", "Farsi"}},
		{"tl", []string{"Tagalog", "Filipino", "fil"}},
		{"yue", []string{"Cantonese", "粵語"}},
		{"ar", []string{"Arabic", "العربية", "arabe"}},
		{"zh-Hans", []string{"Chinese", "简体中文"}},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			names := SearchNames(tt.tag, fr)
			all := "\x00" + strings.Join(names, "\x00") + "\x00"
			for _, want := range tt.find {
				if !strings.Contains(strings.ToLower(all), strings.ToLower(want)) {
					t.Fatalf("SearchNames(%s)=%q, want it to contain %q", tt.tag, names, want)
				}
			}
		})
	}
}
