package main

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func gcSettings() (percent, limit int64) {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64()), int64(s[1].Value.Uint64())
}

// TestDeferGCUntil checks that collection is off until the heap reaches the limit and
// that the settings in force come back after that first collection.
func TestDeferGCUntil(t *testing.T) {
	settleGC(t)
	percent, limit := gcSettings()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	deferGCUntil(48 << 20)
	deferGCUntil(32 << 20) // supersedes the first: the settings of before it come back
	if p, l := gcSettings(); p != -1 || l != 32<<20 {
		t.Fatalf("deferred: GOGC %d, memory limit %d; want off (-1) and 32 MiB", p, l)
	}
	var keep [][]byte
	for range 8 { // 8 MiB at a time, well past the limit
		keep = append(keep, make([]byte, 8<<20))
		if len(keep) > 2 {
			keep = keep[1:]
		}
	}
	runtime.KeepAlive(keep)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if p, l := gcSettings(); p == percent && l == limit {
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if after.NumGC == before.NumGC {
				t.Fatal("settings restored without a collection")
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	p, l := gcSettings()
	t.Fatalf("after the heap passed the limit: GOGC %d, limit %d; want %d and %d back", p, l, percent, limit)
}

// settleGC ends a deferral an earlier test (a query run in this process) left pending.
func settleGC(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		gcDeferral.Lock()
		active := gcDeferral.active
		gcDeferral.Unlock()
		if !active {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("an earlier deferral of garbage collection never ended")
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
