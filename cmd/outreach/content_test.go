package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var defectsEnv = map[string]string{"OUTREACH_CONTENT": "testdata/defects/content", "OUTREACH_LOCALES": "testdata/defects/locales"}

// TestContentCheckReportsEveryDefect: each defect planted in testdata/defects is
// reported, at its file and line, and nothing else is.
func TestContentCheckReportsEveryDefect(t *testing.T) {
	code, _, stderr := runCmd(t, defectsEnv, "content", "check")
	if code != 1 {
		t.Fatalf("code=%d, want 1\n%s", code, stderr)
	}
	c := "testdata/defects/content/"
	want := []string{
		c + `Bad Slug/en.md: folder name "Bad Slug" is not a valid slug`,
		c + "calling/en.md:12: unknown placeholder {{phone.ghost}}",
		c + `calling/en.md:14: link "/en/nowhere" leads to /en/nowhere, which is not a page`,
		c + `calling/en.md:16: image "car.png": pamphlets cannot show images`,
		c + `calling/fr.md:6: front matter: status "draft" must be "machine" or "reviewed"`,
		c + "heading/en.md:10: level-1 heading",
		c + "heading/en.md:12: raw HTML is not allowed",
		c + "heading/en.md:12: raw HTML is not allowed",
		c + "orphan/fr.md: translation without a source",
		c + "safety/ar.md:7: source_revision 3 is newer than the source's revision 1",
		c + `safety/en.md:12: link "../calling/fr.md" points at a Markdown file: link to its page instead, "/fr/calling"`,
		c + `safety/en.md:12: link "javascript:alert(1)": only http, https, mailto and tel links`,
		"testdata/defects/locales/ar.toml:6: PamphletCount has no two form: this language needs zero, one, two, few, many, other",
		"outreach: content check: 13 error(s)",
	}
	got := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(got) != len(want) {
		t.Fatalf("content check reported %d lines, want %d:\n%s", len(got), len(want), stderr)
	}
	for i := range want {
		if !strings.HasPrefix(filepath.ToSlash(got[i]), want[i]) {
			t.Fatalf("line %d=%q, want prefix %q", i+1, got[i], want[i])
		}
	}
}

func TestContentCheckJSON(t *testing.T) {
	code, stdout, stderr := runCmd(t, defectsEnv, "content", "check", "--json")
	if code != 1 {
		t.Fatalf("code=%d, want 1\n%s", code, stderr)
	}
	var r checkReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	if r.OK || len(r.Errors) != 13 {
		t.Fatalf("OK=%v errors=%d, want false and 13", r.OK, len(r.Errors))
	}
	if f := r.Errors[len(r.Errors)-1]; f.Kind != "plural" || f.Line != 6 {
		t.Fatalf("last error=%+v, want the plural form at line 6", f)
	}
	code, stdout, _ = runCmd(t, nil, "content", "check", "--json")
	r = checkReport{}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil || code != 0 || !r.OK || len(r.Locales) == 0 {
		t.Fatalf("default content: code=%d err=%v OK=%v locales=%d, want 0, nil, true, some", code, err, r.OK, len(r.Locales))
	}
}

