package pamphlet

import (
	"regexp"
	"testing"
)

// The placeholder syntax as regular expressions: the scanner must agree with them.
var (
	placeholderPattern = regexp.MustCompile(`\{\{(.*?)\}\}`)
	placeholderInner   = regexp.MustCompile(`^\s*([a-z]+)\.([a-z0-9_]+)\s*$`)
)

func TestPlaceholderScannerMatchesSyntax(t *testing.T) {
	lines := []string{
		"", "no braces", "{{phone.emergency}}", "Call {{ phone.emergency }} now, or {{web.police}}.",
		"{{phone.emergency", "phone.emergency}}", "{{}}", "{{.}}", "{{a.}}", "{{.b}}", "{{a.b.c}}",
		"{{A.b}}", "{{a.B}}", "{{a.b_2}}", "{{a1.b}}", "{{\ta.b\f}}", "{{{phone.x}}}", "{{ {{phone.x}}",
		"}}{{site.name}}{{", "{{a.b}}}}{{", "{ {a.b} }", "{{a . b}}", "{{ا.ب}}", "{{a.b}}{{c.d}}{{e.f",
	}
	for _, line := range lines {
		var want [][2]string // each match: inner, then "ns.key" or "malformed"
		for _, m := range placeholderPattern.FindAllStringSubmatch(line, -1) {
			parsed := "malformed"
			if p := placeholderInner.FindStringSubmatch(m[1]); p != nil {
				parsed = p[1] + "." + p[2]
			}
			want = append(want, [2]string{m[1], parsed})
		}
		wantLeft := placeholderPattern.ReplaceAllString(line, "")
		var got [][2]string
		left := ""
		for rest := line; ; {
			start, end, inner, ok := nextPlaceholder(rest)
			if !ok {
				left += rest
				break
			}
			parsed := "malformed"
			if ns, key, ok := parsePlaceholder(inner); ok {
				parsed = ns + "." + key
			}
			got = append(got, [2]string{inner, parsed})
			left += rest[:start]
			rest = rest[end:]
		}
		if len(got) != len(want) || left != wantLeft {
			t.Fatalf("%q: matches=%q left=%q, want %q left=%q", line, got, left, want, wantLeft)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: match %d=%q, want %q", line, i, got[i], want[i])
			}
		}
	}
}
