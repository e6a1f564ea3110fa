package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/dispatch"
)

// BenchmarkLists lists 200 confidential requests, offers and board rows on SQLite, as
// the interpreter, advocate and coordinator pages do (reads of confidential requests
// audited).
func BenchmarkLists(b *testing.B) {
	o := MustSQLite(b)
	w := newListWorld(b, o)
	w.grow(b, 200)
	svc, err := dispatch.NewService(dispatch.Deps{Store: o.Store, Now: func() time.Time { return t0 }, Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, l := range []struct {
		name string
		list func() (int, error)
	}{
		{"Offers", func() (int, error) { l, err := svc.Offers(ctx, w.meUser, ""); return len(l), err }},
		{"Requests/interpreter", func() (int, error) { l, err := svc.Requests(ctx, w.meUser, ""); return len(l), err }},
		{"Requests/coordinator", func() (int, error) { l, err := svc.Requests(ctx, w.coord, ""); return len(l), err }},
		{"Board", func() (int, error) { l, err := svc.Board(ctx, w.coord); return len(l), err }},
	} {
		b.Run(l.name, func(b *testing.B) {
			for b.Loop() {
				if n, err := l.list(); err != nil || n == 0 {
					b.Fatalf("list=%d, %v", n, err)
				}
			}
		})
	}
}
