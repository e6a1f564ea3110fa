package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Actions recorded.
const (
	ReadRequest    = "request.read"   // someone saw a confidential request
	ChangeRequest  = "request.change" // a confidential request changed state
	BreakGlass     = "request.break_glass"
	SignIn         = "auth.sign_in"
	SignInFailed   = "auth.sign_in_failed"
	UserAdded      = "user.add"
	RoleChanged    = "user.role"
	PasswordReset  = "user.password_reset"
	TokenCreated   = "token.create"
	KeyRotated     = "key.rotate"
	FieldsShredded = "request.shred"
	CoverShift     = "shift.cover" // a cover request was asked, taken or withdrawn
)

// Event is one audit record. Seq, PrevHash and Hash are set when it is appended.
type Event struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	ActorID  int64     `json:"actor_id,omitempty"` // 0: the system
	Action   string    `json:"action"`
	Subject  string    `json:"subject,omitempty"` // "request:42", "user:7"
	Detail   string    `json:"detail,omitempty"`  // a fixed phrase or a reason typed for break-glass
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// Genesis is the previous hash of the first event.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Seal sets e's chain fields after prev (nil for the first event).
func Seal(e *Event, prev *Event) {
	e.Seq, e.PrevHash = 1, Genesis
	if prev != nil {
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	}
	e.At = e.At.UTC().Truncate(time.Millisecond)
	e.Hash = hashOf(e)
}

func hashOf(e *Event) string {
	body, _ := json.Marshal(struct {
		Seq      int64  `json:"seq"`
		At       string `json:"at"`
		ActorID  int64  `json:"actor_id"`
		Action   string `json:"action"`
		Subject  string `json:"subject"`
		Detail   string `json:"detail"`
		PrevHash string `json:"prev_hash"`
	}{e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.Action, e.Subject, e.Detail, e.PrevHash})
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// Verifier checks a chain one event at a time, in order.
type Verifier struct {
	prev *Event
	n    int64
}

// Next checks e against the events before it.
func (v *Verifier) Next(e *Event) error {
	wantSeq, wantPrev := int64(1), Genesis
	if v.prev != nil {
		wantSeq, wantPrev = v.prev.Seq+1, v.prev.Hash
	}
	switch {
	case e.Seq != wantSeq:
		return fmt.Errorf("audit: event %d follows %d: an event is missing or out of order", e.Seq, wantSeq-1)
	case e.PrevHash != wantPrev:
		return fmt.Errorf("audit: event %d does not follow event %d: the chain was changed", e.Seq, wantSeq-1)
	case hashOf(e) != e.Hash:
		return fmt.Errorf("audit: event %d was changed after it was written", e.Seq)
	}
	c := *e
	v.prev, v.n = &c, v.n+1
	return nil
}

// Count is how many events passed.
func (v *Verifier) Count() int64 { return v.n }
