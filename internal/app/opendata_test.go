package app

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/outreach-project/outreach/internal/config"
)

// TestOpenDataKeyFile: a database that does not open leaves no new master key behind; one
// that opens keeps the key it was created with, and opening again reuses it.
func TestOpenDataKeyFile(t *testing.T) {
	dir := t.TempDir()
	cfg := &config.Config{Data: dir, LogLevel: "error"}
	content, err := LoadContent(cfg)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	key := filepath.Join(dir, "master.key")

	bad := *cfg
	bad.Database = "mysql://db.example.org/outreach"
	if _, err := OpenData(context.Background(), &bad, content, "http://127.0.0.1", logger); err == nil {
		t.Fatal("OpenData with a MySQL URL succeeded, want an error")
	}
	if _, err := os.Stat(key); !os.IsNotExist(err) {
		t.Fatalf("after a failed open, Stat(master.key) err=%v, want not-exist", err)
	}

	d, err := OpenData(context.Background(), cfg, content, "http://127.0.0.1", logger)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	first, err := os.ReadFile(key)
	if err != nil {
		t.Fatalf("after a successful open: %v, want the new key file", err)
	}
	if _, err := OpenData(context.Background(), &bad, content, "http://127.0.0.1", logger); err == nil {
		t.Fatal("OpenData with a MySQL URL succeeded, want an error")
	}
	if again, err := os.ReadFile(key); err != nil || string(again) != string(first) {
		t.Fatalf("a failed open with an existing key file changed it (err %v)", err)
	}
}
