package dispatch

import (
	"bytes"
	"encoding/json"
	"errors"
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
	// KeyLocationOnlyInPerson: a location was sent for a phone or video request.
	KeyLocationOnlyInPerson = "ErrLocationOnlyInPerson"
)

// decodeStrict decodes one JSON object into v, rejecting unknown fields, trailing data
// and type mismatches with an error that names the field.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &apperr.Error{Code: apperr.Invalid, Key: KeyInvalidJSON, Detail: "trailing data after the JSON object"}
	}
	return nil
}

func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return apperr.InvalidField(typeErr.Field, KeyInvalidField, "want %s, got %s", typeErr.Type, typeErr.Value)
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &apperr.Error{Code: apperr.Invalid, Key: KeyInvalidJSON, Detail: err.Error()}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.InvalidField(field, KeyUnknownField, "unknown field")
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
