package kiosk

import (
	"strings"

	"github.com/BurntSushi/toml"
)

// The TOML decoder reports positions for syntax errors only, so the lines of settings
// that parse but break a rule are found here, in the text.

// fieldLine is the line that sets field in the table-th [[kiosk]] table (table -1: the
// top level, before any table). Without such a line it is the table's header line.
func fieldLine(data []byte, table int, field string) int {
	header, current := 0, -1
	for n, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			current++
			if current == table {
				header = n + 1
			}
			continue
		}
		if current == table && assigns(t, field) {
			return n + 1
		}
	}
	return header
}

// keyLine is the line of an unknown key the decoder left undecoded: kiosk.N.field or a
// top-level field. Array-of-table indexes are not part of a toml.Key, so the first
// table that sets the field is taken.
func keyLine(data []byte, k toml.Key) int {
	field := k[len(k)-1]
	if len(k) == 1 {
		return fieldLine(data, -1, field)
	}
	for n, line := range strings.Split(string(data), "\n") {
		if assigns(strings.TrimSpace(line), field) {
			return n + 1
		}
	}
	return 0
}

func assigns(line, field string) bool {
	rest, ok := strings.CutPrefix(line, field)
	return ok && strings.HasPrefix(strings.TrimSpace(rest), "=")
}
