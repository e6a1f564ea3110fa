package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/i18n"
	"github.com/outreach-project/outreach/internal/locale"
)

type policyRow struct {
	Language, Name, Source string
	Steps                  []string
}

type policiesPage struct {
	coordPage
	Rows []policyRow
}

// policyStep is one row of the policy form.
type policyStep struct {
	N       int // 1-based
	Targets []option
	Timeout string
}

type policyPage struct {
	coordPage
	Language  string
	Inherited string // the policy shown comes from this one
	Steps     []policyStep
	Min       int
}

// policyFormRows is how many step rows the form offers.
const policyFormRows = 6

// staffPolicies lists the escalation policy that applies to each language interpreters
// speak, and the default.
func (s *Server) staffPolicies(c echo.Context) error {
	ctx, u := c.Request().Context(), actor(c)
	interpreters, err := s.Dispatch.Interpreters(ctx, u)
	if err != nil {
		return err
	}
	p, ui := s.newCoordPage(c, "CoordPoliciesTitle")
	data := policiesPage{coordPage: p}
	langs := []option{{Value: dispatch.DefaultPolicyLanguage, Label: ui.T("CoordPolicyDefault")}}
	langs = append(langs, rotationLanguages(p.Locale, interpreters)...)
	tags := make([]string, len(langs))
	for i, l := range langs {
		tags[i] = l.Value
	}
	policies, err := s.Dispatch.Policies(ctx, u, tags)
	if err != nil {
		return err
	}
	for n, l := range langs {
		pol := policies[n]
		row := policyRow{Language: l.Value, Name: l.Label, Source: s.policySource(ui, p.Locale, l.Value, pol)}
		for i, st := range pol.Steps {
			row.Steps = append(row.Steps, ui.T("CoordStepOf", "Step", i+1, "Steps", len(pol.Steps))+": "+targetList(ui, st.Targets)+
				" · "+duration(ui, secondsOf(st.TimeoutSeconds)))
		}
		data.Rows = append(data.Rows, row)
	}
	return s.renderStaff(c, http.StatusOK, "staff-policies", data, p.Locale)
}

// policySource says where a language's policy comes from: its own, another's, or the
// built-in one.
func (s *Server) policySource(ui *i18n.Localizer, l *locale.Locale, language string, p *dispatch.Policy) string {
	switch {
	case p.Language == language:
		return ui.T("CoordPolicyOwn")
	case p.Language == dispatch.DefaultPolicyLanguage:
		return ui.T("CoordPolicyFromDefault")
	}
	return ui.T("CoordPolicyFrom", "Language", languageLabel(l, p.Language))
}

func (s *Server) staffPolicy(c echo.Context) error {
	language := policyLanguage(c)
	pol, err := s.Dispatch.Policy(c.Request().Context(), actor(c), language)
	if err != nil {
		return err
	}
	var timeouts []string
	var targets [][]dispatch.Target
	for _, st := range pol.Steps {
		timeouts, targets = append(timeouts, strconv.Itoa(st.TimeoutSeconds)), append(targets, st.Targets)
	}
	return s.showPolicy(c, language, pol, timeouts, targets, nil)
}

func (s *Server) staffPolicySave(c echo.Context) error {
	language := policyLanguage(c)
	var timeouts []string
	var targets [][]dispatch.Target
	params, _ := c.FormParams()
	for n := 1; n <= policyFormRows; n++ {
		var ts []dispatch.Target
		for _, t := range params[fmt.Sprintf("step-%d-targets", n)] {
			ts = append(ts, dispatch.Target(t))
		}
		timeouts, targets = append(timeouts, strings.TrimSpace(params.Get(fmt.Sprintf("step-%d-timeout", n)))), append(targets, ts)
	}
	pol, rows, err := policyOf(language, timeouts, targets)
	if err == nil {
		err = s.Dispatch.PutPolicy(c.Request().Context(), actor(c), pol)
	}
	if err == nil {
		return s.flashRedirect(c, "CoordPolicySaved", "/staff/policies/"+url.PathEscape(language))
	}
	ui := s.UI.For(s.staffLocale(c, actor(c)).ID)
	fe, err := asFormError(err, ui, policyLabels(ui, rows))
	if err != nil {
		return err
	}
	var k int
	if _, serr := fmt.Sscanf(fe.Field, "steps[%d].timeout_seconds", &k); serr == nil && k < len(rows) {
		fe.Field = fmt.Sprintf("step-%d-timeout", rows[k])
	}
	return s.showPolicy(c, language, nil, timeouts, targets, fe)
}

// policyOf builds a policy from the form's rows, leaving out empty ones; rows[i] is the
// form row (1-based) of step i, so that an error names the row the reader sees.
func policyOf(language string, timeouts []string, targets [][]dispatch.Target) (*dispatch.Policy, []int, error) {
	p := &dispatch.Policy{Language: language}
	var rows []int
	for i := range timeouts {
		if timeouts[i] == "" && len(targets[i]) == 0 {
			continue
		}
		rows = append(rows, i+1)
		secs, err := strconv.Atoi(timeouts[i])
		if err != nil {
			return nil, rows, errBadParam(fmt.Sprintf("steps[%d].timeout_seconds", len(p.Steps)))
		}
		p.Steps = append(p.Steps, dispatch.Step{Targets: targets[i], TimeoutSeconds: secs})
	}
	return p, rows, nil
}

func policyLabels(ui *i18n.Localizer, rows []int) map[string]string {
	labels := map[string]string{"steps": ui.T("CoordSteps"), "language": ui.T("FieldLanguage")}
	for i, n := range rows {
		labels[fmt.Sprintf("steps[%d].targets", i)] = ui.T("CoordStepTargets", "Step", n)
		labels[fmt.Sprintf("steps[%d].timeout_seconds", i)] = ui.T("CoordStepTimeout", "Step", n)
	}
	return labels
}

func (s *Server) showPolicy(c echo.Context, language string, pol *dispatch.Policy, timeouts []string, targets [][]dispatch.Target, fe *formError) error {
	p, ui := s.newCoordPage(c, "CoordPoliciesTitle")
	p.Err = fe
	name := ui.T("CoordPolicyDefault")
	if language != dispatch.DefaultPolicyLanguage {
		name = languageLabel(p.Locale, language)
	}
	p.Title = ui.T("CoordPolicyFor", "Language", name)
	data := policyPage{coordPage: p, Language: language, Min: dispatch.MinStepTimeout}
	if pol != nil && pol.Language != language {
		data.Inherited = s.policySource(ui, p.Locale, language, pol)
	}
	for n := 1; n <= policyFormRows; n++ {
		st := policyStep{N: n}
		if n <= len(timeouts) {
			st.Timeout = timeouts[n-1]
		}
		for _, t := range dispatch.Targets {
			st.Targets = append(st.Targets, option{Value: string(t), Label: ui.T("CoordTarget_" + string(t)),
				Selected: n <= len(targets) && contains(targets[n-1], t)})
		}
		data.Steps = append(data.Steps, st)
	}
	return s.renderStaff(c, formStatus(fe), "staff-policy", data, p.Locale)
}

func targetList(ui *i18n.Localizer, ts []dispatch.Target) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = ui.T("CoordTarget_" + string(t))
	}
	return strings.Join(names, ", ")
}
