package pamphlet

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// Topic groups pamphlets on the index page.
type Topic string

// The topics, in the order the index lists them.
const (
	TopicServices      Topic = "services"
	TopicVictimSupport Topic = "victim-support"
	TopicPrevention    Topic = "prevention"
	TopicSafety        Topic = "safety"
)

// Topics lists every topic in index order.
var Topics = []Topic{TopicServices, TopicVictimSupport, TopicPrevention, TopicSafety}

func (t Topic) valid() bool {
	for _, v := range Topics {
		if t == v {
			return true
		}
	}
	return false
}

// Status says whether a person has checked a text.
type Status string

// Review statuses.
const (
	StatusMachine  Status = "machine"  // written by machine, not yet checked by a person
	StatusReviewed Status = "reviewed" // checked by a person
)

// FrontMatter is the TOML block between the +++ lines at the top of a pamphlet file.
type FrontMatter struct {
	Title          string `toml:"title"`
	Summary        string `toml:"summary"`
	Topic          Topic  `toml:"topic"`
	Order          int    `toml:"order"`
	Status         Status `toml:"status"`
	Revision       int    `toml:"revision"`        // source only
	SourceRevision int    `toml:"source_revision"` // translations only
	Checked        Date   `toml:"-"`               // checked: when its facts or translation were last reviewed (see frontTOML)
}

// Date is a calendar date without a time of day, written in TOML as a local date:
// 2026-11-29, without quotes or a time.
type Date struct{ time.Time }

// frontTOML is the front matter as it is decoded: checked as whatever TOML value it is,
// so that a quoted date or one with a time can be refused rather than read as a date.
type frontTOML struct {
	FrontMatter
	Checked any `toml:"checked"`
}

// dateReason is what is wrong with a checked value that is not a TOML local date.
const dateReason = "must be a date such as 2026-11-29, without quotes or a time"

// fieldKinds is what each field's value must be, for a value of another type.
var fieldKinds = map[string]string{
	"title": "text in quotes", "summary": "text in quotes", "topic": "text in quotes", "status": "text in quotes",
	"order": "a whole number", "revision": "a whole number", "source_revision": "a whole number",
}

const fence = "+++"

// document is a pamphlet file split into its parts.
type document struct {
	Front     FrontMatter
	Body      []byte
	BodyLine  int            // line number of the body's first line
	fieldLine map[string]int // front-matter key -> line
}

// parseDocument splits and decodes a pamphlet file; source says whether it is in the
// source locale. Problems carry line numbers of the file.
func parseDocument(data []byte, source bool) (*document, *Problem) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// The front matter's lines, up to the closing fence; the body is what follows it.
	var front []string
	rest, closed := data, false
	for n := 0; len(rest) > 0; n++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		isFence := string(bytes.TrimSpace(line)) == fence
		if n == 0 {
			if !isFence {
				break
			}
			continue
		}
		if isFence {
			closed = true
			break
		}
		front = append(front, string(line))
	}
	switch {
	case len(data) == 0 || string(bytes.TrimSpace(firstLine(data))) != fence:
		return nil, &Problem{Line: 1, Reason: "missing front matter: the file must start with a +++ line"}
	case !closed:
		return nil, &Problem{Line: 1, Reason: "front matter is not closed: add a +++ line after it"}
	}
	doc := &document{
		Body:      rest,
		BodyLine:  len(front) + 3,
		fieldLine: make(map[string]int),
	}
	for i, l := range front {
		if k, _, ok := strings.Cut(l, "="); ok {
			doc.fieldLine[strings.TrimSpace(k)] = i + 2
		}
	}
	if p := doc.decodeFront(strings.Join(front, "")); p != nil {
		return nil, p
	}
	if key, reason := doc.Front.validate(source); reason != "" {
		return nil, &Problem{Line: doc.line(key), Reason: "front matter: " + reason}
	}
	return doc, nil
}

// decodeFront decodes the front matter's TOML, which starts on the file's second line,
// into d.Front. It uses go-toml rather than BurntSushi/toml, which reads the site, kiosk
// and UI string files: front matter is decoded once a file, 15,000 times for 1,000
// pamphlets in 15 languages, and go-toml decodes it about six times faster with a tenth
// of the allocations (about a seventh of `content check`'s time went to TOML before),
// and gives every error, unknown fields included, its line.
func (d *document) decodeFront(text string) *Problem {
	var f frontTOML
	dec := toml.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var strict *toml.StrictMissingError
		var derr *toml.DecodeError
		switch {
		case errors.As(err, &strict) && len(strict.Errors) > 0:
			e := strict.Errors[0]
			row, _ := e.Position()
			return &Problem{Line: row + 1, Reason: fmt.Sprintf("front matter: unknown field %q", strings.Join(e.Key(), "."))}
		case errors.As(err, &derr):
			row, _ := derr.Position()
			reason := strings.TrimPrefix(derr.Error(), "toml: ")
			if k := derr.Key(); len(k) == 1 && strings.HasPrefix(reason, "cannot decode") {
				if kind, ok := fieldKinds[k[0]]; ok {
					reason = k[0] + " must be " + kind // not the library's Go type names
				}
			}
			return &Problem{Line: row + 1, Reason: "front matter: " + reason}
		}
		return &Problem{Line: 2, Reason: "front matter: " + strings.TrimPrefix(err.Error(), "toml: ")}
	}
	d.Front = f.FrontMatter
	switch c := f.Checked.(type) {
	case nil:
	case toml.LocalDate:
		d.Front.Checked = Date{c.AsTime(time.UTC)}
	default:
		return &Problem{Line: d.line("checked"), Reason: "front matter: " + dateReason}
	}
	return nil
}

// firstLine is data up to its first newline, that included.
func firstLine(data []byte) []byte {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i+1]
	}
	return data
}

func (d *document) line(key string) int {
	if l, ok := d.fieldLine[key]; ok {
		return l
	}
	return 1
}

// validate returns the offending key and the reason, or "" when f is valid.
func (f *FrontMatter) validate(source bool) (key, reason string) {
	switch {
	case strings.TrimSpace(f.Title) == "":
		return "title", "title is required"
	case strings.ContainsAny(f.Title, "\n\r"):
		return "title", "title must be one line"
	case strings.TrimSpace(f.Summary) == "":
		return "summary", "summary is required"
	case f.Topic == "":
		return "topic", "topic is required"
	case !f.Topic.valid():
		return "topic", fmt.Sprintf("topic %q is not one of services, victim-support, prevention, safety", f.Topic)
	case f.Order <= 0:
		return "order", "order is required and must be a positive whole number"
	case f.Status != StatusMachine && f.Status != StatusReviewed:
		return "status", fmt.Sprintf("status %q must be \"machine\" or \"reviewed\"", f.Status)
	case !f.Checked.IsZero() && f.Checked.Year() < 2000:
		return "checked", fmt.Sprintf("checked %s is not a plausible review date", f.Checked.Format(time.DateOnly))
	}
	if source {
		if f.SourceRevision != 0 {
			return "source_revision", "source_revision belongs in translations; the source has revision"
		}
		if f.Revision <= 0 {
			return "revision", "revision is required in the source and must be a positive whole number"
		}
		return "", ""
	}
	if f.Revision != 0 {
		return "revision", "revision belongs in the source; a translation has source_revision"
	}
	if f.SourceRevision <= 0 {
		return "source_revision", "source_revision is required in a translation: the source revision it was made from"
	}
	return "", ""
}
