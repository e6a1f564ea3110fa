// Command corpus writes a generated pamphlet corpus of N pamphlets in M locales twice:
// as an outreach content folder (site.toml + <slug>/<locale>.md) and as a Hugo site with
// the same Markdown, so that a cold start can be compared with a Hugo build.
//
//	go run ./bench/corpus -pamphlets 1000 -locales 15 -out /tmp/corpus
//
// Pamphlet i is default pamphlet i mod their number (12) in each locale (real text in every script),
// its title numbered; locales are the default site's first M.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/outreach-project/outreach"
	"github.com/outreach-project/outreach/internal/site"
)

func main() {
	n := flag.Int("pamphlets", 1000, "number of pamphlets")
	m := flag.Int("locales", 15, "number of locales (at most the default site's)")
	out := flag.String("out", "", "directory to write outreach/ and hugo/ into")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "corpus: -out is required")
		os.Exit(2)
	}
	if err := write(*out, *n, *m); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}

func write(out string, n, m int) error {
	src := outreach.Content()
	s, err := site.Load(src, "site.toml")
	if err != nil {
		return err
	}
	m = min(m, len(s.Locales))
	locales := make([]string, m)
	for i := range locales {
		locales[i] = s.Locales[i].ID
	}
	slugs, err := fs.Glob(src, "*/"+s.SourceLocale+".md")
	if err != nil {
		return err
	}
	sort.Strings(slugs)
	siteTOML, err := fs.ReadFile(src, "site.toml")
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(out, "outreach", "site.toml"), siteTOML); err != nil {
		return err
	}
	if err := writeHugoSite(filepath.Join(out, "hugo"), locales); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		base := filepath.Dir(slugs[i%len(slugs)])
		slug := fmt.Sprintf("%s-%04d", base, i)
		for _, loc := range locales {
			data, err := fs.ReadFile(src, base+"/"+loc+".md")
			if err != nil {
				data, err = fs.ReadFile(src, base+"/"+s.SourceLocale+".md") // untranslated: the source text
				if err != nil {
					return err
				}
				data = asTranslation(data)
			}
			data = numberTitle(data, i)
			if err := writeFile(filepath.Join(out, "outreach", slug, loc+".md"), data); err != nil {
				return err
			}
			if err := writeFile(filepath.Join(out, "hugo", "content", loc, slug+".md"), data); err != nil {
				return err
			}
		}
	}
	return nil
}

// asTranslation turns a source file into a machine translation of revision 1.
func asTranslation(data []byte) []byte {
	s := strings.Replace(string(data), "\nrevision = ", "\nsource_revision = ", 1)
	s = strings.Replace(s, `status = "reviewed"`, `status = "machine"`, 1)
	return []byte(s)
}

// numberTitle appends the pamphlet's number to its title, so every page differs.
func numberTitle(data []byte, i int) []byte {
	end := bytes.IndexByte(data[bytes.Index(data, []byte("title = \"")):], '\n')
	start := bytes.Index(data, []byte("title = \""))
	line := data[start : start+end]
	numbered := append(bytes.TrimSuffix(append([]byte(nil), line...), []byte(`"`)), []byte(fmt.Sprintf(` %d"`, i))...)
	return bytes.Replace(data, line, numbered, 1)
}

// writeHugoSite writes a multilingual Hugo configuration and the smallest layouts that
// render every page's Markdown.
func writeHugoSite(dir string, locales []string) error {
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "baseURL = \"http://localhost/\"\ndefaultContentLanguage = %q\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n\n[languages]\n", locales[0])
	for i, loc := range locales {
		fmt.Fprintf(&cfg, "[languages.%s]\ncontentDir = \"content/%s\"\nweight = %d\n", strings.ToLower(loc), loc, i+1)
	}
	files := map[string]string{
		"hugo.toml":                    cfg.String(),
		"layouts/_default/single.html": "<!doctype html><html lang=\"{{ .Language.Lang }}\"><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n",
		"layouts/_default/list.html":   "<!doctype html><html><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
		"layouts/_default/baseof.html": "{{ block \"main\" . }}{{ end }}\n",
		"layouts/index.html":           "<!doctype html><html><body><ul>{{ range .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
	}
	for name, body := range files {
		if err := writeFile(filepath.Join(dir, name), []byte(body)); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}
