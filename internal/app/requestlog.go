package app

import (
	"log/slog"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/outreach-project/outreach/server/web"
)

// WriteRequestLine buffers a successful request's line, written as the handler's slog
// format (JSON or text) would write l.Record(), byte for byte. Lines at warning level
// or above (they are written at once) and a time slog cannot show take the record's
// path.
func (h splitHandler) WriteRequestLine(l web.RequestLine) bool {
	if h.lines == nil || l.Level >= slog.LevelWarn || l.Time.IsZero() || !stampOf(l.Time).ok {
		return false
	}
	// The line is made before taking the buffer's lock, which requests on every core
	// share; a line longer than scratch (a very long path) goes to the heap.
	var scratch [512]byte
	var line []byte
	if h.json {
		line = appendRequestJSON(scratch[:0], l)
	} else {
		line = appendRequestText(scratch[:0], l)
	}
	b := h.lines
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, line...)
	_ = b.waitLocked()
	return true
}

// appendRequestJSON appends l as slog's JSON handler writes it.
func appendRequestJSON(buf []byte, l web.RequestLine) []byte {
	buf = append(buf, `{"time":"`...)
	buf = appendRFC3339Nano(buf, l.Time)
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
	return append(buf, '}', '\n')
}

// appendRequestText appends l as slog's text handler writes it: the time to the
// millisecond, strings quoted only when they need it, the duration as
// time.Duration.String writes it.
func appendRequestText(buf []byte, l web.RequestLine) []byte {
	buf = append(buf, "time="...)
	buf = appendRFC3339Millis(buf, l.Time)
	buf = append(buf, " level="...)
	buf = appendTextString(buf, l.Level.String())
	buf = append(buf, " msg="+web.RequestLogMessage+" method="...)
	buf = appendTextString(buf, l.Method)
	buf = append(buf, " path="...)
	buf = appendTextString(buf, l.Path)
	buf = append(buf, " status="...)
	buf = strconv.AppendInt(buf, int64(l.Status), 10)
	buf = append(buf, " bytes="...)
	buf = strconv.AppendInt(buf, l.Bytes, 10)
	buf = append(buf, " duration="...)
	buf = append(buf, l.Duration.String()...)
	return append(buf, '\n')
}

// appendTextString appends s as slog's text handler does: as it is, or Go-quoted when
// it is empty or has a space, '=', '"', a control character, invalid UTF-8, or a rune
// that is not printable.
func appendTextString(buf []byte, s string) []byte {
	if textNeedsQuoting(s) {
		return strconv.AppendQuote(buf, s)
	}
	return append(buf, s...)
}

func textNeedsQuoting(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c == ' ' || c == '=' || c == '"' || c < 0x20 {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
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
