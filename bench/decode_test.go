package bench

import (
	"errors"
	"io"
	"os"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// BenchmarkDecodeFile is the pure decode loop over the capture named by SCRY_BENCH_FILE
// (e.g. one written by cmd/genbig), reporting events per second.
func BenchmarkDecodeFile(b *testing.B) {
	path := os.Getenv("SCRY_BENCH_FILE")
	if path == "" {
		b.Skip("skipping: set SCRY_BENCH_FILE to a capture (go run ./bench/cmd/genbig -o /tmp/big.scap)")
	}
	b.ReportAllocs()
	var events int
	var ev event.Event
	for b.Loop() {
		r, err := scap.Open(path)
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
		r.Close()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
