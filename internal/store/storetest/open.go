package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for creating test databases

	"github.com/outreach-project/outreach/internal/seal"
	"github.com/outreach-project/outreach/internal/store"
	"github.com/outreach-project/outreach/internal/store/sqlstore"
)

// Engines lists the engines a contract test runs on.
var Engines = []struct {
	Name string
	Open func(testing.TB) *store.Opened
}{
	{"sqlite", MustSQLite},
	{"postgres", MustPostgres},
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// MustSQLite opens a fresh SQLite database in a temporary directory.
func MustSQLite(tb testing.TB) *store.Opened {
	tb.Helper()
	o, err := store.Open(context.Background(), "", tb.TempDir(), mustKeys(tb), quietLogger())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { o.Close() })
	return o
}

func mustKeys(tb testing.TB) *seal.Keyring {
	tb.Helper()
	k, _, err := seal.LoadOrCreate(filepath.Join(tb.TempDir(), "master.key"))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// PostgresURL returns a URL for a fresh, empty database, dropped when the test ends.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv("OUTREACH_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("OUTREACH_REQUIRE_POSTGRES") == "1" {
			tb.Fatal("OUTREACH_TEST_POSTGRES is not set but OUTREACH_REQUIRE_POSTGRES=1")
		}
		tb.Skip("SKIPPED: PostgreSQL tests need OUTREACH_TEST_POSTGRES=postgres://… (.ci/run starts a server and sets it)")
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "outreach_test_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// MustPostgres opens a fresh PostgreSQL database.
func MustPostgres(tb testing.TB) *store.Opened {
	tb.Helper()
	o, err := store.Open(context.Background(), PostgresURL(tb), "", mustKeys(tb), quietLogger())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { o.Close() })
	return o
}

// Reopen opens o's database a second time with sealer, as another process would.
func Reopen(tb testing.TB, o *store.Opened, sealer sqlstore.Sealer) *store.Opened {
	tb.Helper()
	dir := ""
	if o.Path != "" {
		dir = filepath.Dir(o.Path)
	}
	again, err := store.Open(context.Background(), o.URL, dir, sealer, quietLogger())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { again.Close() })
	return again
}
