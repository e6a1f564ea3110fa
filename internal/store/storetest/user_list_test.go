package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outreach-project/outreach/internal/audit"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/store"
)

func TestListUsers(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		ctx := context.Background()
		b := mustUser(t, o, "b@example.org", auth.Coordinator)
		a := mustUser(t, o, "a@example.org", auth.Advocate)
		a.PasswordHash = "never listed"
		gone := &auth.User{Email: "c@example.org", Name: "N c@example.org", Role: auth.Interpreter, Active: false, CreatedAt: t0}
		if err := o.Accounts.InTx(ctx, func(ctx context.Context, tx auth.Tx) error { return tx.InsertUser(ctx, gone) }); err != nil {
			t.Fatal(err)
		}
		first, last := t0.Add(time.Hour), t0.Add(2*time.Hour)
		for _, e := range []audit.Event{
			{At: first, ActorID: a.ID, Action: audit.SignIn, Subject: "staff"},
			{At: last, ActorID: a.ID, Action: audit.SignIn, Subject: "staff"},
			{At: last.Add(time.Hour), ActorID: a.ID, Action: audit.SignInFailed, Subject: "staff"}, // not a sign-in
			{At: last.Add(time.Hour), ActorID: b.ID, Action: audit.ReadRequest, Subject: "request:1"},
		} {
			if err := o.Audits.Append(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		got, err := o.Accounts.ListUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []auth.Listing{
			{ID: a.ID, Email: "a@example.org", Name: "N a@example.org", Role: auth.Advocate, Active: true, CreatedAt: t0, LastSignIn: &last},
			{ID: b.ID, Email: "b@example.org", Name: "N b@example.org", Role: auth.Coordinator, Active: true, CreatedAt: t0},
			{ID: gone.ID, Email: "c@example.org", Name: "N c@example.org", Role: auth.Interpreter, Active: false, CreatedAt: t0},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("ListUsers (-want +got):\n%s", diff)
		}
	})
}
