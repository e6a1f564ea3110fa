package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/outreach-project/outreach/internal/apperr"
)

func TestCodeAndKey(t *testing.T) {
	base := apperr.New(apperr.Conflict, "AlreadyFilled", "request %d filled", 7)
	wrapped := fmt.Errorf("dispatch: accept: %w", base)
	if got := apperr.CodeOf(wrapped); got != apperr.Conflict {
		t.Fatalf("CodeOf=%v, want %v", got, apperr.Conflict)
	}
	if got := apperr.KeyOf(wrapped); got != "AlreadyFilled" {
		t.Fatalf("KeyOf=%v, want AlreadyFilled", got)
	}
	if got := apperr.CodeOf(errors.New("disk on fire")); got != apperr.Internal {
		t.Fatalf("CodeOf(plain)=%v, want internal", got)
	}
	cause := errors.New("cause")
	e := &apperr.Error{Code: apperr.Internal, Detail: "load", Err: cause}
	if !errors.Is(e, cause) || e.Error() != "internal: load: cause" {
		t.Fatalf("Error()=%q Is(cause)=%v", e.Error(), errors.Is(e, cause))
	}
}
