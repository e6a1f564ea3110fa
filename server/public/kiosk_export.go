package public

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/outreach-project/outreach/internal/kiosk"
)

// KioskFile is one file of a static kiosk bundle.
type KioskFile struct {
	Path string // slash-separated, relative to the bundle's folder
	Body []byte
}

// KioskBundle renders every kiosk of cfg as files that run from a local folder with no
// server: pages link to each other by relative file names, and index.html opens the
// default kiosk. base is the public site's URL, which the QR codes open.
func (s *Server) KioskBundle(cfg *kiosk.Config, base string) ([]KioskFile, error) {
	k, err := newKioskSite(s, cfg)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool)
	var files []KioskFile
	for _, ks := range cfg.Kiosks {
		b, err := k.build(ks, base, fileLinks)
		if err != nil {
			return nil, err
		}
		for _, p := range b.paths() {
			name := strings.TrimPrefix(exportFile(p), "/")
			if !seen[name] {
				seen[name] = true
				files = append(files, KioskFile{Path: name, Body: b.files[p].body})
			}
		}
	}
	index, err := bundleIndex(cfg)
	if err != nil {
		return nil, err
	}
	return append(files, KioskFile{Path: "index.html", Body: index}), nil
}

// bundleIndexTemplate opens the default kiosk and lists the others, for whoever sets
// the kiosk up.
var bundleIndexTemplate = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url={{.Default}}">
<title>Kiosks</title>
</head>
<body>
<main>
<h1>Kiosks</h1>
<ul>
{{range .Kiosks}}<li><a href="{{.Href}}">{{.Branch}}</a></li>
{{end}}</ul>
</main>
</body>
</html>
`))

func bundleIndex(cfg *kiosk.Config) ([]byte, error) {
	type entry struct{ Branch, Href string }
	data := struct {
		Default string
		Kiosks  []entry
	}{Default: relPath("/index.html", exportFile(kioskHome(cfg.Default.Key)))}
	for _, ks := range cfg.Kiosks {
		data.Kiosks = append(data.Kiosks, entry{Branch: ks.Branch, Href: relPath("/index.html", exportFile(kioskHome(ks.Key)))})
	}
	var buf bytes.Buffer
	if err := bundleIndexTemplate.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
