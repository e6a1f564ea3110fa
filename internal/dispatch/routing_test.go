package dispatch

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCandidates(t *testing.T) {
	d := &Date{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	early, late := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	attester := int64(99)
	mk := func(id int64, langs []string, mods []Modality, vetted bool, last *time.Time) *Interpreter {
		i := &Interpreter{ID: id, Languages: langs, Modalities: mods, Active: true, Gender: "female", LastAssignedAt: last}
		if vetted {
			i.BackgroundCheckOn, i.DVTrainingOn, i.VettingAttestedBy = d, d, &attester
		}
		return i
	}
	typedIn := mk(11, []string{"ar"}, []Modality{Phone}, false, nil) // vetting dates nobody attested
	typedIn.BackgroundCheckOn, typedIn.DVTrainingOn = d, d
	phone := []Modality{Phone}
	rs := &roster{
		interpreters: []*Interpreter{
			mk(1, []string{"ar"}, phone, true, &late),
			mk(2, []string{"ar-SD"}, phone, true, nil),
			mk(3, []string{"ar"}, phone, true, &early),
			mk(4, []string{"ar"}, []Modality{Video}, true, nil), // wrong modality
			mk(5, []string{"fa"}, phone, true, nil),             // wrong language
			mk(6, []string{"ar"}, phone, false, nil),            // not vetted
			mk(7, []string{"ar"}, phone, true, nil),             // busy
			mk(8, []string{"ar"}, phone, true, nil),             // excluded
			mk(9, []string{"ar"}, phone, true, nil),             // refused
			mk(10, []string{"ar"}, phone, true, &late),          // secondary
			typedIn,
		},
		primary:   map[int64]bool{3: true},
		secondary: map[int64]bool{10: true},
		busy:      map[int64]bool{7: true},
		refused:   map[int64]bool{9: true},
	}
	rs.interpreters[0].Active = true
	scheduled := &Request{Language: "ar-SD", Modality: Phone, Urgency: Scheduled, Confidential: true, Exclusions: []int64{8}}
	ids := func(is []*Interpreter) []int64 {
		var out []int64
		for _, i := range is {
			out = append(out, i.ID)
		}
		return out
	}
	// Primary, secondary, then never assigned, then least recently assigned; vetting dates
	// nobody attested do not count for a confidential request, and do not matter for
	// others.
	if typedIn.Vetted() {
		t.Fatalf("dates without an attestation count as vetted")
	}
	if ordinary := (&Request{Language: "ar", Modality: Phone, Urgency: Scheduled}); !rs.qualifies(ordinary, typedIn) {
		t.Fatalf("an unattested interpreter was refused an ordinary request")
	}
	if diff := cmp.Diff([]int64{3, 10, 2, 1}, ids(rs.candidates(scheduled, []Target{TargetAllQualified}))); diff != "" {
		t.Fatalf("all qualified (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{3}, ids(rs.candidates(scheduled, []Target{TargetPrimary}))); diff != "" {
		t.Fatalf("primary (-want +got):\n%s", diff)
	}
	// Urgent requests reach only people on call.
	urgent := &Request{Language: "ar", Modality: Phone, Urgency: Now}
	if diff := cmp.Diff([]int64{3, 10}, ids(rs.candidates(urgent, []Target{TargetAllQualified}))); diff != "" {
		t.Fatalf("urgent (-want +got):\n%s", diff)
	}
	// A gender preference filters.
	male := &Request{Language: "ar", Modality: Phone, Urgency: Scheduled, GenderPreference: "male"}
	if got := rs.candidates(male, []Target{TargetAllQualified}); len(got) != 0 {
		t.Fatalf("gender preference male: %v, want none", ids(got))
	}
	// Coordinator-only steps offer to no interpreter.
	if got := rs.candidates(scheduled, []Target{TargetCoordinator}); len(got) != 0 {
		t.Fatalf("coordinator step offered to %v", ids(got))
	}
	rs.interpreters[0].Active = false
	if got := ids(rs.candidates(scheduled, []Target{TargetAllQualified})); cmp.Equal(got, []int64{3, 10, 2, 1}) {
		t.Fatalf("inactive interpreter still offered")
	}
}
