package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Quiet is how long a burst of changes must have been over before the callback runs.
const Quiet = 100 * time.Millisecond

// Watcher watches folders, and the folders created in them later.
type Watcher struct {
	fs     *fsnotify.Watcher
	quiet  time.Duration
	change func(paths []string)
	errs   func(error)
}

// New watches every folder under each root (a root may also be a single file) and
// calls change with the changed paths, sorted, once a burst of changes has been quiet
// for quiet. errs receives the watcher's own errors (a full event queue, a folder that
// cannot be watched); they do not stop it. Call Run to start.
func New(roots []string, quiet time.Duration, change func(paths []string), errs func(error)) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &Watcher{fs: fw, quiet: quiet, change: change, errs: errs}
	for _, root := range roots {
		if err := w.addTree(root); err != nil {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

// addTree watches root and every folder under it; a file is watched through its folder.
func (w *Watcher) addTree(root string) error {
	info, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if !info.IsDir() {
		return w.add(filepath.Dir(root))
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("watch: %w", err)
		}
		if d.IsDir() && (p == root || !hidden(d.Name())) {
			return w.add(p)
		}
		return nil
	})
}

func (w *Watcher) add(dir string) error {
	if err := w.fs.Add(dir); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	return nil
}

// hidden names are editors' and version control's own files (.git, .swp files).
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

// Run delivers changes until ctx is done, then stops watching.
func (w *Watcher) Run(ctx context.Context) {
	defer w.fs.Close()
	pending := make(map[string]bool)
	timer := time.NewTimer(w.quiet)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if hidden(filepath.Base(ev.Name)) || strings.HasSuffix(ev.Name, "~") {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					if err := w.addTree(ev.Name); err != nil {
						w.errs(err)
					}
				}
			}
			pending[ev.Name] = true
			timer.Reset(w.quiet)
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			if !errors.Is(err, context.Canceled) {
				w.errs(fmt.Errorf("watch: %w", err))
			}
		case <-timer.C:
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			clear(pending)
			sort.Strings(paths)
			w.change(paths)
		}
	}
}
