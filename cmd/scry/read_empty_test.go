package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestReadRefusesCaptureWithoutEvents: a capture holding metadata but no event (a
// recording whose filter or --pid matched nothing) is refused. sysdig 0.29.3 printed
// "Could not initialize reader: no events in file" and exited with status 1 for such a
// file, whatever the output options.
func TestReadRefusesCaptureWithoutEvents(t *testing.T) {
	path := writeCatCapture(t, "empty.scap", nil)
	for _, o := range []readOptions{{file: path}, {file: path, json: true}, {file: path, out: "jsonl"}} {
		var out bytes.Buffer
		o.timeMode = "h"
		err := runRead(&out, &o, "")
		if !errors.Is(err, errNoEvents) || !strings.Contains(err.Error(), path) {
			t.Errorf("%+v: err = %v, want %q naming the file", o, err, errNoEvents)
		}
	}
	// A filter that matches nothing in a capture with events is no error.
	var out bytes.Buffer
	if err := runRead(&out, &readOptions{file: writeReadCapture(t), timeMode: "h"}, "proc.name=nothing"); err != nil || out.Len() != 0 {
		t.Errorf("filter matching nothing: err %v, output %q", err, out.String())
	}
}
