package main

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/outreach-project/outreach/internal/app"
	"github.com/outreach-project/outreach/internal/auth"
	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/internal/dispatch"
)

func TestDemoSeedsOnce(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCmd(t, nil, "demo", "--data", dir)
	if code != 0 {
		t.Fatalf("demo: code=%d, want 0\n%s%s", code, stdout, stderr)
	}
	m := regexp.MustCompile(`(?m)^advocate\s+.*\s(advocate@example\.org)\s+(\S+)$`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("demo output has no advocate line:\n%s", stdout)
	}
	password := m[2]
	if n := strings.Count(stdout, "@example.org"); n < 3+2*12 {
		t.Fatalf("demo printed %d accounts, want at least %d:\n%s", n, 3+2*12, stdout)
	}
	if !strings.Contains(stdout, "http://127.0.0.1:8080/staff/") {
		t.Fatalf("demo output lacks the URL to open:\n%s", stdout)
	}

	code, again, stderr := runCmd(t, nil, "demo", "--data", dir)
	if code != 0 || !strings.Contains(again, "already seeded") || strings.Contains(again, password) {
		t.Fatalf("second demo: code=%d, output:\n%s%s\nwant 0 and \"already seeded\", no passwords", code, again, stderr)
	}

	ctx := context.Background()
	cfg := &config.Config{Data: dir}
	content, err := app.LoadContent(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, err := app.OpenData(ctx, cfg, content, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer data.Close()
	u, err := data.Auth.UserByEmail(ctx, auth.Operator(), "advocate@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := auth.VerifyPassword(u.PasswordHash, password); !ok || err != nil || u.Role != auth.Advocate || !u.Active {
		t.Fatalf("advocate sign-in with the printed password: ok=%v err=%v role=%v active=%v", ok, err, u.Role, u.Active)
	}
	users, err := data.Accounts.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 3+2*len(demoLanguages) {
		t.Fatalf("after two runs: %d users, want %d", len(users), 3+2*len(demoLanguages))
	}
	coordinator, err := data.Auth.UserByEmail(ctx, auth.Operator(), "coordinator@example.org")
	if err != nil {
		t.Fatal(err)
	}
	r, err := data.Dispatch.Report(ctx, coordinator, dispatch.ReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]int{}
	for _, row := range r.Rows {
		outcomes["filled"] += row.Filled
		outcomes["fallback"] += row.Fallbacks
		outcomes["cancelled"] += row.Cancellations
	}
	if len(r.Rows) == 0 || outcomes["filled"] == 0 || outcomes["fallback"] == 0 || outcomes["cancelled"] == 0 {
		t.Fatalf("report: %d rows, outcomes %v; want rows with each outcome", len(r.Rows), outcomes)
	}
	if len(r.Languages) < 8 {
		t.Fatalf("report languages=%v, want at least 8", r.Languages)
	}
}

func TestDemoRefusesADatabaseInUse(t *testing.T) {
	dir := t.TempDir()
	if code, out, errOut := runCmd(t, nil, "user", "add", "--data", dir, "--role", "admin", "--email", "real@example.org", "--name", "Real Person"); code != 0 {
		t.Fatalf("user add: code=%d\n%s%s", code, out, errOut)
	}
	code, stdout, stderr := runCmd(t, nil, "demo", "--data", dir)
	if code != 1 || !strings.Contains(stderr, "already has 1 accounts") || strings.Contains(stdout, "Seeded") {
		t.Fatalf("demo on a database in use: code=%d\n%s%s\nwant 1 and a refusal", code, stdout, stderr)
	}
}
