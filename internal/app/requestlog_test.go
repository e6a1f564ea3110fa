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

// A request's line written directly must be the line slog's handler of the same format
// writes for its record.
func TestRequestLineAsSlogWritesIt(t *testing.T) {
	at := time.Date(2026, 11, 30, 1, 52, 8, 849576100, time.UTC)
	paths := []string{
		"/ar/victim-services", "/", "/a\"b\\c", "/new\nline\r\ttab", "/ctl\x00\x01\x1f\x7f", "/<script>&amp;",
		"/bad\xff\xfeutf8", "/sep\u2028\u2029", "/ﺍﻟﺸﺮﻃﺔ/数据", "/emoji/🚓", "", "/a=b", "/sp ace", "/nb\u00a0sp",
		"/soft\u00adhyphen", "/replacement\ufffd", "/zw\u200bsp",
	}
	times := []time.Time{at, at.In(time.FixedZone("x", -5*3600)), at.Truncate(time.Second), at.Truncate(time.Millisecond),
		time.Date(2026, 11, 30, 23, 59, 59, 999_999_999, time.UTC)}
	durations := []time.Duration{34393 * time.Nanosecond, 0, 999, 1500 * time.Millisecond, 3 * time.Minute}
	for _, json := range []bool{true, false} {
		newHandler := func(w io.Writer) slog.Handler { return slog.NewTextHandler(w, nil) }
		if json {
			newHandler = func(w io.Writer) slog.Handler { return slog.NewJSONHandler(w, nil) }
		}
		for i, p := range paths {
			for j, tm := range times {
				for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
					l := web.RequestLine{Time: tm, Level: level, Method: "GET", Path: p, Status: 200, Bytes: -1, Duration: durations[(i+j)%len(durations)]}
					var want bytes.Buffer
					if err := newHandler(&want).Handle(context.Background(), l.Record()); err != nil {
						t.Fatal(err)
					}
					var got bytes.Buffer
					h := splitHandler{lines: &logBuffer{w: &got}, json: json}
					if !h.WriteRequestLine(l) {
						t.Fatalf("WriteRequestLine refused a request line")
					}
					h.lines.flush() // the timer's later flush finds nothing to write
					if got.String() != want.String() {
						t.Fatalf("json=%v: line=%q\nwant %q", json, got.String(), want.String())
					}
				}
			}
		}
	}
	// Lines slog cannot show as it would, lines written at once, and a handler with
	// attributes added take the record's path.
	ok := web.RequestLine{Time: at, Level: slog.LevelInfo, Method: "GET", Path: "/"}
	for name, c := range map[string]struct {
		h splitHandler
		l web.RequestLine
	}{
		"no time":         {splitHandler{lines: &logBuffer{}}, web.RequestLine{Level: slog.LevelInfo, Method: "GET"}},
		"year 10000":      {splitHandler{lines: &logBuffer{}, json: true}, web.RequestLine{Time: at.AddDate(8000, 0, 0), Method: "GET"}},
		"error":           {splitHandler{lines: &logBuffer{}}, web.RequestLine{Time: at, Level: slog.LevelError, Status: 500}},
		"with attributes": {splitHandler{buffered: slog.DiscardHandler, now: slog.DiscardHandler, lines: &logBuffer{}}.WithAttrs([]slog.Attr{slog.String("a", "b")}).(splitHandler), ok},
	} {
		if c.h.WriteRequestLine(c.l) || (c.h.lines != nil && len(c.h.lines.buf) > 0) {
			t.Errorf("%s: WriteRequestLine wrote a line that should take the record's path", name)
		}
	}
}

// BenchmarkRequestLine is what logging a request costs: its line written directly, and
// (for comparison) through slog's handler from its record, in each format.
func BenchmarkRequestLine(b *testing.B) {
	l := web.RequestLine{Time: time.Now(), Level: slog.LevelInfo, Method: "GET", Path: "/ar/victim-services", Status: 200, Bytes: 5295, Duration: 47 * time.Microsecond}
	for _, json := range []bool{true, false} {
		format := "text"
		if json {
			format = "json"
		}
		b.Run(format+"/direct", func(b *testing.B) {
			h := splitHandler{lines: &logBuffer{w: io.Discard}, json: json}
			b.ReportAllocs()
			for b.Loop() {
				h.WriteRequestLine(l)
			}
		})
		b.Run(format+"/slog", func(b *testing.B) {
			var h slog.Handler = slog.NewTextHandler(&logBuffer{w: io.Discard}, nil)
			if json {
				h = slog.NewJSONHandler(&logBuffer{w: io.Discard}, nil)
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = h.Handle(context.Background(), l.Record())
			}
		})
	}
}