// TestContentCheckStrict: the default content is machine-translated, which is a
// warning: fine without --strict, a failure with it.
func TestContentCheckStrict(t *testing.T) {
	if code, _, stderr := runCmd(t, nil, "content", "check"); code != 0 {
		t.Fatalf("content check: code=%d, want 0\n%s", code, stderr)
	}
	code, stdout, stderr := runCmd(t, nil, "content", "check", "--strict")
	if code != 1 || !strings.Contains(stderr, "content check --strict:") || !strings.Contains(stdout, "warning: content/calling-police/fr.md: machine translation") {
		t.Fatalf("--strict: code=%d, want 1, the count and each warning\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// stampFixture writes a content folder with a source at revision 2 and a French
// translation made from revision 1.
func stampFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"site.toml": "name = \"T\"\ncity = \"C\"\ntime_zone = \"America/Toronto\"\nsource_locale = \"en\"\ndefault_locale = \"en\"\n[phones]\nemergency = \"911\"\n[[locales]]\nid = \"en\"\n[[locales]]\nid = \"fr\"\n[[locales]]\nid = \"ar\"\n",
		"a/en.md":   "+++\ntitle = \"A\"\nsummary = \"S\"\ntopic = \"services\"\norder = 1\nstatus = \"reviewed\"\nrevision = 2\n+++\n\nText.\n",
		"a/fr.md":   "+++\ntitle = \"A\"\nsummary = \"S\"\ntopic = \"services\"\norder = 1\nstatus = \"machine\"\nsource_revision = 1\n+++\n\nTexte.\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestContentStamp(t *testing.T) {
	dir := stampFixture(t)
	env := map[string]string{"OUTREACH_CONTENT": dir}
	code, stdout, stderr := runCmd(t, env, "content", "status", "--locale", "fr", "--json")
	if code != 0 || !strings.Contains(stdout, `"state": "stale"`) {
		t.Fatalf("status before: code=%d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, env, "content", "stamp", "fr", "a", "--reviewed")
	if code != 0 || !strings.Contains(stdout, "up to date with source revision 2, reviewed") {
		t.Fatalf("stamp: code=%d\n%s%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "a", "fr.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^source_revision = 2\nchecked = \d{4}-\d\d-\d\d$`).Match(data) || !strings.Contains(string(data), `status = "reviewed"`) || !strings.HasSuffix(string(data), "\nTexte.\n") {
		t.Fatalf("stamped file:\n%s", data)
	}
	code, stdout, _ = runCmd(t, env, "content", "status", "--locale", "fr", "--json")
	var entries []statusEntry
	if err := json.Unmarshal([]byte(stdout), &entries); err != nil || code != 0 {
		t.Fatalf("status after: code=%d err=%v\n%s", code, err, stdout)
	}
	want := []statusEntry{{Slug: "a", Title: "A", State: "reviewed", Status: "reviewed", SourceRevision: 2, MadeFrom: 2, File: filepath.Join(dir, "a", "fr.md")}}
	if diff := cmp.Diff(want, entries); diff != "" {
		t.Fatalf("status after stamp (-want +got):\n%s", diff)
	}
}

func TestContentStampRefuses(t *testing.T) {
	dir := stampFixture(t)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no content folder here", nil, []string{"fr", "a"}, `--content "content": not a directory`},
		{"wrong folder", map[string]string{"OUTREACH_CONTENT": t.TempDir()}, []string{"fr", "a"}, "site.toml"},
		{"no translation", map[string]string{"OUTREACH_CONTENT": dir}, []string{"ar", "a"}, filepath.Join(dir, "a", "ar.md") + " does not exist"},
		{"no pamphlet", map[string]string{"OUTREACH_CONTENT": dir}, []string{"fr", "b"}, `has no pamphlet "b"`},
		{"source locale", map[string]string{"OUTREACH_CONTENT": dir}, []string{"en", "a"}, "en is the source locale"},
		{"unknown locale", map[string]string{"OUTREACH_CONTENT": dir}, []string{"xx", "a"}, `"xx" is not a configured locale id`},
		{"one argument", map[string]string{"OUTREACH_CONTENT": dir}, []string{"fr"}, "want 2 arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(filepath.Join(dir, "a", "fr.md"))
			code, _, stderr := runCmd(t, tt.env, append([]string{"content", "stamp"}, tt.args...)...)
			if code == 0 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("code=%d stderr=%q, want non-zero and %q", code, stderr, tt.want)
			}
			after, _ := os.ReadFile(filepath.Join(dir, "a", "fr.md"))
			if string(before) != string(after) {
				t.Fatalf("a refused stamp changed a/fr.md")
			}
		})
	}
}
