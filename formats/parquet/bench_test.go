package parquet

import (
	"bytes"
	"io"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// benchEvents returns the events of the largest corpus capture, or synthetic ones.
func benchEvents(b *testing.B) ([]event.Event, *scap.Section) {
	var evs []event.Event
	sec := testSection()
	for _, p := range corpusFiles(b) {
		sr, err := scap.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		var ev event.Event
		var got []event.Event
		for sr.Next(&ev) == nil {
			got = append(got, ev.Clone())
		}
		if len(got) > len(evs) {
			evs, sec = got, sr.Section()
		}
		sr.Close()
	}
	return evs, sec
}

// BenchmarkWrite measures the lossless path: events to Parquet rows, no enrichment.
func BenchmarkWrite(b *testing.B) {
	evs, sec := benchEvents(b)
	b.ReportAllocs()
	var buf bytes.Buffer
	n := 0
	for b.Loop() {
		buf.Reset()
		w := NewWriter(&buf, WriterOptions{})
		w.AddSection(1, sec)
		for i := range evs {
			if err := w.Write(&evs[i], nil); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		n += len(evs)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(buf.Len())/float64(len(evs)), "bytes/event")
}

// BenchmarkRead measures rebuilding event views from a file.
func BenchmarkRead(b *testing.B) {
	evs, sec := benchEvents(b)
	var buf bytes.Buffer
	w := NewWriter(&buf, WriterOptions{})
	w.AddSection(1, sec)
	for i := range evs {
		w.Write(&evs[i], nil)
	}
	w.Close()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "bench")
		if err != nil {
			b.Fatal(err)
		}
		var ev event.Event
		for {
			if err := r.Next(&ev); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
