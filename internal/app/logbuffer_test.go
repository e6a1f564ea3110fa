package app

import (
	"bytes"
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
