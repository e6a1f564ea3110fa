package app

import (
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // zones with summer time, whatever the machine has installed
)

// The remembered second must give the bytes time's own formatting gives, whichever
// second and zone the lines before were in: the same second in another zone, the
// second a clock change happens, fractions with and without trailing zeros.
func TestTimeStampsAsTimeFormatsThem(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	zones := []*time.Location{time.UTC, newYork, time.FixedZone("ist", 5*3600+1800), time.FixedZone("lmt", -17762), time.Local}
	change := time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC) // 2 a.m. summer time in New York becomes 1 a.m.
	fractions := []int{0, 1, 10, 100_000, 849_576_100, 999_999_999, 500_000_000, 1_000_000, 999_999}
	rng := rand.New(rand.NewPCG(1, 2))
	var times []time.Time
	for i := range 2000 {
		var at time.Time
		switch i % 4 {
		case 0: // around the clock change, a second at a time
			at = change.Add(time.Duration(i/4-250) * time.Second)
		case 1: // anywhere in years 0 to 9999
			at = time.Unix(rng.Int64N(315_537_897_599+62_135_596_800)-62_135_596_800, 0)
		default: // the same second as the line before
			at = times[i-1].Truncate(time.Second)
		}
		at = at.Add(time.Duration(fractions[rng.IntN(len(fractions))]))
		times = append(times, at.In(zones[rng.IntN(len(zones))]))
	}
	for _, at := range times {
		if at.Year() < 0 || at.Year() >= 10000 {
			continue
		}
		if !stampOf(at).ok {
			t.Fatalf("stampOf(%v).ok=false for a four-digit year", at)
		}
		want := at.Format(time.RFC3339Nano)
		if got := string(appendRFC3339Nano([]byte("x"), at)); got != "x"+want {
			t.Fatalf("appendRFC3339Nano(%v)=%q, want %q", at, got, "x"+want)
		}
		// slog's text time: three digits, truncated.
		wantMillis := at.Format("2006-01-02T15:04:05.000Z07:00")
		if got := string(appendRFC3339Millis([]byte("x"), at)); got != "x"+wantMillis {
			t.Fatalf("appendRFC3339Millis(%v)=%q, want %q", at, got, "x"+wantMillis)
		}
	}
	for _, at := range []time.Time{time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if stampOf(at).ok {
			t.Errorf("stampOf(%v).ok=true, want false: slog writes that year otherwise", at)
		}
	}
}

// BenchmarkTimeStamp is a request line's time, remembered second against time's own
// formatting.
func BenchmarkTimeStamp(b *testing.B) {
	at := time.Now()
	buf := make([]byte, 0, 64)
	b.Run("remembered", func(b *testing.B) {
		for b.Loop() {
			buf = appendRFC3339Nano(buf[:0], at)
		}
	})
	b.Run("time.AppendFormat", func(b *testing.B) {
		for b.Loop() {
			buf = at.AppendFormat(buf[:0], time.RFC3339Nano)
		}
	})
}
