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

// TestDependencyCheckSees proves the check above can fail: the server package does
// import Echo, and go list reports it.
func TestDependencyCheckSees(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/outreach-project/outreach/server").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "github.com/labstack/echo/v4\n") {
		t.Fatalf("go list -deps server does not list Echo:\n%s", out)
	}
}
