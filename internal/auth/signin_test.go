package auth_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/store/storetest"
)

// signInService is the account service on a fresh SQLite database with one account whose
// password is "correct horse battery", at the program's real argon2id cost.
func signInService(tb testing.TB) *auth.Service {
	tb.Helper()
	o := storetest.MustSQLite(tb)
	svc, err := auth.NewService(auth.Deps{Store: o.Accounts, Now: time.Now})
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	_, issued, err := svc.AddUser(ctx, auth.Operator(), auth.UserInput{Email: "ana@example.org", Name: "Ana", Role: auth.Advocate})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.SetPasswordWithLink(ctx, issued.Token, "correct horse battery"); err != nil {
		tb.Fatal(err)
	}
	return svc
}

func median(d []time.Duration) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

// TestSignInTakesTheSameWork reproduces the hole: a sign-in with an unknown email
// answered about a hundred times faster than one with a known email and a wrong password.
// The medians of interleaved tries must now be within a factor of two of each other —
// a generous ratio, not a time limit: a missing argon2id check makes it about 100.
func TestSignInTakesTheSameWork(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED: timing comparison in -short mode")
	}
	svc := signInService(t)
	ctx := context.Background()
	var known, unknown []time.Duration
	for i := 0; i < 7; i++ {
		for _, email := range []string{"ana@example.org", "nobody@example.org"} {
			start := time.Now()
			_, err := svc.SignIn(ctx, email, "wrong password!", "192.0.2.1")
			took := time.Since(start)
			if err == nil {
				t.Fatalf("a wrong password signed in")
			}
			if email == "nobody@example.org" {
				unknown = append(unknown, took)
			} else {
				known = append(known, took)
			}
		}
	}
	k, u := median(known), median(unknown)
	if ratio := float64(k) / float64(u); ratio > 2 || ratio < 0.5 {
		t.Fatalf("median sign-in: known email %v, unknown email %v (ratio %.2f), want within a factor of 2", k, u, ratio)
	}
}

// BenchmarkSignIn measures a failed sign-in for a known and an unknown email; the two
// must cost the same.
func BenchmarkSignIn(b *testing.B) {
	svc := signInService(b)
	ctx := context.Background()
	for _, email := range []string{"ana@example.org", "nobody@example.org"} {
		b.Run(email, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_, _ = svc.SignIn(ctx, email, "wrong password!", "192.0.2.1")
			}
		})
	}
}
