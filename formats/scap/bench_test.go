package scap

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// benchDecode measures the pure decode loop over data, reporting events per second.
func benchDecode(b *testing.B, data []byte) {
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	var events int
	var ev event.Event
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), "bench")
		if err != nil {
			b.Fatal(err)
		}
		for {
			err := r.Next(&ev)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			events++
		}
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkDecodePlain(b *testing.B) { benchDecode(b, syntheticEvents(200000)) }

func BenchmarkDecodeGzip(b *testing.B) { benchDecode(b, gzipBytes(b, syntheticEvents(200000))) }

func BenchmarkDecodeZstd(b *testing.B) { benchDecode(b, zstdBytes(b, syntheticEvents(200000))) }

func BenchmarkWrite(b *testing.B) {
	data := syntheticEvents(200000)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, _ := NewReader(bytes.NewReader(data), "bench")
		w, _ := NewWriter(io.Discard, WriterOptions{})
		if _, err := Copy(w, r); err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}
