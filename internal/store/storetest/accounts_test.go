package storetest

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/apperr"
	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/store"
)

// mailbox is a Mailer that keeps what it was asked to send.
type mailbox struct {
	mu      sync.Mutex
	links   map[int64]string // user id -> last token
	notices map[int64]int
}

func (m *mailbox) SendLink(_ context.Context, u *auth.User, _ auth.LinkPurpose, token string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.links[u.ID] = token
	return nil
}

func (m *mailbox) SendResetNotice(_ context.Context, u *auth.User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.notices[u.ID]++
	return nil
}

func (m *mailbox) link(id int64) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.links[id]
}

type accountsWorld struct {
	o     *store.Opened
	clock *clock
	svc   *auth.Service
	mail  *mailbox
	admin *auth.User
}

func newAccounts(t *testing.T, o *store.Opened) *accountsWorld {
	t.Helper()
	w := &accountsWorld{o: o, clock: &clock{t: t0}, mail: &mailbox{links: map[int64]string{}, notices: map[int64]int{}}}
	svc, err := auth.NewService(auth.Deps{Store: o.Accounts, Now: w.clock.Now, Mailer: w.mail, TestOnlyHashCost: &cheap})
	if err != nil {
		t.Fatal(err)
	}
	w.svc = svc
	w.admin = w.withPassword(t, "admin@example.org", auth.Admin)
	return w
}

// cheap keeps argon2id quick under the race detector.
var cheap = auth.Cost{Time: 1, MemoryKiB: 1024}

const goodPassword = "correct horse battery"

