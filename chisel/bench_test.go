package chisel

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// BenchmarkTopFilesChisel runs a table-building chisel (a key field, a value field and
// a filter per event, like sysdig's top* chisels) over a capture of n read events.
func BenchmarkTopFilesChisel(b *testing.B) {
	const n = 20000
	dir := b.TempDir()
	path := filepath.Join(dir, "bench.scap")
	w, err := scap.Create(path, scap.WriterOptions{})
	if err != nil {
		b.Fatal(err)
	}
	sec := &scap.Section{Processes: []scap.Process{{Tid: 10, Pid: 10, Ptid: 1, Comm: "reader", Exe: "reader", LoginUID: -1}},
		FDLists: []scap.FDList{{Tid: 10, FDs: []scap.FD{
			{Fd: 3, Type: scap.FDFile, Name: "/data/a"}, {Fd: 4, Type: scap.FDFile, Name: "/data/b"},
		}}}}
	if err := w.WriteSection(sec); err != nil {
		b.Fatal(err)
	}
	ts := uint64(1_600_000_000_000_000_000)
	for i := 0; i < n; i++ {
		fd := int64(3 + i%2)
		ts += 1000
		if err := w.WriteEvent(&event.Event{Raw: event.Append(nil, ts, 10, readE, event.I64(fd), event.U32(64))}); err != nil {
			b.Fatal(err)
		}
		ts += 1000
		if err := w.WriteEvent(&event.Event{Raw: event.Append(nil, ts, 10, readX, event.I64(64), make([]byte, 64))}); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	chisels := chiselDir(b, map[string]string{"top": `
description = "bytes per file"
short_description = "top"
category = "Bench"
args = {}
t = {}
function on_init()
	fk = chisel.request_field("fd.name")
	fv = chisel.request_field("evt.rawarg.res")
	chisel.set_filter("fd.type=file and evt.is_io=true")
	return true
end
function on_event()
	local k = evt.field(fk)
	local v = evt.field(fv)
	if k ~= nil and v ~= nil and v > 0 then t[k] = (t[k] or 0) + v end
	return true
end
`})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		src, err := OpenCapture(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		r, err := New(Options{Dirs: []string{chisels}, Out: io.Discard, Toolkit: DefaultToolkit()})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Load("top", nil); err != nil {
			b.Fatal(err)
		}
		if err := r.Run(src); err != nil {
			b.Fatal(err)
		}
		r.Close()
		src.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(2*n), "ns/event")
}
