package search

import (
	"io/fs"
	"os"
	"reflect"
	"testing"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

// MustCatalog loads the site file and pamphlets of fsys, for the tests inside and
// outside the package.
func MustCatalog(tb testing.TB, fsys fs.FS) (*pamphlet.Catalog, *locale.Registry) {
	tb.Helper()
	s, err := site.Load(fsys, "site.toml")
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		tb.Fatal(err)
	}
	cat, err := pamphlet.Load(fsys, s, reg)
	if err != nil {
		tb.Fatal(err)
	}
	return cat, reg
}

// TestBuildIsTheSameOnAnyNumberOfWorkers holds the index — terms, postings, every
// stored token — to the one built on a single goroutine, however many share the work.
func TestBuildIsTheSameOnAnyNumberOfWorkers(t *testing.T) {
	tests := []struct {
		name string
		fsys fs.FS
	}{
		{"testdata", os.DirFS("testdata/content")},
		{"default content", outreach.Content()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat, _ := MustCatalog(t, tt.fsys)
			want := build(cat, 1)
			if len(want.terms) == 0 || len(want.docs) < 2 {
				t.Fatalf("indexed %d terms in %d documents, want a real index", len(want.terms), len(want.docs))
			}
			for _, workers := range []int{2, 3, 8, 1000} {
				if got := build(cat, workers); !reflect.DeepEqual(got, want) {
					t.Fatalf("build(%d workers) differs from build(1 worker)", workers)
				}
			}
		})
	}
}
