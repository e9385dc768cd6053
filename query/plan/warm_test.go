package plan

import "testing"

func TestMayReadParquet(t *testing.T) {
	for from, want := range map[string]bool{
		"/data/store": true, "dir/**/*.parquet": true, "x.parquet": true,
		"capture.scap": false, "capture.scap.gz": false, "/tmp/t.scap.zst": false,
	} {
		if got := mayReadParquet(from); got != want {
			t.Errorf("mayReadParquet(%q) = %v, want %v", from, got, want)
		}
	}
	warmDecoders() // builds the decoders without panicking; queries still read footers
	d := synth(t)
	if got := runQuery(t, "SELECT count(*) FROM '"+d.ParquetPath+"'", Options{}); got == "count(*)\n0\n" {
		t.Errorf("after warming the decoders: %q", got)
	}
}
