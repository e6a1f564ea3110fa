package app

import (
	"sync/atomic"
	"time"
)

// secondStamp is the part of a time's RFC 3339 form that changes at most once a
// second: the date and clock, and the zone. Request lines in the same second share it,
// so a line's time costs its fraction's digits rather than a calendar computation.
type secondStamp struct {
	unix  int64
	loc   *time.Location
	clock []byte // "2006-01-02T15:04:05"
	zone  []byte // "Z" or "-07:00"
	ok    bool   // the year has four digits, as slog writes it by this path
}

// lastSecond is the stamp of the last second a line was written in.
var lastSecond atomic.Pointer[secondStamp]

// stampOf is t's second's stamp. The zone's offset is fixed for a second in one
// location, so the unix second and the location are the key.
func stampOf(t time.Time) *secondStamp {
	unix, loc := t.Unix(), t.Location()
	if s := lastSecond.Load(); s != nil && s.unix == unix && s.loc == loc {
		return s
	}
	s := &secondStamp{unix: unix, loc: loc, ok: t.Year() >= 0 && t.Year() < 10000}
	if s.ok {
		b := t.AppendFormat(nil, time.RFC3339) // no fraction: "2006-01-02T15:04:05Z07:00"
		const clockLen = len("2006-01-02T15:04:05")
		s.clock, s.zone = b[:clockLen:clockLen], b[clockLen:]
	}
	lastSecond.Store(s)
	return s
}

// appendRFC3339Nano appends t as t.AppendFormat(buf, time.RFC3339Nano) does: the
// fraction's trailing zeros dropped, and with them the point when it is zero. t's year
// must be in 0..9999 (stampOf(t).ok).
func appendRFC3339Nano(buf []byte, t time.Time) []byte {
	s := stampOf(t)
	buf = append(buf, s.clock...)
	if ns := t.Nanosecond(); ns != 0 {
		digits := 9
		for ns%10 == 0 {
			ns /= 10
			digits--
		}
		buf = appendFraction(buf, ns, digits)
	}
	return append(buf, s.zone...)
}

// appendRFC3339Millis is slog's text time: RFC 3339 with exactly three fractional
// digits, truncated. t's year must be in 0..9999 (stampOf(t).ok).
func appendRFC3339Millis(buf []byte, t time.Time) []byte {
	s := stampOf(t)
	buf = appendFraction(append(buf, s.clock...), t.Nanosecond()/int(time.Millisecond), 3)
	return append(buf, s.zone...)
}

// appendFraction appends '.' and v as exactly digits decimal digits.
func appendFraction(buf []byte, v, digits int) []byte {
	n := len(buf) + 1 + digits
	buf = append(buf, ".000000000"[:1+digits]...)
	for i := n - 1; v > 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return buf
}
