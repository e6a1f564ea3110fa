package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/dispatch"
	"github.com/outreach-project/outreach/internal/store"
)

// TestReadsDoNotWaitForWrites holds a write transaction open while the reads of a staff
// page run (its session, its account, its live events): they answer from the last
// commit instead of queueing behind the writer (the write only ends after they have
// answered, so a read that waited would never return).
func TestReadsDoNotWaitForWrites(t *testing.T) {
	each(t, func(t *testing.T, o *store.Opened) {
		u := mustUser(t, o, "reader@example.org", auth.Advocate)
		if err := o.Sessions.Commit("session-token", []byte("session data"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		inTx(t, o, func(ctx context.Context, tx dispatch.Tx) error {
			return tx.Notify(ctx, dispatch.Notification{UserID: u.ID, Kind: dispatch.NotifyOffered, RequestID: 1})
		})
		inWrite, readsDone := make(chan struct{}), make(chan struct{})
		writeDone := make(chan error, 1)
		go func() {
			writeDone <- o.Store.InTx(context.Background(), func(ctx context.Context, tx dispatch.Tx) error {
				if err := tx.Notify(ctx, dispatch.Notification{UserID: u.ID, Kind: dispatch.NotifyOffered, RequestID: 2}); err != nil {
					return err
				}
				close(inWrite)
				<-readsDone
				return nil
			})
		}()
		<-inWrite
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		events, err := o.Outbox.Events(ctx, u.ID, 0, 10)
		latest, err2 := o.Outbox.LatestEvent(ctx, u.ID)
		var account *auth.User
		err3 := o.Accounts.InReadTx(ctx, func(ctx context.Context, tx auth.ReadTx) error {
			var err error
			account, err = tx.UserByID(ctx, u.ID, false)
			return err
		})
		session, found, err4 := o.Sessions.Find("session-token")
		users, err5 := o.Accounts.ListUsers(ctx) // the admins' users page
		close(readsDone)
		if err != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil {
			t.Fatalf("reads during a write: %v, %v, %v, %v, %v; want answers from the last commit", err, err2, err3, err4, err5)
		}
		if account.Email != u.Email || !found || string(session) != "session data" {
			t.Fatalf("account=%q, session=%q (found %v); want the committed ones", account.Email, session, found)
		}
		if len(users) != 1 || users[0].Email != u.Email {
			t.Fatalf("ListUsers=%+v, want the one committed user", users)
		}
		if len(events) != 1 || latest != events[0].ID {
			t.Fatalf("Events=%d, LatestEvent=%d; want the one committed notification", len(events), latest)
		}
		if err := <-writeDone; err != nil {
			t.Fatal(err)
		}
	})
}
