package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/outreach-project/outreach/server/web"
)

// A request's line written directly must be the line slog's JSON handler writes for its
// record.
func TestRequestLineAsSlogWritesIt(t *testing.T) {
	at := time.Date(2026, 11, 30, 1, 52, 8, 849576100, time.UTC)
	paths := []string{
		"/ar/victim-services", "/", "/a\"b\\c", "/new\nline\r\ttab", "/ctl\x00\x01\x1f\x7f", "/<script>&amp;",
		"/bad\xff\xfeutf8", "/sep\u2028\u2029", "/ﺍﻟﺸﺮﻃﺔ/数据", "/emoji/🚓", "",
	}
	for _, p := range paths {
		for _, tm := range []time.Time{at, at.In(time.FixedZone("x", -5*3600)), at.Truncate(time.Second)} {
			for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
				l := web.RequestLine{Time: tm, Level: level, Method: "GET", Path: p, Status: 200, Bytes: -1, Duration: 34393 * time.Nanosecond}
				var want bytes.Buffer
				if err := slog.NewJSONHandler(&want, nil).Handle(context.Background(), l.Record()); err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				h := splitHandler{json: &logBuffer{w: &got}}
				if !h.WriteRequestLine(l) {
					t.Fatalf("WriteRequestLine refused a request line")
				}
				h.json.flush() // the timer's later flush finds nothing to write
				if got.String() != want.String() {
					t.Fatalf("line=%q\nwant %q", got.String(), want.String())
				}
			}
		}
	}
	// Lines the JSON cannot show as slog would, lines written at once, and text lines take
	// the record's path.
	ok := web.RequestLine{Time: at, Level: slog.LevelInfo, Method: "GET", Path: "/"}
	for name, c := range map[string]struct {
		h splitHandler
		l web.RequestLine
	}{
		"no time":     {splitHandler{json: &logBuffer{}}, web.RequestLine{Level: slog.LevelInfo, Method: "GET"}},
		"year 10000":  {splitHandler{json: &logBuffer{}}, web.RequestLine{Time: at.AddDate(8000, 0, 0), Method: "GET"}},
		"error":       {splitHandler{json: &logBuffer{}}, web.RequestLine{Time: at, Level: slog.LevelError, Status: 500}},
		"text format": {splitHandler{}, ok},
	} {
		if c.h.WriteRequestLine(c.l) || (c.h.json != nil && len(c.h.json.buf) > 0) {
			t.Errorf("%s: WriteRequestLine wrote a line that should take the record's path", name)
		}
	}
}

// BenchmarkRequestLine is what logging a request costs: its line written directly, and
// (for comparison) through slog's JSON handler from its record.
func BenchmarkRequestLine(b *testing.B) {
	l := web.RequestLine{Time: time.Now(), Level: slog.LevelInfo, Method: "GET", Path: "/ar/victim-services", Status: 200, Bytes: 5295, Duration: 47 * time.Microsecond}
	b.Run("direct", func(b *testing.B) {
		h := splitHandler{json: &logBuffer{w: io.Discard}}
		b.ReportAllocs()
		for b.Loop() {
			h.WriteRequestLine(l)
		}
	})
	b.Run("slog", func(b *testing.B) {
		h := slog.NewJSONHandler(&logBuffer{w: io.Discard}, nil)
		b.ReportAllocs()
		for b.Loop() {
			_ = h.Handle(context.Background(), l.Record())
		}
	})
}
