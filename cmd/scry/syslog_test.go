package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// writeSyslogCapture writes a capture in which process 100 connects a unix socket to
// /dev/log and writes a syslog message to it.
func writeSyslogCapture(t *testing.T, path string) {
	t.Helper()
	w, err := scap.Create(path, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sec := &scap.Section{Processes: []scap.Process{{Tid: 100, Pid: 100, Ptid: 1, Comm: "logger", Exe: "logger",
		Cwd: "/", FDLimit: 1024, LoginUID: -1, Vtid: 100, Vpid: 100}}}
	if err := w.WriteSection(sec); err != nil {
		t.Fatal(err)
	}
	addr := append([]byte{1}, "/dev/log\x00"...)
	tuple := append([]byte{1, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0}, "/dev/log\x00"...)
	msg := []byte("<13>Nov 27 10:00:00 logger: hello world")
	evs := [][]byte{
		event.Append(nil, 1000, 100, 18, event.U32(1), event.U32(2), event.U32(0)),
		event.Append(nil, 1100, 100, 19, event.I64(3)),
		event.Append(nil, 1200, 100, 22, event.I64(3), addr),
		event.Append(nil, 1300, 100, 23, event.I64(0), tuple),
		event.Append(nil, 1400, 100, 8, event.I64(3), event.U32(uint32(len(msg)))),
		event.Append(nil, 1500, 100, 9, event.I64(int64(len(msg))), msg),
	}
	for i, raw := range evs {
		ev := event.Event{Raw: raw, Num: uint64(i + 1)}
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestReadSyslogDecoding(t *testing.T) {
	path := filepath.Join(t.TempDir(), "syslog.scap")
	if out := os.Getenv("SCRY_SYSLOG_CAPTURE"); out != "" {
		path = out // keep the capture to compare with sysdig by hand
	}
	writeSyslogCapture(t, path)
	got := readLines(t, readOptions{file: path, format: "%evt.num %fd.name %evt.info|%syslog.facility.str %syslog.severity %syslog.message"}, "evt.num>=4")
	// The expected line is what sysdig 0.29.3 prints for this capture.
	want := []string{
		"6 1000->2000 /dev/log syslog sev=notice msg=Nov 27 10:00:00 logger: hello world|user 5 Nov 27 10:00:00 logger: hello world",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("syslog output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
