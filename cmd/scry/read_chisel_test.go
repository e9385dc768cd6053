package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/chisel"
)

// TestReadRunsChisel: scry read FILE -c NAME ARGS FILTER runs the chisel as sysdig -r
// FILE -c NAME ARGS FILTER does: the word after the name is the chisel's argument, the
// rest the filter, and the events reach the chisel.
func TestReadRunsChisel(t *testing.T) {
	dir := t.TempDir()
	src := `
description = "counts events by a field"
short_description = "count"
category = "Test"
args = {{name = "field", description = "f", argtype = "string"}}
function on_set_arg(n, v) fld = v return true end
function on_init() f = chisel.request_field(fld) n = 0 return true end
function on_event() n = n + 1 last = evt.field(f) return true end
function on_capture_end() print(n, last) end
`
	if err := os.WriteFile(filepath.Join(dir, "count.lua"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(chisel.PathEnv, dir)
	path := writeReadCapture(t) // 8 events, 4 of them exits; the last is an open exit of /nope
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs([]string{"read", path, "-c", "count", "evt.type", "evt.dir=<"})
	if err := root.Execute(); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if got, want := out.String(), "4\topen\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}
