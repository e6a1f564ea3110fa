package outreach_test

import (
	"os/exec"
	"strings"
	"testing"
)

// domainPackages hold business rules and must stay free of transport and storage.
var domainPackages = []string{"pamphlet", "locale", "site", "i18n", "apperr", "config", "dispatch", "schedule", "auth", "kiosk", "seal", "audit"}

// forbidden are imports that belong in server/ or the stores, never in the domain.
var forbidden = []string{
	"github.com/labstack/echo",
	"database/sql",
	"github.com/jackc/pgx",
	"modernc.org/sqlite",
	"github.com/mattn/go-sqlite3",
	"github.com/riverqueue/river",
	"net/http",
}

// TestDomainDependencies fails when a domain package imports Echo, database/sql, a
// driver or net/http, directly or through another package.
func TestDomainDependencies(t *testing.T) {
	checked := 0
	for _, name := range domainPackages {
		pkg := "github.com/outreach-project/outreach/internal/" + name
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			if strings.Contains(string(out), "is not in std") || strings.Contains(string(out), "no required module") || strings.Contains(string(out), "cannot find package") || strings.Contains(string(out), "matched no packages") || strings.Contains(string(out), "directory not found") {
				continue // not written yet
			}
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		checked++
		for _, dep := range strings.Fields(string(out)) {
			for _, bad := range forbidden {
				if dep == bad || strings.HasPrefix(dep, bad+"/") {
					t.Fatalf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
	if checked < 4 {
		t.Fatalf("checked %d domain packages, want at least 4", checked)
	}
}

// sides are the HTTP packages: the public side must not reach the workflow, and the
// shared package must reach neither side.
var sides = []struct {
	pkg       string
	forbidden []string
}{
	{"server/public", []string{"server/staff", "internal/dispatch", "internal/auth", "internal/notify", "internal/store", "internal/schedule", "github.com/alexedwards/scs"}},
	{"server/web", []string{"server/public", "server/staff", "internal/dispatch", "internal/store"}},
}

// TestSidesStayApart fails when the public side imports the staff side or the dispatch
// domain, directly or through another package.
func TestSidesStayApart(t *testing.T) {
	for _, side := range sides {
		deps := goListDeps(t, "github.com/outreach-project/outreach/"+side.pkg)
		for _, bad := range side.forbidden {
			if !strings.Contains(bad, ".") {
				bad = "github.com/outreach-project/outreach/" + bad
			}
			for _, dep := range deps {
				if dep == bad || strings.HasPrefix(dep, bad+"/") {
					t.Fatalf("%s depends on %s", side.pkg, dep)
				}
			}
		}
	}
}

func goListDeps(tb testing.TB, pkg string) []string {
	tb.Helper()
	out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
	if err != nil {
		tb.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
	}
	return strings.Fields(string(out))
}

// TestDependencyCheckSees proves the checks above can fail: the staff side does import
// Echo and the dispatch domain, and go list reports both.
func TestDependencyCheckSees(t *testing.T) {
	deps := strings.Join(goListDeps(t, "github.com/outreach-project/outreach/server/staff"), "\n") + "\n"
	for _, want := range []string{"github.com/labstack/echo/v4\n", "github.com/outreach-project/outreach/internal/dispatch\n"} {
		if !strings.Contains(deps, want) {
			t.Fatalf("go list -deps server/staff does not list %s", want)
		}
	}
}
