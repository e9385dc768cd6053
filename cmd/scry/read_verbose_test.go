package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
)

// TestReadVerboseCountsFilteredEvents: -v reports as captured the events the filter let
// through, not every event of the file. sysdig 0.29.3 printed "Captured Events: 650" for
// a 5847-event recording read with the filter evt.type=close, 5 with -n 5 added, and
// 5847 without a filter.
func TestReadVerboseCountsFilteredEvents(t *testing.T) {
	path := writeReadCapture(t) // 8 events, 4 of them exits
	for _, c := range []struct {
		filter string
		count  int64
		want   string
	}{
		{"", 0, "Captured Events: 8,"},
		{"evt.dir=<", 0, "Captured Events: 4,"},
		{"evt.dir=<", 3, "Captured Events: 3,"},
		{"proc.name=nothing", 0, "Captured Events: 0,"},
	} {
		stderr := captureStderr(t, func() {
			var out bytes.Buffer
			if err := runRead(&out, &readOptions{file: path, timeMode: "h", verbose: true, count: c.count}, c.filter); err != nil {
				t.Fatal(err)
			}
		})
		if !strings.Contains(stderr, c.want) {
			t.Errorf("filter %q -n %d: stderr %q, want %q", c.filter, c.count, stderr, c.want)
		}
	}
}

// captureStderr runs f and returns what it wrote to os.Stderr.
func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	defer func() { os.Stderr = saved }()
	f()
	w.Close()
	os.Stderr = saved
	return <-done
}
