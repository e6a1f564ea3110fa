package app

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/outreach-project/outreach/internal/config"
	"github.com/outreach-project/outreach/server/web"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogBufferKeepsOrder: request lines wait, any other line writes them first and
// then itself, and waiting lines reach the log on their own soon after.
func TestLogBufferKeepsOrder(t *testing.T) {
	out := &lockedBuffer{}
	logger := NewLogger(&config.Config{LogFormat: "json", LogLevel: "info"}, out)
	logger.Info(web.RequestLogMessage, "path", "/a")
	logger.Info(web.RequestLogMessage, "path", "/b")
	if got := out.String(); got != "" {
		t.Fatalf("log before any other line=%q, want request lines held back", got)
	}
	logger.Warn(web.RequestLogMessage, "path", "/failed")
	logger.Info("stopping")
	got := out.String()
	a, b, failed, stop := strings.Index(got, `"/a"`), strings.Index(got, `"/b"`), strings.Index(got, `"/failed"`), strings.Index(got, "stopping")
	if a < 0 || !(a < b && b < failed && failed < stop) {
		t.Fatalf("log=%q, want /a, /b, /failed, stopping in that order", got)
	}
	logger.Info(web.RequestLogMessage, "path", "/later")
	for start := time.Now(); !strings.Contains(out.String(), `"/later"`); time.Sleep(10 * time.Millisecond) {
		if time.Since(start) > 30*time.Second {
			t.Fatalf("a held request line never reached the log")
		}
	}
}

// gateWriter holds its first write until release is closed; later writes go through.
type gateWriter struct {
	lockedBuffer
	entered, release chan struct{}
	once             sync.Once
}

func (g *gateWriter) Write(p []byte) (int, error) {
	first := false
	g.once.Do(func() { first = true })
	if first {
		close(g.entered)
		<-g.release
	}
	return g.lockedBuffer.Write(p)
}

// TestLogBufferAppendsDuringAWrite: while a full buffer is being written, request lines
// from other goroutines are buffered without waiting for the write, and a line written
// at once still comes after everything buffered before it.
func TestLogBufferAppendsDuringAWrite(t *testing.T) {
	w := &gateWriter{entered: make(chan struct{}), release: make(chan struct{})}
	b := &logBuffer{w: w}
	full := append(bytes.Repeat([]byte("x"), logFlushSize-1), '\n')
	filled := make(chan error, 1)
	go func() {
		_, err := b.Write(full) // reaches logFlushSize: this goroutine writes it out
		filled <- err
	}()
	<-w.entered
	buffered := make(chan error, 1)
	go func() {
		_, err := b.Write([]byte("during\n"))
		buffered <- err
	}()
	select {
	case err := <-buffered:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a request line waited for a write in progress")
	}
	close(w.release)
	if err := <-filled; err != nil {
		t.Fatal(err)
	}
	if _, err := (direct{b}).Write([]byte("warning\n")); err != nil {
		t.Fatal(err)
	}
	if got, want := w.String(), string(full)+"during\nwarning\n"; got != want {
		t.Fatalf("log ends %q, want the full buffer, then \"during\", then \"warning\"", got[max(0, len(got)-40):])
	}
}

// TestLogBufferConcurrentLines: lines from many goroutines, some written at once, reach
// the log each exactly once and, for each goroutine, in the order it wrote them.
func TestLogBufferConcurrentLines(t *testing.T) {
	out := &lockedBuffer{}
	b := &logBuffer{w: out}
	const goroutines, lines = 8, 2000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				line := []byte(strings.Repeat("p", i%300) + " " + string(rune('a'+g)) + " " + strconv.Itoa(i) + "\n")
				var err error
				if i%97 == 0 {
					_, err = (direct{b}).Write(line)
				} else {
					_, err = b.Write(line)
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.flush()
	next := make([]int, goroutines)
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		f := strings.Fields(line)
		g, i := int(f[len(f)-2][0]-'a'), f[len(f)-1]
		if n, err := strconv.Atoi(i); err != nil || n != next[g] {
			t.Fatalf("goroutine %d: line %s, want line %d", g, i, next[g])
		}
		next[g]++
	}
	for g, n := range next {
		if n != lines {
			t.Fatalf("goroutine %d: %d lines in the log, want %d", g, n, lines)
		}
	}
}
