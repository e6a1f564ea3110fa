package app

import (
	"log/slog"
	"strconv"
	"time"
	"unicode/utf8"
)

// appendRequestJSON writes a request's log line as slog's JSON handler would, byte for
// byte, straight into the buffer: one line per request through slog's general machinery
// was the largest share of serving a cached page. It reports false, writing nothing,
// for a record it does not know how to write the same way (an attribute of a kind
// other than string, integer, duration or bool); that record takes slog's path.
func (b *logBuffer) appendRequestJSON(r slog.Record) bool {
	ok := true
	r.Attrs(func(a slog.Attr) bool {
		switch a.Value.Kind() {
		case slog.KindString, slog.KindInt64, slog.KindUint64, slog.KindDuration, slog.KindBool:
			return true
		}
		ok = false
		return false
	})
	if !ok || (!r.Time.IsZero() && (r.Time.Year() < 0 || r.Time.Year() >= 10000)) {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	buf := append(b.buf, '{')
	if !r.Time.IsZero() {
		buf = append(buf, `"time":"`...)
		buf = r.Time.AppendFormat(buf, time.RFC3339Nano)
		buf = append(buf, `",`...)
	}
	buf = append(buf, `"level":`...)
	buf = appendJSONString(buf, r.Level.String())
	buf = append(buf, `,"msg":`...)
	buf = appendJSONString(buf, r.Message)
	r.Attrs(func(a slog.Attr) bool {
		buf = append(buf, ',')
		buf = appendJSONString(buf, a.Key)
		buf = append(buf, ':')
		switch v := a.Value; v.Kind() {
		case slog.KindString:
			buf = appendJSONString(buf, v.String())
		case slog.KindInt64:
			buf = strconv.AppendInt(buf, v.Int64(), 10)
		case slog.KindUint64:
			buf = strconv.AppendUint(buf, v.Uint64(), 10)
		case slog.KindDuration:
			buf = strconv.AppendInt(buf, int64(v.Duration()), 10)
		case slog.KindBool:
			buf = strconv.AppendBool(buf, v.Bool())
		}
		return true
	})
	b.buf = append(buf, '}', '\n')
	if len(b.buf) >= logFlushSize {
		_ = b.flushLocked()
	} else if !b.armed {
		b.armed = true
		time.AfterFunc(logFlushAfter, b.flush)
	}
	return true
}

// appendJSONString is s quoted as slog's JSON handler quotes it: control characters,
// quotes and backslashes escaped, invalid UTF-8 as \ufffd, and U+2028 and U+2029
// escaped; <, > and & as they are.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '\\', '"':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
