package app

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/outreach-project/outreach/server/web"
)

// A request's line written directly must be the line slog's JSON handler writes.
func TestRequestLineAsSlogWritesIt(t *testing.T) {
	at := time.Date(2026, 11, 30, 1, 52, 8, 849576100, time.UTC)
	paths := []string{
		"/ar/victim-services", "/", "/a\"b\\c", "/new\nline\r\ttab", "/ctl\x00\x01\x1f\x7f", "/<script>&amp;",
		"/bad\xff\xfeutf8", "/sep\u2028\u2029", "/ﺍﻟﺸﺮﻃﺔ/数据", "/emoji/🚓", "",
	}
	for _, p := range paths {
		for _, tm := range []time.Time{at, {}, at.In(time.FixedZone("x", -5*3600)), at.Truncate(time.Second)} {
			r := slog.NewRecord(tm, slog.LevelInfo, web.RequestLogMessage, 0)
			r.AddAttrs(slog.String("method", "GET"), slog.String("path", p), slog.Int("status", 200),
				slog.Int64("bytes", -1), slog.Duration("duration", 34393*time.Nanosecond), slog.Uint64("u", 7), slog.Bool("ok", true))
			var want bytes.Buffer
			if err := slog.NewJSONHandler(&want, nil).Handle(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			b := &logBuffer{w: &got}
			if !b.appendRequestJSON(r) {
				t.Fatalf("appendRequestJSON refused a request record")
			}
			b.flush() // the timer's later flush finds nothing to write
			if got.String() != want.String() {
				t.Fatalf("line=%q\nwant %q", got.String(), want.String())
			}
		}
	}
	r := slog.NewRecord(at, slog.LevelInfo, web.RequestLogMessage, 0)
	r.AddAttrs(slog.Any("error", context.Canceled))
	if b := (&logBuffer{}); b.appendRequestJSON(r) || len(b.buf) > 0 {
		t.Fatalf("appendRequestJSON wrote a record with an attribute it cannot write as slog does")
	}
}
