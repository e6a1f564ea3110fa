package dispatch

import (
	"fmt"
	"strings"

	"github.com/outreach-project/outreach/internal/locale"
)

// Limits on a policy.
const (
	MinStepTimeout = 15
	maxStepTimeout = 24 * 60 * 60
	maxSteps       = 10
)

// Targets lists every escalation target.
var Targets = []Target{TargetPrimary, TargetSecondary, TargetAllQualified, TargetCoordinator}

// DecodePolicy parses a policy body strictly for language (a BCP 47 tag or "default").
func DecodePolicy(language string, data []byte) (*Policy, error) {
	var p Policy
	if err := decodeStrict(data, &p); err != nil {
		return nil, err
	}
	if p.Language != "" && p.Language != language {
		return nil, invalid("language", "differs from the address")
	}
	p.Language = language
	return &p, p.Normalize()
}

// Normalize validates the policy: 1 to 10 steps, each with known, distinct targets and
// a timeout of at least 15 seconds.
func (p *Policy) Normalize() error {
	if p.Language != DefaultPolicyLanguage {
		c, err := locale.Canonical(strings.TrimSpace(p.Language))
		if err != nil {
			return invalid("language", "%q is not a language tag or \"default\"", p.Language)
		}
		p.Language = c
	}
	if len(p.Steps) == 0 {
		return required("steps")
	}
	if len(p.Steps) > maxSteps {
		return invalid("steps", "at most %d", maxSteps)
	}
	for i, s := range p.Steps {
		field := fmt.Sprintf("steps[%d]", i)
		if len(s.Targets) == 0 {
			return required(field + ".targets")
		}
		seen := map[Target]bool{}
		for _, t := range s.Targets {
			if !oneOf(t, Targets) {
				return invalid(field+".targets", "want %s", list(Targets))
			}
			if seen[t] {
				return invalid(field+".targets", "%s twice", t)
			}
			seen[t] = true
		}
		if s.TimeoutSeconds < MinStepTimeout || s.TimeoutSeconds > maxStepTimeout {
			return invalid(field+".timeout_seconds", "must be %d to %d", MinStepTimeout, maxStepTimeout)
		}
	}
	return nil
}
