package dispatch

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/schedule"
)

func TestStepsAround(t *testing.T) {
	p := &Policy{Steps: []Step{
		{Targets: []Target{TargetPrimary}, TimeoutSeconds: 60},
		{Targets: []Target{TargetSecondary, TargetCoordinator}, TimeoutSeconds: 60},
	}}
	tests := []struct {
		name          string
		step          int
		current, next []Target
		fallback      bool
	}{
		{"before the first", 0, nil, []Target{TargetPrimary}, false},
		{"first", 1, []Target{TargetPrimary}, []Target{TargetSecondary, TargetCoordinator}, false},
		{"last", 2, []Target{TargetSecondary, TargetCoordinator}, nil, true},
		{"past the end", 3, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			current, next, fallback := stepsAround(p, tt.step)
			if diff := cmp.Diff(tt.current, current); diff != "" {
				t.Fatalf("current (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.next, next); diff != "" {
				t.Fatalf("next (-want +got):\n%s", diff)
			}
			if fallback != tt.fallback {
				t.Fatalf("fallback=%v, want %v", fallback, tt.fallback)
			}
		})
	}
}

func TestSupplies(t *testing.T) {
	at := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	interpreters := []*Interpreter{
		{ID: 1, Languages: []string{"ar", "fa"}, Active: true},
		{ID: 2, Languages: []string{"ar"}, Active: true},
		{ID: 3, Languages: []string{"so"}, Active: false}, // inactive: no Somali at all
		{ID: 4, Languages: []string{"AR"}, Active: true},  // canonicalised
	}
	shifts := []schedule.Shift{
		{InterpreterID: 2, Language: "ar", Level: schedule.Primary, StartsAt: at.Add(-time.Hour), EndsAt: at.Add(time.Hour)},
		{InterpreterID: 1, Language: "ar", Level: schedule.Secondary, StartsAt: at.Add(-time.Hour), EndsAt: at.Add(time.Hour)},
		{InterpreterID: 1, Language: "fa", Level: schedule.Primary, StartsAt: at.Add(time.Hour), EndsAt: at.Add(2 * time.Hour)}, // later
	}
	got := supplies(interpreters, nil, shifts, time.UTC, at)
	want := []Supply{{Language: "ar", Interpreters: 3, OnCall: 2}, {Language: "fa", Interpreters: 1, OnCall: 0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("supplies (-want +got):\n%s", diff)
	}
}
