package dispatch

import (
	"strings"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/locale"
)

// InterpreterInput creates or replaces an interpreter's profile.
type InterpreterInput struct {
	Name              string     `json:"name"`
	Email             string     `json:"email"`
	Phone             string     `json:"phone,omitempty"` // E.164, for SMS/voice/push through the gateway
	Languages         []string   `json:"languages"`
	Modalities        []Modality `json:"modalities"`
	Gender            string     `json:"gender,omitempty"`
	BackgroundCheckOn *Date      `json:"background_check_on,omitempty"`
	DVTrainingOn      *Date      `json:"dv_training_on,omitempty"`
	Active            *bool      `json:"active,omitempty"`
	PreferredLocale   string     `json:"preferred_locale,omitempty"`
}

const maxLanguages = 20

// DecodeInterpreter parses an interpreter body strictly.
func DecodeInterpreter(data []byte) (InterpreterInput, error) {
	var in InterpreterInput
	if err := decodeStrict(data, &in); err != nil {
		return InterpreterInput{}, err
	}
	return in, nil
}

// Normalize validates the input into an interpreter (active unless said otherwise).
func (in InterpreterInput) Normalize() (*Interpreter, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return nil, required("name")
	}
	if err := checkText("name", name, maxShort); err != nil {
		return nil, err
	}
	if in.Email == "" {
		return nil, required("email")
	}
	email, err := auth.NormalizeEmail(in.Email)
	if err != nil {
		return nil, invalid("email", "not an email address")
	}
	langs, err := normalizeLanguages(in.Languages)
	if err != nil {
		return nil, err
	}
	if len(in.Modalities) == 0 {
		return nil, required("modalities")
	}
	for _, m := range in.Modalities {
		if !oneOf(m, Modalities) {
			return nil, invalid("modalities", "want %s", list(Modalities))
		}
	}
	phone, err := normalizePhone(in.Phone)
	if err != nil {
		return nil, err
	}
	if err := checkText("gender", in.Gender, maxShort); err != nil {
		return nil, err
	}
	pref := strings.TrimSpace(in.PreferredLocale)
	if pref != "" {
		if pref, err = locale.Canonical(pref); err != nil {
			return nil, invalid("preferred_locale", "not a language tag")
		}
	}
	active := in.Active == nil || *in.Active
	return &Interpreter{
		Name: name, Email: email, Phone: phone, Languages: langs, Modalities: dedupeModalities(in.Modalities),
		Gender: strings.ToLower(strings.TrimSpace(in.Gender)), BackgroundCheckOn: in.BackgroundCheckOn,
		DVTrainingOn: in.DVTrainingOn, Active: active, PreferredLocale: pref,
	}, nil
}

func normalizeLanguages(tags []string) ([]string, error) {
	if len(tags) == 0 {
		return nil, required("languages")
	}
	if len(tags) > maxLanguages {
		return nil, invalid("languages", "at most %d", maxLanguages)
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range tags {
		c, err := locale.Canonical(strings.TrimSpace(t))
		if err != nil || t == "" {
			return nil, invalid("languages", "%q is not a BCP 47 language tag", t)
		}
		if strings.EqualFold(strings.TrimSpace(t), "prs") {
			c = "prs" // Dari keeps its own code so that people recognise it
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out, nil
}

func dedupeModalities(ms []Modality) []Modality {
	var out []Modality
	for _, m := range Modalities {
		if oneOf(m, ms) {
			out = append(out, m)
		}
	}
	return out
}

// normalizePhone accepts an E.164 number, with spaces, dots or hyphens between digits.
func normalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", invalid("phone", "not a phone number")
		}
	}
	p := b.String()
	if !strings.HasPrefix(p, "+") || len(p) < 9 || len(p) > 16 {
		return "", invalid("phone", "want an international number such as +14165550123")
	}
	return p, nil
}
