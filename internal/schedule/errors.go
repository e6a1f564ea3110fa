package schedule

import (
	"fmt"
	"strings"
)

// FieldError is one invalid value in a rotation or shift, named by its JSON path
// ("slots[2].start").
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// FieldErrors is every invalid value found in one rotation or shift, in field order.
// As an error it joins them with "; ".
type FieldErrors []*FieldError

func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// add records a problem with field.
func (es *FieldErrors) add(field, format string, args ...any) {
	*es = append(*es, &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

// err returns es as an error, or nil when it is empty, so that a nil FieldErrors is
// never returned as a non-nil error interface.
func (es FieldErrors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
