package app

import (
	"log/slog"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/outreach-project/outreach/server/web"
)

// WriteRequestLine buffers a successful request's line, written as the JSON handler
// would write l.Record(), byte for byte. Text lines, lines at warning level or above
// (they are written at once) and a time slog's JSON cannot show take the record's path.
func (h splitHandler) WriteRequestLine(l web.RequestLine) bool {
	if h.json == nil || l.Level >= slog.LevelWarn || l.Time.IsZero() || l.Time.Year() < 0 || l.Time.Year() >= 10000 {
		return false
	}
	h.json.appendRequestLine(l)
	return true
}

// appendRequestLine buffers l as a JSON line.
func (b *logBuffer) appendRequestLine(l web.RequestLine) {
	b.mu.Lock()
	defer b.mu.Unlock()
	buf := append(b.buf, `{"time":"`...)
	buf = l.Time.AppendFormat(buf, time.RFC3339Nano)
	buf = append(buf, `","level":`...)
	buf = appendJSONString(buf, l.Level.String())
	buf = append(buf, `,"msg":"`+web.RequestLogMessage+`","method":`...)
	buf = appendJSONString(buf, l.Method)
	buf = append(buf, `,"path":`...)
	buf = appendJSONString(buf, l.Path)
	buf = append(buf, `,"status":`...)
	buf = strconv.AppendInt(buf, int64(l.Status), 10)
	buf = append(buf, `,"bytes":`...)
	buf = strconv.AppendInt(buf, l.Bytes, 10)
	buf = append(buf, `,"duration":`...)
	buf = strconv.AppendInt(buf, int64(l.Duration), 10)
	b.buf = append(buf, '}', '\n')
	if len(b.buf) >= logFlushSize {
		_ = b.flushLocked()
	} else if !b.armed {
		b.armed = true
		time.AfterFunc(logFlushAfter, b.flush)
	}
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
