package outreach_test

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/locale"
	"github.com/outreach-project/outreach/internal/pamphlet"
	"github.com/outreach-project/outreach/internal/site"
)

// removedClaims were in the English pamphlets and are wrong or promise what a reader
// cannot rely on; they must not come back in any source pamphlet.
var removedClaims = []string{
	// Toronto police do not ask victims and witnesses about status without a good
	// reason ("Don't Ask"), but can act on immigration warrants: no one can promise this.
	"You will not be in trouble for asking for help.",
	"You will not be in trouble for reporting.",
	// Ontario's Victim/Witness Assistance Program prepares witnesses for court.
	"Victim services can help you get ready for court.",
	// A sponsorship claim that could not be confirmed from IRCC's own pages.
	"If you are a permanent resident, your sponsor cannot take away your status.",
}

func defaultContent(t *testing.T) (fs.FS, *site.Site) {
	t.Helper()
	fsys := outreach.Content()
	s, err := site.Load(fsys, "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	return fsys, s
}

// sourceFiles returns every source-locale pamphlet with its Markdown emphasis removed,
// so that a claim cannot come back in bold.
func sourceFiles(t *testing.T, fsys fs.FS, s *site.Site) map[string]string {
	t.Helper()
	files, err := fs.Glob(fsys, "*/"+s.SourceLocale+".md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no source pamphlets: %v", err)
	}
	texts := make(map[string]string, len(files))
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			t.Fatal(err)
		}
		texts[file] = strings.NewReplacer("**", "", "__", "").Replace(string(data))
	}
	return texts
}

func TestRemovedClaimsStayRemoved(t *testing.T) {
	fsys, s := defaultContent(t)
	for file, text := range sourceFiles(t, fsys, s) {
		for _, claim := range removedClaims {
			if strings.Contains(text, claim) {
				t.Fatalf("%s says %q, a claim removed because readers cannot rely on it", file, claim)
			}
		}
		for _, line := range strings.Split(text, "\n") {
			if strings.Contains(line, "Watch") && strings.Contains(line, "Vancouver") {
				t.Fatalf("%s: %q: Block Watch did not begin in Vancouver", file, line)
			}
		}
	}
}

// fictionalNumber matches the North American numbers reserved for fiction (555-01XX)
// and any other 555 exchange, which no public service uses in this city.
var fictionalNumber = regexp.MustCompile(`(^|\D)555\D?\d{4}`)

func TestDefaultSiteMarksEveryFictionalNumberAsExample(t *testing.T) {
	_, s := defaultContent(t)
	examples := s.Examples()
	for key, value := range s.Phones {
		if fictionalNumber.MatchString(value) && !slices.Contains(examples, "phone."+key) {
			t.Fatalf("phones.%s = %q is a fictional number not listed in examples", key, value)
		}
	}
}

func TestFictionalNumberPattern(t *testing.T) {
	for value, want := range map[string]bool{"1-888-555-0199": true, "416-555-0100": true, "5550100": true, "416-808-2222": false, "1-800-222-8477": false, "911": false} {
		if got := fictionalNumber.MatchString(value); got != want {
			t.Fatalf("fictionalNumber(%q)=%v, want %v", value, got, want)
		}
	}
}

// TestNonLatinLocalesHaveTheirOwnNames: a reader of Arabic, Chinese or Ukrainian must
// not meet "Toronto" in Latin letters mid-sentence.
func TestNonLatinLocalesHaveTheirOwnNames(t *testing.T) {
	_, s := defaultContent(t)
	checked := 0
	for _, spec := range s.Locales {
		script, _ := language.Make(spec.ID).Script()
		if script.String() == "Latn" {
			continue
		}
		checked++
		missing := s.Untranslated(spec.ID)
		for _, key := range []string{"site.name", "site.city"} {
			if slices.Contains(missing, key) {
				t.Fatalf("locale %s (script %s) has no %s of its own in site.toml", spec.ID, script, key)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no locale with a non-Latin script in the default site")
	}
}

// TestSourcePamphletsSayWhenTheyWereChecked: every source pamphlet carries the date its
// facts were last reviewed, which readers see.
func TestSourcePamphletsSayWhenTheyWereChecked(t *testing.T) {
	fsys, s := defaultContent(t)
	reg, err := locale.NewRegistry(s.Locales, s.DefaultLocale)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := pamphlet.Load(fsys, s, reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range cat.All() {
		if p.Source.Checked.IsZero() {
			t.Fatalf("%s has no checked date in its front matter", p.Source.File)
		}
	}
}