// withPassword adds a user through an invitation link, as a real one would be added.
func (w *accountsWorld) withPassword(t *testing.T, email string, role auth.Role) *auth.User {
	t.Helper()
	ctx := context.Background()
	u, issued, err := w.svc.AddUser(ctx, auth.Operator(), auth.UserInput{Email: email, Name: "N " + email, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	if issued.Token == "" || !issued.Emailed || w.mail.link(u.ID) != issued.Token {
		t.Fatalf("AddUser by the operator: issued %+v, want the link shown and emailed", issued)
	}
	u, err = w.svc.SetPasswordWithLink(ctx, issued.Token, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestAccountsStore(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		u := mustUser(t, o, "ana@example.org", auth.Advocate)
		err := o.Accounts.InTx(ctx, func(ctx context.Context, tx auth.Tx) error {
			got, err := tx.UserByEmail(ctx, "ana@example.org")
			if err != nil || got.ID != u.ID || got.SessionEpoch != 0 || got.CreatedBy != 0 {
				t.Fatalf("UserByEmail=%+v,%v", got, err)
			}
			got.Role, got.Active, got.PasswordHash, got.SessionEpoch, got.LockedUntil = auth.Coordinator, false, "h", 3, t0
			if err := tx.UpdateUser(ctx, got); err != nil {
				return err
			}
			again, err := tx.UserByID(ctx, u.ID, true)
			if err != nil || again.Role != auth.Coordinator || again.Active || again.PasswordHash != "h" || again.SessionEpoch != 3 || !again.LockedUntil.Equal(t0) {
				t.Fatalf("after UpdateUser: %+v,%v", again, err)
			}
			k := &auth.Token{UserID: u.ID, Name: "cli", Hash: []byte("0123456789abcdef0123456789abcdef"), CreatedAt: t0}
			if err := tx.InsertToken(ctx, k); err != nil {
				return err
			}
			if ok, err := tx.RevokeToken(ctx, k.ID, t0); !ok || err != nil {
				t.Fatalf("RevokeToken=%v,%v", ok, err)
			}
			if ok, _ := tx.RevokeToken(ctx, k.ID, t0); ok {
				t.Fatalf("RevokeToken twice reported a change")
			}
			got2, owner, err := tx.TokenUser(ctx, k.Hash)
			if err != nil || got2.RevokedAt == nil || owner.ID != u.ID {
				t.Fatalf("TokenUser=%+v,%+v,%v", got2, owner, err)
			}
			for i := 0; i < 3; i++ {
				if err := tx.RecordSignInFailure(ctx, "192.0.2.1", u.ID, t0); err != nil {
					return err
				}
			}
			_ = tx.RecordSignInFailure(ctx, "192.0.2.1", 0, t0)
			_ = tx.RecordSignInFailure(ctx, "192.0.2.2", u.ID, t0)
			_ = tx.RecordSignInFailure(ctx, "192.0.2.1", u.ID, t0.Add(-time.Hour))
			f, err := tx.SignInFailures(ctx, "192.0.2.1", u.ID, t0.Add(-time.Minute))
			if err != nil || f != (auth.Failures{Address: 4, Pair: 3, Account: 4}) {
				t.Fatalf("SignInFailures=%+v,%v, want 4 from the address, 3 on the pair, 4 on the account", f, err)
			}
			if err := tx.ClearSignInFailures(ctx, "192.0.2.1", u.ID, t0.Add(-time.Minute)); err != nil {
				return err
			}
			f, _ = tx.SignInFailures(ctx, "192.0.2.1", u.ID, t0.Add(-2*time.Hour))
			if f != (auth.Failures{Address: 1, Pair: 0, Account: 1}) {
				t.Fatalf("after clearing: %+v", f)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestSignIn(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newAccounts(t, o)
		ctx := context.Background()
		u := w.withPassword(t, "ana@example.org", auth.Advocate)
		if got, err := w.svc.SignIn(ctx, "Ana@Example.org", goodPassword, "192.0.2.1"); err != nil || got.ID != u.ID {
			t.Fatalf("SignIn=%v,%v", got, err)
		}
		for _, tt := range []struct{ name, email, password string }{
			{"wrong password", "ana@example.org", "wrong password!"},
			{"unknown email", "nobody@example.org", goodPassword},
			{"not an email", "ana", goodPassword},
		} {
			if _, err := w.svc.SignIn(ctx, tt.email, tt.password, "192.0.2.9"); apperr.KeyOf(err) != auth.KeySignInFailed || apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("%s: error=%v, want the one sign-in failure", tt.name, err)
			}
		}
	})
}

// TestLockoutFromOneAddress: an attacker at one address gets a few tries at an account
// and is then refused, however long they keep going; the owner at another address signs
// in throughout.
func TestLockoutFromOneAddress(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newAccounts(t, o)
		ctx := context.Background()
		w.withPassword(t, "ana@example.org", auth.Advocate)
		for i := 0; i < 3*auth.MaxFailuresPerAccount; i++ {
			_, _ = w.svc.SignIn(ctx, "ana@example.org", "guess guess guess", "203.0.113.66")
			w.clock.Advance(10 * time.Second)
		}
		if _, err := w.svc.SignIn(ctx, "ana@example.org", goodPassword, "203.0.113.66"); err == nil {
			t.Fatalf("the attacking address signed in with the right password after %d failures", auth.MaxFailuresPerPair)
		}
		if _, err := w.svc.SignIn(ctx, "ana@example.org", goodPassword, "198.51.100.7"); err != nil {
			t.Fatalf("the owner from another address: %v, want signed in", err)
		}
		// Many addresses together do lock the account, for a while.
		for i := 0; i < auth.MaxFailuresPerAccount; i++ {
			_, _ = w.svc.SignIn(ctx, "ana@example.org", "guess guess guess", "203.0.113."+itoa(i))
		}
		if _, err := w.svc.SignIn(ctx, "ana@example.org", goodPassword, "198.51.100.7"); err == nil {
			t.Fatalf("not locked after %d failures from many addresses", auth.MaxFailuresPerAccount)
		}
		w.clock.Advance(auth.LockoutFor + auth.FailureWindow)
		if _, err := w.svc.SignIn(ctx, "ana@example.org", goodPassword, "198.51.100.7"); err != nil {
			t.Fatalf("still locked after the lockout: %v", err)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestResetImpersonation reproduces the hole: a coordinator resets an advocate's password
// and must learn nothing with which to sign in as them; the advocate's sessions and
// tokens end, and they are told.
func TestResetImpersonation(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newAccounts(t, o)
		ctx := context.Background()
		coord := w.withPassword(t, "coord@example.org", auth.Coordinator)
		adv := w.withPassword(t, "adv@example.org", auth.Advocate)
		token, _, err := w.svc.CreateToken(ctx, adv, adv.ID, "phone")
		if err != nil {
			t.Fatal(err)
		}
		issued, err := w.svc.ResetPassword(ctx, coord, adv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if issued.Token != "" || !issued.Emailed {
			t.Fatalf("ResetPassword by a coordinator: %+v, want the link emailed to its owner and not returned", issued)
		}
		if _, err := w.svc.SignIn(ctx, "adv@example.org", goodPassword, "192.0.2.1"); err == nil {
			t.Fatalf("the old password still works after a reset")
		}
		if _, err := w.svc.SessionUser(ctx, adv.ID, adv.SessionEpoch); err == nil {
			t.Fatalf("the advocate's session survived the reset")
		}
		if _, err := w.svc.Authenticate(ctx, token); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("the advocate's token survived the reset: %v", err)
		}
		// Only the owner's mailbox has the link; it works once and forces a new password.
		link := w.mail.link(adv.ID)
		if _, err := w.svc.SetPasswordWithLink(ctx, link, "short"); apperr.KeyOf(err) != auth.KeyPasswordTooShort {
			t.Fatalf("short password: %v", err)
		}
		again, err := w.svc.SetPasswordWithLink(ctx, link, "a brand new password")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SetPasswordWithLink(ctx, link, "another new password"); apperr.KeyOf(err) != auth.KeyLinkInvalid {
			t.Fatalf("link used twice: %v, want it refused", err)
		}
		if _, err := w.svc.SessionUser(ctx, adv.ID, again.SessionEpoch); err != nil {
			t.Fatalf("session after choosing a password: %v", err)
		}
		// Coordinators may not reset coordinators or admins; nobody resets their own.
		for _, tt := range []struct {
			actor  *auth.User
			target int64
		}{{coord, w.admin.ID}, {coord, coord.ID}, {w.admin, w.admin.ID}} {
			if _, err := w.svc.ResetPassword(ctx, tt.actor, tt.target); apperr.CodeOf(err) != apperr.Forbidden {
				t.Fatalf("reset %d by %s: %v, want forbidden", tt.target, tt.actor.Role, err)
			}
		}
	})
}

func TestLinkExpires(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newAccounts(t, o)
		ctx := context.Background()
		u, issued, err := w.svc.AddUser(ctx, w.admin, auth.UserInput{Email: "new@example.org", Name: "New", Role: auth.Interpreter})
		if err != nil || issued.Token != "" {
			t.Fatalf("AddUser by an admin over the API: %+v %v, want no token returned", issued, err)
		}
		if _, err := w.svc.CheckLink(ctx, w.mail.link(u.ID)); err != nil {
			t.Fatalf("fresh link: %v", err)
		}
		w.clock.Advance(auth.DefaultLinkTTL)
		if _, err := w.svc.CheckLink(ctx, w.mail.link(u.ID)); apperr.KeyOf(err) != auth.KeyLinkInvalid {
			t.Fatalf("link after %v: %v, want expired", auth.DefaultLinkTTL, err)
		}
		if _, err := w.svc.SetPasswordWithLink(ctx, w.mail.link(u.ID), goodPassword); apperr.KeyOf(err) != auth.KeyLinkInvalid {
			t.Fatalf("expired link used: %v", err)
		}
	})
}

func TestDeactivation(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newAccounts(t, o)
		ctx := context.Background()
		u := w.withPassword(t, "interp@example.org", auth.Interpreter)
		token, k, err := w.svc.CreateToken(ctx, auth.Operator(), u.ID, "cli")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Deactivate(ctx, u, u.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an interpreter deactivating: %v", err)
		}
		if _, err := w.svc.Deactivate(ctx, w.admin, w.admin.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an admin deactivating themself: %v", err)
		}
		if _, err := w.svc.Deactivate(ctx, w.admin, u.ID); err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			if _, err := w.svc.SessionUser(ctx, u.ID, u.SessionEpoch); err == nil {
				t.Fatalf("%s: old session works", when)
			}
			if _, err := w.svc.Authenticate(ctx, token); err == nil {
				t.Fatalf("%s: old token works", when)
			}
		}
		check("deactivated")
		if _, err := w.svc.SignIn(ctx, u.Email, goodPassword, "192.0.2.1"); apperr.KeyOf(err) != auth.KeySignInFailed {
			t.Fatalf("deactivated sign-in: %v", err)
		}
		if _, err := w.svc.Reactivate(ctx, w.admin, u.ID); err != nil {
			t.Fatal(err)
		}
		check("reactivated")
		if _, err := w.svc.SignIn(ctx, u.Email, goodPassword, "192.0.2.1"); err != nil {
			t.Fatalf("reactivated sign-in: %v", err)
		}
		if got, err := w.svc.RevokeToken(ctx, w.admin, k.ID); err != nil || got.RevokedAt == nil {
			t.Fatalf("RevokeToken=%+v,%v", got, err)
		}
		if _, err := w.svc.ChangeRole(ctx, w.admin, u.ID, auth.Coordinator); err != nil {
			t.Fatal(err)
		}
		var actions []string
		_ = o.Audits.Each(ctx, func(e *audit.Event) error { actions = append(actions, e.Action); return nil })
		for _, want := range []string{audit.UserDeactivated, audit.UserReactivated, audit.TokenCreated, audit.RoleChanged, audit.LinkIssued, audit.LinkUsed, audit.SignIn, audit.SignInFailed} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Fatalf("audit log %v lacks %s", actions, want)
			}
		}
	})
}

