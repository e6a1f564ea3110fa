package dispatch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/outreach-project/outreach/internal/apperr"
)

// Message keys of input errors; each is in every locales/<locale>.toml.
const (
	KeyInvalidJSON   = "ErrInvalidJSON"
	KeyUnknownField  = "ErrUnknownField"
	KeyInvalidField  = "ErrInvalidField"
	KeyRequiredField = "ErrRequiredField"
	// KeyUnknownFieldUnnamed reports an unknown field without naming it: its name is the
	// client's text, and answers never echo what a client sent.
	KeyUnknownFieldUnnamed = "ErrUnknownFieldUnnamed"
	// KeyLocationOnlyInPerson: a location was sent for a phone or video request.
	KeyLocationOnlyInPerson = "ErrLocationOnlyInPerson"
)

// decodeStrict decodes one JSON object into v, rejecting duplicate keys, unknown fields,
// trailing data and type mismatches. A known field at fault is named; an unknown one is
// not (its name is the client's text), only its position.
func decodeStrict(data []byte, v any) error {
	if err := RejectDuplicateKeys(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, dec.InputOffset())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &apperr.Error{Code: apperr.Invalid, Key: KeyInvalidJSON, Detail: "trailing data after the JSON object"}
	}
	return nil
}

func jsonError(err error, offset int64) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return apperr.InvalidField(typeErr.Field, KeyInvalidField, "want %s, got %s", typeErr.Type, typeErr.Value)
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &apperr.Error{Code: apperr.Invalid, Key: KeyInvalidJSON, Detail: err.Error()}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return &apperr.Error{Code: apperr.Invalid, Key: KeyUnknownFieldUnnamed, Detail: fmt.Sprintf("unknown field before byte %d", offset)}
	}
	// Errors from our own UnmarshalJSON methods (dates, times) do not name the field.
	return &apperr.Error{Code: apperr.Invalid, Key: KeyInvalidJSON, Detail: err.Error()}
}

func required(field string) error {
	return apperr.InvalidField(field, KeyRequiredField, "required")
}

func invalid(field, format string, args ...any) error {
	return apperr.InvalidField(field, KeyInvalidField, format, args...)
}

func oneOf[T ~string](v T, allowed []T) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

func list[T ~string](allowed []T) string {
	parts := make([]string, len(allowed))
	for i, a := range allowed {
		parts[i] = string(a)
	}
	return strings.Join(parts, ", ")
}

// maxText bounds free-text fields.
const (
	maxNotes    = 2000
	maxLocation = 500
	maxShort    = 100
)

func checkText(field, s string, max int) error {
	if len(s) > max {
		return invalid(field, "at most %d bytes", max)
	}
	if strings.ContainsRune(s, 0) {
		return invalid(field, "contains a NUL byte")
	}
	return nil
}

// DecodeStrict decodes one JSON object into v as the request decoders do: unknown fields
// and wrong types are errors that name the field.
func DecodeStrict(data []byte, v any) error { return decodeStrict(data, v) }

// KeyDuplicateKey is the error for a JSON object that names one key twice.
const KeyDuplicateKey = "ErrDuplicateKey"

// RejectDuplicateKeys fails on a JSON document in which an object has one key twice:
// encoding/json would keep the last silently, and two readers of one body could then
// disagree about what it says. The key is not named (it is the client's text); its
// position is, in the detail.
func RejectDuplicateKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next token in an object is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return nil // syntax errors are the decoder's to report
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.key {
			if k, ok := tok.(string); ok {
				if top.keys[k] {
					return &apperr.Error{Code: apperr.Invalid, Key: KeyDuplicateKey, Detail: fmt.Sprintf("duplicate key before byte %d", dec.InputOffset())}
				}
				top.keys[k] = true
				top.key = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			if top != nil && top.object {
				top.key = true
			}
			stack = append(stack, &frame{object: true, keys: map[string]bool{}, key: true})
			continue
		case json.Delim('['):
			if top != nil && top.object {
				top.key = true
			}
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			continue
		}
		if top != nil && top.object {
			top.key = true // a value was read; a key comes next
		}
	}
}
