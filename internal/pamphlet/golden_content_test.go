package pamphlet_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

// TestGoldenRightToLeft renders the default content's rights-with-police pamphlet in two
// right-to-left locales, Arabic and Pashto, with the deployment's facts in each locale,
// and compares with testdata/golden-content/*.golden.html ("go test -update" rewrites).
func TestGoldenRightToLeft(t *testing.T) {
	s, err := site.Load(outreach.Content(), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := pamphlet.Load(outreach.Content(), s, reg)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := cat.Get("rights-with-police")
	if !ok {
		t.Fatal("no rights-with-police pamphlet")
	}
	for _, id := range []string{"ar", "ps"} {
		t.Run(id, func(t *testing.T) {
			tr, ok := p.Translations[id]
			if !ok {
				t.Fatalf("rights-with-police has no %s translation", id)
			}
			if tr.Locale.Dir != "rtl" {
				t.Fatalf("%s dir=%q, want rtl", id, tr.Locale.Dir)
			}
			got := "<!-- " + tr.Title + " -->\n" + tr.HTML
			golden := filepath.Join("testdata", "golden-content", "rights-with-police."+id+".golden.html")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Fatalf("render rights-with-police/%s (-want +got):\n%s", id, diff)
			}
		})
	}
}
