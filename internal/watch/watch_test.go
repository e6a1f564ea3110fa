package watch_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/watch"
)

// MustWatch watches dir and returns a channel of change bursts.
func MustWatch(t *testing.T, roots ...string) <-chan []string {
	t.Helper()
	changes := make(chan []string, 16)
	w, err := watch.New(roots, 20*time.Millisecond, func(p []string) { changes <- p }, func(err error) { t.Errorf("watch error: %v", err) })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return changes
}

// next waits for a burst; the deadline only keeps a broken watcher from hanging the
// test, it measures nothing.
func next(t *testing.T, changes <-chan []string) []string {
	t.Helper()
	select {
	case p := <-changes:
		return p
	case <-time.After(10 * time.Second):
		t.Fatalf("no change reported")
		return nil
	}
}

func TestWatchReportsChangesInNewFolders(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	changes := MustWatch(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("b"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := next(t, changes); !slices.Contains(got, filepath.Join(dir, "site.toml")) {
		t.Fatalf("changes=%v, want site.toml", got)
	}
	sub := filepath.Join(dir, "new-pamphlet")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	next(t, changes) // the folder itself
	if err := os.WriteFile(filepath.Join(sub, "en.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		if got := next(t, changes); slices.Contains(got, filepath.Join(sub, "en.md")) {
			return
		}
	}
}

func TestWatchIgnoresHiddenFiles(t *testing.T) {
	dir := t.TempDir()
	changes := MustWatch(t, dir)
	for _, name := range []string{".en.md.swp", "en.md~", "en.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := next(t, changes)
	if !slices.Equal(got, []string{filepath.Join(dir, "en.md")}) {
		t.Fatalf("changes=%v, want only en.md", got)
	}
}

func TestWatchMissingRoot(t *testing.T) {
	if _, err := watch.New([]string{filepath.Join(t.TempDir(), "nope")}, time.Millisecond, func([]string) {}, func(error) {}); err == nil {
		t.Fatalf("New of a missing folder: err=nil, want an error")
	}
}
