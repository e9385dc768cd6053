package main

import (
	"strings"
	"testing"
)

// TestReadDisplayFilter: with -d the filter only selects what is printed; -n counts
// every event processed. sysdig 0.29.3 -d -v -n 5 with a filter matching none of the
// first five events printed nothing and reported "Captured Events: 5"; without -d the
// same -n counted matching events only.
func TestReadDisplayFilter(t *testing.T) {
	path := writeReadCapture(t) // events 1-8 alternate enter, exit
	got := readLines(t, readOptions{file: path, format: "%evt.num", count: 3, display: true}, "evt.dir=<")
	if strings.Join(got, ",") != "2" {
		t.Errorf("-d -n 3: %q, want event 2 only", got)
	}
	got = readLines(t, readOptions{file: path, format: "%evt.num", count: 3}, "evt.dir=<")
	if strings.Join(got, ",") != "2,4,6" {
		t.Errorf("-n 3: %q, want 2,4,6", got)
	}
}
