package app

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/outreach-project/outreach/server/web"
)

// Request log lines are buffered: a write to the log for every request costs a system
// call each, a large share of serving a cached page. They reach the log within
// logFlushAfter, or sooner when logFlushSize bytes are waiting; every other line (start,
// stop, warnings, errors, a request that failed) writes at once, after whatever request
// lines are waiting, so the order is kept and what matters is never held back. A crash
// loses at most logFlushAfter of request lines.
const (
	logFlushAfter = 100 * time.Millisecond
	logFlushSize  = 32 << 10
)

// logBuffer holds request lines for one underlying writer.
//
// Writes to the underlying writer happen outside mu: while a full buffer is being
// written, requests on other cores append to the other buffer instead of waiting for the
// system call, and a request that fills the buffer while a write is in progress leaves
// it to the next one rather than waiting.
type logBuffer struct {
	mu    sync.Mutex // guards buf, spare and armed
	buf   []byte
	spare []byte // the buffer last written, kept for reuse
	armed bool   // a flush is scheduled (see flush)
	// writing is held for each write to w. It is only taken while holding mu, so writes
	// reach w in the order they left the buffer.
	writing sync.Mutex
	w       io.Writer
}

// Write buffers p.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), b.waitLocked()
}

// waitLocked writes what is buffered once it reaches logFlushSize, unless a write is in
// progress, and otherwise makes sure a flush is scheduled within logFlushAfter.
func (b *logBuffer) waitLocked() error {
	if len(b.buf) >= logFlushSize && b.writing.TryLock() {
		_, err := b.writeOutLocked(nil)
		return err
	}
	if !b.armed {
		b.armed = true
		time.AfterFunc(logFlushAfter, b.flush)
	}
	return nil
}

// flush is the scheduled flush. Only it clears armed, so at most one is pending however
// often the buffer fills and is written in between.
func (b *logBuffer) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.armed = false
	if len(b.buf) == 0 {
		return
	}
	b.writing.Lock()
	_, _ = b.writeOutLocked(nil)
}

// writeOutLocked writes what is buffered and then p, if any. It is called with mu and
// writing held, releases mu for the writes, and returns with mu held and writing
// released.
func (b *logBuffer) writeOutLocked(p []byte) (int, error) {
	full := b.buf
	b.buf, b.spare = b.spare[:0], nil
	b.mu.Unlock()
	defer func() {
		b.writing.Unlock()
		b.mu.Lock()
		b.spare = full[:0]
	}()
	if len(full) > 0 {
		if _, err := b.w.Write(full); err != nil {
			return 0, err
		}
	}
	if p == nil {
		return 0, nil
	}
	return b.w.Write(p)
}

// direct writes through the buffer's writer at once, after what is waiting.
type direct struct{ b *logBuffer }

func (d direct) Write(p []byte) (int, error) {
	d.b.mu.Lock()
	defer d.b.mu.Unlock()
	d.b.writing.Lock()
	return d.b.writeOutLocked(p)
}

// splitHandler sends successful requests' lines to buffered and everything else to
// now. With lines set (no attributes or groups added to the handler), the web side's
// request lines come through WriteRequestLine and are written into lines directly, as
// JSON when json is set and as text otherwise, without slog's handlers.
type splitHandler struct {
	buffered, now slog.Handler
	lines         *logBuffer
	json          bool
}

func (h splitHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.now.Enabled(ctx, l) }

func (h splitHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelWarn && r.Message == web.RequestLogMessage {
		return h.buffered.Handle(ctx, r)
	}
	return h.now.Handle(ctx, r)
}

func (h splitHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return splitHandler{buffered: h.buffered.WithAttrs(attrs), now: h.now.WithAttrs(attrs)}
}

func (h splitHandler) WithGroup(name string) slog.Handler {
	return splitHandler{buffered: h.buffered.WithGroup(name), now: h.now.WithGroup(name)}
}
