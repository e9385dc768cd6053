package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// writeBusyCapture writes a capture long enough to fill many read-ahead batches:
// processes opening, reading and closing files in turn.
func writeBusyCapture(t *testing.T, rounds int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "busy.scap")
	w, err := scap.Create(path, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sec := &scap.Section{}
	for p := int64(100); p < 110; p++ {
		sec.Processes = append(sec.Processes, scap.Process{Tid: p, Pid: p, Ptid: 1, Comm: fmt.Sprintf("worker%d", p),
			Exe: "worker", Cwd: "/srv", FDLimit: 1024, LoginUID: -1, Vtid: p, Vpid: p})
	}
	if err := w.WriteSection(sec); err != nil {
		t.Fatal(err)
	}
	ts, num := uint64(1_000_000_000), uint64(0)
	write := func(raw []byte) {
		num++
		ts += 100
		ev := event.Event{Raw: raw, Num: num}
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	for i := range rounds {
		tid := int64(100 + i%10)
		name := event.CStr(fmt.Sprintf("data/%d.txt", i%37))
		write(event.Append(nil, ts, tid, 2, name, event.U32(1), event.U32(0)))
		write(event.Append(nil, ts, tid, 3, event.I64(3), name, event.U32(1), event.U32(0), event.U32(0)))
		write(event.Append(nil, ts, tid, 6, event.I64(3), event.U32(4096)))
		write(event.Append(nil, ts, tid, 7, event.I64(int64(i%50)), []byte(strings.Repeat("x", i%50))))
		write(event.Append(nil, ts, tid, 4, event.I64(3)))
		write(event.Append(nil, ts, tid, 5, event.I64(0)))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// gzipFile writes a gzip copy of the file at path and returns the copy's path.
func gzipFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out := path + ".gz"
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// readCase is one way of reading a capture: the output format, the filter and -n.
type readCase struct {
	format, filter string
	count          int64
}

// samePrinted reads path in each case with and without the option set turns on (named
// flag in messages) and fails where the lines differ.
func samePrinted(t *testing.T, path, flag string, set func(*readOptions), cases []readCase) {
	t.Helper()
	for _, c := range cases {
		o := readOptions{file: path, format: c.format, count: c.count}
		plain := readLines(t, o, c.filter)
		set(&o)
		with := readLines(t, o, c.filter)
		if len(plain) < 100 {
			t.Fatalf("%q %q: only %d lines", c.format, c.filter, len(plain))
		}
		if strings.Join(plain, "\n") != strings.Join(with, "\n") {
			t.Errorf("format %q filter %q: %s prints %d lines that differ from the %d without it",
				c.format, c.filter, flag, len(with), len(plain))
		}
	}
}

// TestReadAheadPrintsTheSameLines checks that --read-ahead changes nothing in what scry
// read prints, with and without a filter, and when it stops early.
func TestReadAheadPrintsTheSameLines(t *testing.T) {
	path := gzipFile(t, writeBusyCapture(t, 20000)) // read-ahead is for captures not mapped
	samePrinted(t, path, "--read-ahead", func(o *readOptions) { o.readAhead = true }, []readCase{
		{"", "", 0},
		{"%evt.num %proc.name %fd.name %evt.args", "evt.dir=< and fd.name contains 7", 0},
		{"%evt.num %evt.type", "", 1000},
	})
}

// TestFrameAheadPrintsTheSameLines checks that framing a mapped capture on another core
// (--frame-ahead, the default) changes nothing in what scry read prints: filters that
// skip by type, that read fd state, none, and an early stop.
func TestFrameAheadPrintsTheSameLines(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("frame-ahead needs two cores (GOMAXPROCS < 2)")
	}
	path := writeBusyCapture(t, 20000)
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mapped := r.Mapped()
	r.Close()
	if !mapped {
		t.Fatalf("%s is not mapped: the test would compare the plain path with itself", path)
	}
	samePrinted(t, path, "--frame-ahead", func(o *readOptions) { o.frameAhead = true }, []readCase{
		{"", "", 0},
		{"%evt.num %proc.name %fd.name %evt.args", "evt.dir=< and fd.name contains 7", 0},
		{"", "evt.type=read and evt.dir=<", 0},
		{"%evt.num %evt.latency %proc.name %thread.tid %evt.args", "evt.type=open and evt.dir=< and proc.name=worker103", 0},
		{"%evt.num %evt.type", "", 1000},
	})
}

// TestReadRestoresTheCollector checks that the collector start-up turns off is back at
// its setting once a read ends, whether the capture loaded or not.
func TestReadRestoresTheCollector(t *testing.T) {
	const setting = 137
	old := debug.SetGCPercent(setting)
	defer debug.SetGCPercent(old)
	path := writeBusyCapture(t, 100)
	readLines(t, readOptions{file: path}, "evt.type=read")
	if got := debug.SetGCPercent(setting); got != setting {
		t.Errorf("after a read the collector's percent is %d, want %d", got, setting)
	}
	var out bytes.Buffer
	if err := runRead(&out, &readOptions{file: filepath.Join(t.TempDir(), "missing.scap")}, ""); err == nil {
		t.Fatal("reading a missing capture did not fail")
	}
	if got := debug.SetGCPercent(setting); got != setting {
		t.Errorf("after a failed read the collector's percent is %d, want %d", got, setting)
	}
}
