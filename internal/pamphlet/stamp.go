package pamphlet

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Stamp returns the text of a translation file with its front matter recording that
// the translation was brought up to date with source revision rev: source_revision is
// set to rev. With reviewed, status becomes "reviewed" and checked the date of day.
// Every other line is kept as it was. The result is checked as Load would check it.
func Stamp(data []byte, rev int, reviewed bool, day time.Time) ([]byte, error) {
	if _, problem := parseDocument(data, false); problem != nil {
		return nil, fmt.Errorf("%d: %s", problem.Line, problem.Reason)
	}
	lines := strings.SplitAfter(string(data), "\n")
	end := 1
	for strings.TrimSpace(lines[end]) != fence {
		end++
	}
	set := []struct{ key, value string }{{"source_revision", strconv.Itoa(rev)}}
	if reviewed {
		set = append(set, struct{ key, value string }{"status", strconv.Quote(string(StatusReviewed))},
			struct{ key, value string }{"checked", day.Format(time.DateOnly)})
	}
	for _, kv := range set {
		lines, end = setKey(lines, 1, end, kv.key, kv.value)
	}
	out := []byte(strings.Join(lines, ""))
	if _, problem := parseDocument(out, false); problem != nil {
		return nil, fmt.Errorf("%d: %s", problem.Line, problem.Reason)
	}
	return out, nil
}

// setKey replaces the line that assigns key among lines[from:end] (the front matter),
// or adds one before the closing fence, and returns the lines and the fence's index.
func setKey(lines []string, from, end int, key, value string) ([]string, int) {
	assignment := key + " = " + value + "\n"
	for i := from; i < end; i++ {
		if k, _, ok := strings.Cut(lines[i], "="); ok && strings.TrimSpace(k) == key {
			lines[i] = assignment
			return lines, end
		}
	}
	lines = append(lines[:end], append([]string{assignment}, lines[end:]...)...)
	return lines, end + 1
}
