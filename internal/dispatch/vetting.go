package dispatch

import (
	"context"
	"fmt"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
)

// KeyTwoPersonRule is the refusal of a coordinator attesting vetting for an interpreter
// account they created themselves while the two-person rule is on.
const KeyTwoPersonRule = "ErrTwoPersonRule"

// VettingRecord is one change of an interpreter's vetting: the dates, who recorded
// them, and whether that person attested them (a coordinator's own recruit under the
// two-person rule is recorded but not attested until someone else attests).
type VettingRecord struct {
	InterpreterID     int64     `json:"interpreter_id"`
	BackgroundCheckOn *Date     `json:"background_check_on,omitempty"`
	DVTrainingOn      *Date     `json:"dv_training_on,omitempty"`
	RecordedBy        int64     `json:"recorded_by"`
	Attested          bool      `json:"attested"`
	At                time.Time `json:"at"`
}

// VettingInput is an attestation of an interpreter's vetting dates (nil clears one).
type VettingInput struct {
	BackgroundCheckOn *Date `json:"background_check_on"`
	DVTrainingOn      *Date `json:"dv_training_on"`
}

// DecodeVetting parses a vetting body strictly.
func DecodeVetting(data []byte) (VettingInput, error) {
	var in VettingInput
	if err := decodeStrict(data, &in); err != nil {
		return VettingInput{}, err
	}
	return in, nil
}

// mayAttest says whether actor may attest i's vetting: under the two-person rule,
// nobody attests for an interpreter account they created themselves.
func (s *Service) mayAttest(actor *auth.User, i *Interpreter) bool {
	return !s.deps.VettingTwoPersonRule || i.CreatedBy != actor.ID
}

// recordVetting writes dates for i as recorded by actor, attested when actor may.
func (s *Service) recordVetting(ctx context.Context, tx Tx, actor *auth.User, i *Interpreter, bg, dv *Date) error {
	v := &VettingRecord{InterpreterID: i.ID, BackgroundCheckOn: bg, DVTrainingOn: dv, RecordedBy: actor.ID, Attested: s.mayAttest(actor, i), At: s.now()}
	if err := tx.SetVetting(ctx, v); err != nil {
		return err
	}
	i.BackgroundCheckOn, i.DVTrainingOn, i.VettingAttestedBy, i.VettingAttestedAt = bg, dv, nil, nil
	if v.Attested {
		i.VettingAttestedBy, i.VettingAttestedAt = &actor.ID, &v.At
	}
	detail := fmt.Sprintf("background check %s, DV training %s, ", dateOrNone(bg), dateOrNone(dv))
	if v.Attested {
		detail += "attested"
	} else {
		detail += "recorded, not attested (two-person rule)"
	}
	return tx.Audit(ctx, audit.Event{At: v.At, ActorID: actor.ID, Action: audit.VettingRecorded, Subject: fmt.Sprintf("interpreter:%d", i.ID), Detail: detail})
}

func dateOrNone(d *Date) string {
	if d == nil {
		return "none"
	}
	return d.String()
}

// AttestVetting records an interpreter's vetting dates as attested by actor, a
// coordinator or admin. Under the two-person rule (a site setting) nobody attests for an
// interpreter account they created: another coordinator or an admin must. Audited.
func (s *Service) AttestVetting(ctx context.Context, actor *auth.User, interpreterID int64, in VettingInput) (*Interpreter, error) {
	if err := allow(actor, auth.Coordinator, auth.Admin); err != nil {
		return nil, err
	}
	var i *Interpreter
	err := s.deps.Store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if i, err = tx.GetInterpreter(ctx, interpreterID); err != nil {
			return err
		}
		if !s.mayAttest(actor, i) {
			return apperr.New(apperr.Forbidden, KeyTwoPersonRule, "two-person rule: the creator may not attest")
		}
		return s.recordVetting(ctx, tx, actor, i, in.BackgroundCheckOn, in.DVTrainingOn)
	})
	return i, err
}

// VettingHistory lists every vetting change, newest first: admins only.
func (s *Service) VettingHistory(ctx context.Context, actor *auth.User) ([]*VettingRecord, error) {
	if err := allow(actor, auth.Admin); err != nil {
		return nil, err
	}
	var out []*VettingRecord
	err := s.deps.Store.InReadTx(ctx, func(ctx context.Context, tx ReadTx) error {
		var err error
		out, err = tx.VettingHistory(ctx)
		return err
	})
	return out, err
}
