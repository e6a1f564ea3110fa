package search

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalizeWord(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"latin accents", "Sécurité", "securite"},
		{"sharp s folds", "Straße", "strasse"},
		{"ligature", "ﬁnd", "find"},
		{"full-width", "ＰＯＬＩＣＥ", "police"},
		{"greek", "Αστυνομία", "αστυνομια"},
		{"cyrillic short i keeps its letter", "поліції", "поліціі"},
		{"harakat", "مُسَاعَدَةٌ", "مساعده"},
		{"alef hamza above", "أمن", "امن"},
		{"alef hamza below", "إبلاغ", "ابلاغ"},
		{"alef madda", "آمن", "امن"},
		{"alef wasla", "ٱلله", "الله"},
		{"alef maksura", "على", "علي"},
		{"farsi yeh", "پلیس", "پليس"},
		{"keheh", "کمک", "كمك"},
		{"teh marbuta", "شرطة", "شرطه"},
		{"tatweel", "شـــرطة", "شرطه"},
		{"zwnj", "می\u200cشود", "ميشود"},
		{"arabic-indic digits", "٩١١", "911"},
		{"persian digits", "۴۱۶", "416"},
		{"tamil vowel signs kept", "காவல்", "காவல்"},
		{"gurmukhi vowel signs kept", "ਪੁਲਿਸ", "ਪੁਲਿਸ"},
		{"devanagari kept", "पुलिस", "पुलिस"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalizeWord(tt.in); got != tt.want {
				t.Fatalf("normalizeWord(%q)=%q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"words", "Call 911, now!", []string{"call", "911", "now"}},
		{"cjk bigrams", "街頭安全", []string{"街頭", "頭安", "安全"}},
		{"cjk next to latin", "致電911報警", []string{"致電", "911", "報警"}},
		{"japanese kana", "けいさつ", []string{"けい", "いさ", "さつ"}},
		{"one han character", "街", []string{"街"}},
		{"hangul words", "경찰 신고", []string{"경찰", "신고"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range tokenize(tt.in) {
				got = append(got, tok.text)
				if tok.start < 0 || tok.end > len(tt.in) || tok.start >= tok.end {
					t.Fatalf("token %q at [%d,%d) outside %q", tok.text, tok.start, tok.end, tt.in)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("tokenize(%q)=%q, want %q", tt.in, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("tokenize(%q)=%q, want %q", tt.in, got, tt.want)
				}
			}
		})
	}
}

func TestWideSpaceIsUnicodeSpace(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if isWideSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("isWideSpace(%U)=%v, want %v", r, isWideSpace(r), unicode.IsSpace(r))
		}
	}
}

func TestRuneClassesMatchFunctions(t *testing.T) {
	classes := basicClasses()
	for r := rune(0); r < 1<<16; r++ {
		c := classOf(classes, r)
		if (c&classWord != 0) != wordRune(r) || (c&classMark != 0) != unicode.IsMark(r) || (c&classUnspaced != 0) != unspaced(r) {
			t.Fatalf("class of %U=%03b, want word %v mark %v unspaced %v", r, c, wordRune(r), unicode.IsMark(r), unspaced(r))
		}
	}
}
