package locale_test

import (
	"testing"

	"github.com/outreach-project/outreach/internal/locale"
)

func TestSpeaks(t *testing.T) {
	tests := []struct {
		offered, wanted string
		want            bool
	}{
		{"ar", "ar", true},
		{"ar", "ar-SD", true},
		{"ar-SD", "ar-SD", true},
		{"zh-Hant", "zh-TW", true},
		{"zh-Hant", "zh-HK", true},
		{"zh-Hans", "zh-Hant", false},
		{"zh-Hant", "zh-Hans", false},
		{"fa", "fa-AF", true},
		{"prs", "fa-AF", true},
		{"fa-AF", "prs", true},
		{"fa", "ps", false},
		{"pa", "pa-Arab", false},
		{"tl", "fil", true},
		{"ru", "uk", false},
		{"uk", "ru", false},
		{"en", "not a tag", false},
		{"", "en", false},
	}
	for _, tt := range tests {
		if got := locale.Speaks(tt.offered, tt.wanted); got != tt.want {
			t.Fatalf("Speaks(%q, %q)=%v, want %v", tt.offered, tt.wanted, got, tt.want)
		}
	}
}
