package public

import (
	"path"
	"regexp"
	"strings"
)

// linkMode says how kiosk pages link to each other: by the server's absolute paths, or
// by relative file names for the static bundle that runs from a folder (file:// has no
// index.html for a directory and no root to start a path from).
type linkMode int

const (
	serverLinks linkMode = iota
	fileLinks
)

// href is the link from the page at URL path from to the URL path to.
func (m linkMode) href(from, to string) string {
	if m == serverLinks {
		return to
	}
	return relPath(exportFile(from), exportFile(to))
}

// exportFile is the bundle file that holds URL path p: "/kiosk/a/" is
// "/kiosk/a/index.html", "/kiosk/a/en/calling-police" is "….html", and files with an
// extension keep their name.
func exportFile(p string) string {
	switch {
	case strings.HasSuffix(p, "/"):
		return p + "index.html"
	case path.Ext(path.Base(p)) == "":
		return p + ".html"
	}
	return p
}

// relPath is the relative URL from a document at from to to, both absolute paths.
func relPath(from, to string) string {
	fromDir := splitPath(from[:strings.LastIndex(from, "/")+1])
	parts := strings.Split(strings.TrimPrefix(to, "/"), "/")
	common := 0
	for common < len(fromDir) && common < len(parts)-1 && fromDir[common] == parts[common] {
		common++
	}
	rel := strings.Repeat("../", len(fromDir)-common) + strings.Join(parts[common:], "/")
	if rel == "" {
		return "./"
	}
	return rel
}

func splitPath(dir string) []string {
	dir = strings.Trim(dir, "/")
	if dir == "" {
		return nil
	}
	return strings.Split(dir, "/")
}

// anchorTag is an opening <a> tag as goldmark writes it: attribute values are escaped,
// so a ">" cannot occur inside one.
var anchorTag = regexp.MustCompile(`<a\s[^>]*>`)

// neutraliseLinks turns every link of a rendered pamphlet body into plain text: a kiosk
// leads nowhere outside itself, and a tap-to-call link cannot call from a kiosk. Phone
// numbers stay marked left to right.
func neutraliseLinks(body string) string {
	body = anchorTag.ReplaceAllStringFunc(body, func(tag string) string {
		if strings.Contains(tag, `class="tel"`) {
			return `<span class="tel" dir="ltr">`
		}
		return `<span class="link">`
	})
	return strings.ReplaceAll(body, "</a>", "</span>")
}
