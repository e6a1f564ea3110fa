package pamphlet

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
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
	Checked        Date   `toml:"checked"`         // when its facts or translation were last reviewed
}

// Date is a calendar date without a time of day, written in TOML as 2026-11-29.
type Date struct{ time.Time }

// UnmarshalTOML accepts a TOML local date only.
func (d *Date) UnmarshalTOML(v any) error {
	t, ok := v.(time.Time)
	if !ok || t.Location().String() != localDateZone {
		return fmt.Errorf("must be a date such as 2026-11-29, without quotes or a time")
	}
	d.Time = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return nil
}

// localDateZone is the zone BurntSushi/toml gives an Unmarshaler for a TOML local date
// (1979-05-27), as opposed to a date with a time.
var localDateZone = func() string {
	var v struct{ D zoneProbe }
	if _, err := toml.Decode("D = 1979-05-27", &v); err != nil {
		panic(err)
	}
	return string(v.D)
}()

type zoneProbe string

func (z *zoneProbe) UnmarshalTOML(v any) error {
	if t, ok := v.(time.Time); ok {
		*z = zoneProbe(t.Location().String())
	}
	return nil
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
	md, err := toml.Decode(strings.Join(front, ""), &doc.Front)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, &Problem{Line: perr.Position.Line + 1, Reason: "front matter: " + perr.Message}
		}
		return nil, &Problem{Line: 2, Reason: "front matter: " + err.Error()}
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		key := undecoded[0].String()
		return nil, &Problem{Line: doc.line(key), Reason: fmt.Sprintf("front matter: unknown field %q", key)}
	}
	if key, reason := doc.Front.validate(source); reason != "" {
		return nil, &Problem{Line: doc.line(key), Reason: "front matter: " + reason}
	}
	return doc, nil
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