func TestTokens(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newAccounts(t, o)
		ctx := context.Background()
		a := w.withPassword(t, "a@example.org", auth.Advocate)
		b := w.withPassword(t, "b@example.org", auth.Advocate)
		token, k, err := w.svc.CreateToken(ctx, a, a.ID, "laptop")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.CreateToken(ctx, b, a.ID, "theirs"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("token for someone else: %v", err)
		}
		if got, err := w.svc.Authenticate(ctx, token); err != nil || got.ID != a.ID {
			t.Fatalf("Authenticate=%v,%v", got, err)
		}
		// The last use is recorded, then again only once TokenUseResolution has passed.
		lastUsed := func() time.Time {
			t.Helper()
			list, err := w.svc.Tokens(ctx, a, a.ID)
			if err != nil || len(list) != 1 || list[0].LastUsedAt == nil {
				t.Fatalf("Tokens=%v, %v; want the one token, used", list, err)
			}
			return *list[0].LastUsedAt
		}
		first := lastUsed()
		if !first.Equal(w.clock.Now().Truncate(time.Millisecond)) {
			t.Fatalf("LastUsedAt=%v, want %v", first, w.clock.Now())
		}
		w.clock.Advance(auth.TokenUseResolution / 2)
		if _, err := w.svc.Authenticate(ctx, token); err != nil {
			t.Fatal(err)
		}
		if got := lastUsed(); !got.Equal(first) {
			t.Fatalf("LastUsedAt after a use within %v=%v, want %v kept", auth.TokenUseResolution, got, first)
		}
		w.clock.Advance(auth.TokenUseResolution)
		if _, err := w.svc.Authenticate(ctx, token); err != nil {
			t.Fatal(err)
		}
		if got := lastUsed(); !got.After(first) {
			t.Fatalf("LastUsedAt after %v=%v, want later than %v", auth.TokenUseResolution, got, first)
		}
		if _, err := w.svc.RevokeToken(ctx, b, k.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("someone else revoking: %v, want not_found", err)
		}
		if _, err := w.svc.RevokeToken(ctx, a, k.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Authenticate(ctx, token); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("revoked token: %v", err)
		}
	})
}

// deactivatedCalendar: a deactivated interpreter's calendar feed stops at once.
func TestDeactivatedCalendarFeed(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		w := newAccounts(t, o)
		dw := newWorld(t, o)
		ctx := context.Background()
		i := dw.addInterpreter(t, "cal", true, "ar")
		token, err := dw.svc.NewCalendarToken(ctx, dw.coordinator, i.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dw.svc.CalendarFeed(ctx, token); err != nil {
			t.Fatalf("feed: %v", err)
		}
		if _, err := w.svc.Deactivate(ctx, w.admin, i.UserID); err != nil {
			t.Fatal(err)
		}
		if _, err := dw.svc.CalendarFeed(ctx, token); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("feed after deactivation: %v, want not_found", err)
		}
		if _, err := w.svc.Reactivate(ctx, w.admin, i.UserID); err != nil {
			t.Fatal(err)
		}
		if _, err := dw.svc.CalendarFeed(ctx, token); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("feed after reactivation: %v, want not_found", err)
		}
	})
}
