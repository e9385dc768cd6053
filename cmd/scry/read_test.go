package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// writeReadCapture writes a small capture: process 100 "cat" (cwd /home/u, uid 0 = root)
// opens notes.txt (relative), reads it and closes it; an unknown thread 200 fails to
// open /nope.
func writeReadCapture(t *testing.T) string {
	t.Helper()
	evs := [][]byte{
		event.Append(nil, 1_000_000_000, 100, 2, event.CStr("notes.txt"), event.U32(1), event.U32(0)),
		event.Append(nil, 1_000_000_100, 100, 3, event.I64(3), event.CStr("notes.txt"), event.U32(1), event.U32(0), event.U32(0)),
		event.Append(nil, 1_000_000_200, 100, 6, event.I64(3), event.U32(4096)),
		event.Append(nil, 1_000_000_300, 100, 7, event.I64(6), []byte("hello\n")),
		event.Append(nil, 1_000_000_400, 100, 4, event.I64(3)),
		event.Append(nil, 1_000_000_500, 100, 5, event.I64(0)),
		event.Append(nil, 1_000_000_600, 200, 2, event.CStr("/nope"), event.U32(1), event.U32(0)),
		event.Append(nil, 1_000_000_700, 200, 3, event.I64(-2), event.CStr("/nope"), event.U32(1), event.U32(0), event.U32(0)),
	}
	return writeCatCapture(t, "small.scap", evs)
}

func readLines(t *testing.T, o readOptions, filter string) []string {
	t.Helper()
	var out bytes.Buffer
	if o.timeMode == "" {
		o.timeMode = "h"
	}
	if err := runRead(&out, &o, filter); err != nil {
		t.Fatalf("runRead: %v", err)
	}
	return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
}

func TestReadSmallCapture(t *testing.T) {
	path := writeReadCapture(t)
	lines := readLines(t, readOptions{file: path, timeMode: "a"}, "")
	want := []string{
		"1 1.0 0 cat (100) > open name=notes.txt(/home/u/notes.txt) flags=1(O_RDONLY) mode=0 ",
		"2 1.100 0 cat (100) < open fd=3(<f>/home/u/notes.txt) name=notes.txt(/home/u/notes.txt) flags=1(O_RDONLY) mode=0 dev=0 ",
		"3 1.200 0 cat (100) > read fd=3(<f>/home/u/notes.txt) size=4096 ",
		"4 1.300 0 cat (100) < read res=6 data=hello. ",
		"5 1.400 0 cat (100) > close fd=3(<f>/home/u/notes.txt) ",
		"6 1.500 0 cat (100) < close res=0 ",
		"7 1.600 0 <NA> (200) > open name=/nope flags=1(O_RDONLY) mode=0 ",
		"8 1.700 0 <NA> (200) < open fd=-2(ENOENT) name=/nope flags=1(O_RDONLY) mode=0 dev=0 ",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("default output:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	got := readLines(t, readOptions{file: path, format: "%evt.num %user.name %fd.name"}, "evt.dir=< and fd.name contains /")
	if strings.Join(got, "|") != "2 root /home/u/notes.txt|4 root /home/u/notes.txt|6 root /home/u/notes.txt" {
		t.Errorf("filtered output = %q", got)
	}
	got = readLines(t, readOptions{file: path, format: "%evt.num", count: 3}, "")
	if strings.Join(got, ",") != "1,2,3" {
		t.Errorf("-n 3 = %q", got)
	}
	got = readLines(t, readOptions{file: path, json: true, format: "%evt.num %evt.res %proc.name"}, "evt.failed=true")
	if len(got) != 1 || got[0] != `{"evt.num":8,"evt.res":"ENOENT","proc.name":"<NA>"}` {
		t.Errorf("-j = %q", got)
	}
	got = readLines(t, readOptions{file: path, out: "csv", format: "%evt.num %evt.type %fd.name"}, "evt.num<=2")
	if strings.Join(got, "|") != "evt.num,evt.type,fd.name|1,open,|2,open,/home/u/notes.txt" {
		t.Errorf("csv = %q", got)
	}
}

func TestReadUsageErrors(t *testing.T) {
	path := writeReadCapture(t)
	var out bytes.Buffer
	for _, c := range []struct {
		o      readOptions
		filter string
	}{
		{readOptions{file: path, timeMode: "h"}, "evt.type = = open"},
		{readOptions{file: path, timeMode: "h", format: "%nosuch"}, ""},
		{readOptions{file: path, timeMode: "h", out: "xml"}, ""},
	} {
		err := runRead(&out, &c.o, c.filter)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("runRead(%+v, %q) = %v, want a usage error", c.o, c.filter, err)
		}
	}
}
