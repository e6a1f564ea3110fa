package schedule

import "fmt"

// Level is an on-call level.
type Level string

// On-call levels: the secondary is called when the primary does not answer.
const (
	Primary   Level = "primary"
	Secondary Level = "secondary"
)

// ParseLevel returns the level named s, exactly as spelled in JSON ("primary",
// "secondary"), or an error for anything else.
func ParseLevel(s string) (Level, error) {
	switch l := Level(s); l {
	case Primary, Secondary:
		return l, nil
	}
	return "", fmt.Errorf("%q is not a level (primary or secondary)", s)
}
