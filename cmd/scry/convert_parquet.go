package main

import (
	"fmt"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
)

// convertToParquet writes a capture (scap or Parquet) as a scry Parquet file, with the
// enriched columns when a state tracker is available.
func convertToParquet(in, out string, o convertOptions) (*convertStats, error) {
	src, size, done, err := openSource(in)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	bar := newProgress(size, "convert "+in)
	defer bar.finish()
	var tr store.Tracker
	if !o.noEnrich {
		tr = newTracker()
	}
	st, err := store.ToParquet(src, out, store.ConvertOptions{Tracker: tr, Progress: func(int64) { bar.set(done()) }})
	if st == nil {
		return nil, err
	}
	cs := &convertStats{Sections: 1, Events: uint64(st.Events), Compression: scap.CompressNone}
	if err != nil {
		return cs, fmt.Errorf("convert %s: kept the %d events before the error: %w", in, st.Events, err)
	}
	return cs, nil
}

// convertParquetToScap regenerates a scap capture from a scry Parquet file.
func convertParquetToScap(in, out string, comp scap.Compression) (*convertStats, error) {
	r, err := parquet.Open(in)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	w, err := scap.Create(out, scap.WriterOptions{Compression: comp})
	if err != nil {
		return nil, err
	}
	bar := newProgress(r.NumRows(), "convert "+in)
	defer bar.finish()
	n, err := store.ToScap(r, w, bar.set)
	cs := &convertStats{Sections: len(r.Sections()), Events: uint64(n), Compression: comp}
	cerr := w.Close()
	if err != nil {
		return cs, fmt.Errorf("convert %s: kept the %d events before the error: %w", in, n, err)
	}
	return cs, cerr
}
