package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/outreach-project/outreach/internal/store/sqlite"
)

// TestFileMode: the database file, and the files SQLite keeps beside it, are readable
// by their owner only, also when an older file was more open.
func TestFileMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "outreach.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil {
			if os.IsNotExist(err) && p != path {
				continue
			}
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Fatalf("%s mode %v, want no access for group and others", filepath.Base(p), st.Mode().Perm())
		}
	}
}
