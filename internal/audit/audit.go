package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Actions recorded.
const (
	ReadRequest     = "request.read"   // someone saw a confidential request
	ChangeRequest   = "request.change" // a confidential request changed state
	BreakGlass      = "request.break_glass"
	SignIn          = "auth.sign_in"
	SignInFailed    = "auth.sign_in_failed"
	UserAdded       = "user.add"
	RoleChanged     = "user.role"
	PasswordReset   = "user.password_reset"
	TokenCreated    = "token.create"
	TokenRevoked    = "token.revoke"
	SignOut         = "auth.sign_out"
	LinkIssued      = "user.sign_in_link"      // an invitation or reset link was issued
	LinkUsed        = "user.sign_in_link_used" // its owner chose a password with it
	PasswordChanged = "user.password_change"
	UserDeactivated = "user.deactivate"
	UserReactivated = "user.reactivate"
	VettingRecorded = "interpreter.vetting"
	KeyRotated      = "key.rotate"
	FieldsShredded  = "request.shred"
	CoverShift      = "shift.cover" // a cover request was asked, taken or withdrawn
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
	prev     *Event
	n        int64
	kept     *Head
	keptSeen bool
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
	if v.kept != nil && e.Seq == v.kept.Seq && e.Hash == v.kept.Hash {
		v.keptSeen = true
	}
	c := *e
	v.prev, v.n = &c, v.n+1
	return nil
}

// Count is how many events passed.
func (v *Verifier) Count() int64 { return v.n }

// Head is the newest event of a log: its sequence number and hash. An operator keeps it
// elsewhere; a later Verify against it fails if the log was cut back past it.
type Head struct {
	Seq  int64
	Hash string
}

// String writes SEQ:HASH.
func (h Head) String() string { return fmt.Sprintf("%d:%s", h.Seq, h.Hash) }

// ParseHead reads SEQ:HASH as "outreach audit head" prints it.
func ParseHead(s string) (Head, error) {
	var h Head
	seq, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n < 1 || len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != "" {
		return h, fmt.Errorf("audit: head %q: want SEQ:HASH as printed by \"outreach audit head\"", s)
	}
	return Head{Seq: n, Hash: hash}, nil
}

// Head is the last event that passed, or the zero Head for an empty log.
func (v *Verifier) Head() Head {
	if v.prev == nil {
		return Head{}
	}
	return Head{Seq: v.prev.Seq, Hash: v.prev.Hash}
}

// Expect makes Done check that the chain still holds a head kept earlier.
func (v *Verifier) Expect(kept Head) { v.kept = &kept }

// Done finishes a verification. With a kept head it fails when the log ends before the
// head (its newest events were deleted) or holds another event at that place (it was
// rewritten from there).
func (v *Verifier) Done() error {
	if v.kept == nil {
		return nil
	}
	if last := v.Head().Seq; last < v.kept.Seq {
		return fmt.Errorf("audit: the log ends at event %d, before the head kept at event %d: its newest events were removed", last, v.kept.Seq)
	}
	if !v.keptSeen {
		return fmt.Errorf("audit: event %d is not the one kept as the head: the log was rewritten from there", v.kept.Seq)
	}
	return nil
}
