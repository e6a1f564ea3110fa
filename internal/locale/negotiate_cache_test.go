package locale

import (
	"fmt"
	"testing"
)

// TestMatchCacheBounded: a client sending a new header every time cannot grow the memory
// of answers past its bound, and answers stay right after it starts over.
func TestMatchCacheBounded(t *testing.T) {
	r, err := NewRegistry([]Spec{{ID: "en"}, {ID: "fr"}, {ID: "ar"}}, "en")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 * matchCacheSize {
		header := fmt.Sprintf("fr;q=0.9,x-%d;q=0.5", i)
		if got := r.Match(header).ID; got != "fr" {
			t.Fatalf("Match(%q)=%v, want fr", header, got)
		}
		if n := r.matches.len(); n > matchCacheSize {
			t.Fatalf("after %d headers, %d answers remembered, want at most %d", i+1, n, matchCacheSize)
		}
	}
	for _, tt := range []struct{ header, want string }{{"ar-EG", "ar"}, {"fr-CA", "fr"}, {"de", "en"}} {
		for range 2 {
			if got := r.Match(tt.header).ID; got != tt.want {
				t.Fatalf("Match(%q)=%v, want %v", tt.header, got, tt.want)
			}
		}
		if got, ok := r.matches.get(tt.header); !ok || got.ID != tt.want {
			t.Fatalf("remembered answer for %q=%v (%v), want %v", tt.header, got, ok, tt.want)
		}
	}
}
