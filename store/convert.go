package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
)

// EventSource is what conversions and imports read: a scap.Reader or a parquet.Reader.
type EventSource interface {
	Next(ev *event.Event) error
	Section() *scap.Section
}

// ConvertOptions configure ToParquet.
type ConvertOptions struct {
	// Parquet is the file's layout. Without RowGroupRows, a converted file has row groups
	// of ConvertRowGroupRows; without PageRows, one page per row group (per 8 MiB of a
	// long column): zstd then sees a row group's repetitions (the same processes doing
	// the same things), 27% smaller files than with the writer's default row groups and
	// pages on a busy host; a query then prunes by row group, not by page.
	Parquet parquet.WriterOptions
	Tracker Tracker // fills the enriched columns; nil leaves them null
	// Progress, if set, is called every 64Ki events with the number converted so far.
	Progress func(events int64)
}

// ConvertRowGroupRows is the row group size of converted files: twice the writer's
// default, for a larger compression context (8% smaller on a busy host's capture, 29% on
// a repeated workload's, for 70-100 MB more memory: about 300 MB at the peak).
const ConvertRowGroupRows = 2 * parquet.DefaultRowGroupRows

// progressEvery is how many events pass between Progress calls.
const progressEvery = 1 << 16

// ToParquet converts every event src has left into a scry Parquet file at out, with the
// capture sections as they start. The file appears at out complete or not at all: it is
// written under a temporary name in out's folder, synced and renamed. On a read error
// after some events, the events before it are kept and the error is returned.
func ToParquet(src EventSource, out string, o ConvertOptions) (*parquet.Stats, error) {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create output: %w", err)
	}
	popts := o.Parquet
	if popts.RowGroupRows <= 0 {
		popts.RowGroupRows = ConvertRowGroupRows
	}
	if popts.PageRows <= 0 {
		popts.PageRows = popts.RowGroupRows
	}
	popts.PackSmall = true // a converted file is written once and kept: a short one packed smallest
	popts.SortSmall = true
	w := parquet.NewWriter(f, popts)
	var pipe *rowPipeline
	if runtime.GOMAXPROCS(0) > 1 {
		pipe = newRowPipeline(w) // encoding on a second core
	}
	write := func(ev *event.Event, en *parquet.Enriched) error {
		if pipe != nil {
			return pipe.write(ev, en)
		}
		return w.Write(ev, en)
	}
	finish := func() error { // the writer is the caller's again after it
		if pipe == nil {
			return nil
		}
		p := pipe
		pipe = nil
		return p.close()
	}
	var en parquet.Enriched
	var last *scap.Section
	var ev event.Event
	var readErr error
	var n int64
	for {
		err := src.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		if s := src.Section(); s != last {
			last = s
			if pipe != nil {
				pipe.addSection(ev.Num, s)
			} else {
				w.AddSection(ev.Num, s)
			}
			if o.Tracker != nil {
				if err := o.Tracker.LoadSection(s); err != nil {
					finish()
					return nil, abort(f, fmt.Errorf("load capture section into the state tracker: %w", err))
				}
			}
		}
		var enp *parquet.Enriched
		if o.Tracker != nil {
			en.Reset()
			o.Tracker.Track(&ev, &en)
			enp = &en
		}
		if err := write(&ev, enp); err != nil {
			finish()
			return nil, abort(f, err)
		}
		if n++; o.Progress != nil && n%progressEvery == 0 {
			o.Progress(n)
		}
	}
	if err := finish(); err != nil {
		return nil, abort(f, err)
	}
	if last == nil { // a capture without events still keeps its metadata
		w.AddSection(1, src.Section())
	}
	if err := w.Close(); err != nil {
		return nil, abort(f, err)
	}
	if err := commitFile(f, out); err != nil {
		return nil, err
	}
	if o.Progress != nil {
		o.Progress(n)
	}
	return w.Stats(), readErr
}

func abort(f *os.File, err error) error {
	f.Close()
	os.Remove(f.Name())
	return err
}

// ToScap writes every event of a scry Parquet file into a scap writer, starting each
// capture section where it started in the original capture.
func ToScap(r *parquet.Reader, w *scap.Writer, progress func(int64)) (int64, error) {
	secs := r.Sections()
	next := 0
	var ev event.Event
	var n int64
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, err
		}
		for next < len(secs) && (next == 0 || ev.Num >= secs[next].FirstNum) {
			if err := w.WriteSection(secs[next].Section); err != nil {
				return n, err
			}
			next++
		}
		if err := w.WriteEvent(&ev); err != nil {
			return n, err
		}
		if n++; progress != nil && n%progressEvery == 0 {
			progress(n)
		}
	}
	if next == 0 { // no events: the metadata alone
		if err := w.WriteSection(secs[0].Section); err != nil {
			return n, err
		}
	}
	return n, nil
}
