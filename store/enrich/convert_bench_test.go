package enrich

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
)

// BenchmarkConvert converts a capture to Parquet with every enriched column: the capture
// named by SCRY_BENCH_CAPTURE (e.g. bench/cmd/genbig's output), else the largest corpus
// capture. The figure to read is ns/op divided by the events reported.
func BenchmarkConvert(b *testing.B) {
	in := os.Getenv("SCRY_BENCH_CAPTURE")
	if in == "" {
		var best int64
		for _, f := range corpusFiles(b) {
			if st, err := os.Stat(f); err == nil && st.Size() > best {
				in, best = f, st.Size()
			}
		}
	}
	out := filepath.Join(b.TempDir(), "out.parquet")
	b.ReportAllocs()
	var events int64
	for b.Loop() {
		src, err := scap.Open(in)
		if err != nil {
			b.Fatal(err)
		}
		tr, err := New()
		if err != nil {
			b.Fatal(err)
		}
		st, err := store.ToParquet(src, out, store.ConvertOptions{Tracker: tr})
		src.Close()
		if err != nil {
			b.Fatal(err)
		}
		events = st.Events
	}
	b.ReportMetric(float64(events), "events/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(events), "ns/event")
}
