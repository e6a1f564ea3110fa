// Package outreach embeds the default content and UI strings, so that the binary serves
// useful pamphlets anywhere; a deployment overrides them with --content and --locales.
package outreach

import (
	"embed"
	"io/fs"
)

//go:embed content
var content embed.FS

//go:embed locales
var locales embed.FS

// Content is the default content folder: site.toml and <slug>/<locale>.md files.
func Content() fs.FS { return sub(content, "content") }

// Locales is the default locales folder: <locale>.toml files of UI strings.
func Locales() fs.FS { return sub(locales, "locales") }

func sub(fsys embed.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // unreachable: dir is embedded above
	}
	return s
}
