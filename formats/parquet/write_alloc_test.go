package parquet

import (
	"bytes"
	"io"
	"strconv"
	"testing"
)

// enrichedRows returns n rows of enriched values drawn from a few processes and files.
func enrichedRows(n int) []Enriched {
	rows := make([]Enriched, n)
	for i := range rows {
		en := &rows[i]
		p := i % 7
		en.SetString(ColProcName, []byte("proc"+strconv.Itoa(p)))
		en.SetString(ColProcExe, []byte("/usr/bin/proc"+strconv.Itoa(p)))
		en.SetString(ColProcCmdline, []byte("proc"+strconv.Itoa(p)+" --serve"))
		en.SetInt(ColProcPid, int64(1000+p))
		en.SetString(ColUserName, []byte("root"))
		en.SetString(ColContainerID, []byte("host"))
		en.SetString(ColEvtCategory, []byte("file"))
		if i%2 == 1 {
			en.SetInt(ColEvtRawres, int64(i%5))
			en.SetBool(ColEvtFailed, i%5 == 3)
			en.SetInt(ColEvtLatency, int64(1000+i%977))
			en.SetString(ColFdName, []byte("/var/log/f"+strconv.Itoa(i%31)))
			en.SetInt(ColFdNum, int64(3+i%9))
			en.SetInt(ColFdSport, int64(i%3))
		}
		en.SetString(ColEvtArgs, []byte("fd=3 size="+strconv.Itoa(i%1000)))
	}
	return rows
}

// TestWriteAllocatesNothingPerEvent: once its dictionaries know the values, writing a row
// allocates nothing.
func TestWriteAllocatesNothingPerEvent(t *testing.T) {
	evs, rows := testEvents(512), enrichedRows(512)
	w := NewWriter(io.Discard, WriterOptions{})
	w.AddSection(1, testSection())
	for i := range evs {
		if err := w.Write(&evs[i], &rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	i := 0
	allocs := testing.AllocsPerRun(2000, func() {
		if err := w.Write(&evs[i%len(evs)], &rows[i%len(rows)]); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Fatalf("%.2f allocations per written row, want 0", allocs)
	}
}

// BenchmarkWriteEnriched measures the writer with every kind of enriched column set.
func BenchmarkWriteEnriched(b *testing.B) {
	evs, sec := benchEvents(b)
	rows := enrichedRows(4096)
	b.ReportAllocs()
	var buf bytes.Buffer
	n := 0
	for b.Loop() {
		buf.Reset()
		w := NewWriter(&buf, WriterOptions{})
		w.AddSection(1, sec)
		for i := range evs {
			if err := w.Write(&evs[i], &rows[i%len(rows)]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		n += len(evs)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/event")
}
