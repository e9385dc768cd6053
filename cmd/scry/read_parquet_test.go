package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReadParquetMatchesScap: `scry read` of a capture scry converted to Parquet prints
// what it prints for the capture, in the default, filtered and JSON outputs.
func TestReadParquetMatchesScap(t *testing.T) {
	in := writeReadCapture(t)
	pq := filepath.Join(t.TempDir(), "small.parquet")
	if _, err := runScry(t, "convert", in, pq); err != nil {
		t.Fatalf("convert: %v", err)
	}
	for _, c := range []struct {
		o      readOptions
		filter string
	}{
		{readOptions{timeMode: "a"}, ""},
		{readOptions{format: "%evt.num %user.name %fd.name"}, "evt.dir=< and fd.name contains /"},
		{readOptions{json: true}, "evt.failed=true"},
	} {
		scapOpts, pqOpts := c.o, c.o
		scapOpts.file, pqOpts.file = in, pq
		want := readLines(t, scapOpts, c.filter)
		got := readLines(t, pqOpts, c.filter)
		if strings.Join(got, "\n") != strings.Join(want, "\n") || len(want) < 2 && c.filter == "" {
			t.Errorf("read %+v %q of the Parquet file:\n%s\nof the capture:\n%s", c.o, c.filter,
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
