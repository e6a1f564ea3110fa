package main

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestServingGCPercent(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live uint64
		base int
		want int
	}{
		{22 * mb, 100, 582},  // the default content: room for 128 MB
		{128 * mb, 100, 100}, // a heap as large as the headroom keeps the default
		{400 * mb, 100, 100}, // a large site keeps the default
		{400 * mb, 250, 250}, // never less than the base
		{22 * mb, -1, -1},    // off stays off
		{0, 100, 100},        // no figure: the base
	} {
		if got := servingGCPercent(c.live, c.base); got != c.want {
			t.Errorf("servingGCPercent(%d MB, %d)=%d, want %d", c.live/mb, c.base, got, c.want)
		}
		if c.base > 0 && c.live > 0 {
			if room := c.live * uint64(servingGCPercent(c.live, c.base)) / 100; room < servingHeadroom {
				t.Errorf("live %d MB: headroom %d MB, want at least %d MB", c.live/mb, room/mb, servingHeadroom/mb)
			}
		}
	}
}

// A GOGC in the environment is the operator's: start-up and serving leave it alone.
func TestStartupGCKeepsGOGCFromTheEnvironment(t *testing.T) {
	t.Setenv("GOGC", "150")
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	settle := startupGC()
	if got := debug.SetGCPercent(150); got != 150 {
		t.Fatalf("start-up GOGC=%d, want the environment's 150", got)
	}
	settle()
	if got := debug.SetGCPercent(150); got != 150 {
		t.Fatalf("serving GOGC=%d, want the environment's 150", got)
	}
}

// Without GOGC in the environment, start-up collects less often and serving leaves the
// heap at least servingHeadroom to grow.
func TestStartupGCThenServing(t *testing.T) {
	t.Setenv("GOGC", "") // restored after the test
	os.Unsetenv("GOGC")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	settle := startupGC()
	if got := debug.SetGCPercent(startupGCPercent); got != startupGCPercent {
		t.Fatalf("start-up GOGC=%d, want %d", got, startupGCPercent)
	}
	settle()
	// The live heap moves a little with whatever else runs in the process; the room it
	// leaves is what matters.
	got := debug.SetGCPercent(100)
	if room := liveHeap() * uint64(got) / 100; got < 100 || room < servingHeadroom/2 {
		t.Fatalf("serving GOGC=%d leaves %d bytes to grow (live heap %d bytes), want about %d", got, room, liveHeap(), servingHeadroom)
	}
}
