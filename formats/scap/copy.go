package scap

import (
	"errors"
	"io"

	"github.com/scrylabs/scry/formats/event"
)

// CopyStats says what Copy wrote.
type CopyStats struct {
	Sections int    // section headers written
	Events   uint64 // event blocks written
}

// Copy rewrites everything r has left into w: each section's metadata when r enters it,
// then its events, unknown event types included. It returns at the end of r (err nil)
// or at the first read or write error; on damaged input w has every event before the
// damage. It does not close w.
func Copy(w *Writer, r *Reader) (CopyStats, error) {
	r.ReturnUnknown(true)
	var st CopyStats
	var last *Section
	var ev event.Event
	for {
		rerr := r.Next(&ev)
		if s := r.Section(); s != last {
			last = s
			st.Sections++
			if err := w.WriteSection(s); err != nil {
				return st, err
			}
		}
		if errors.Is(rerr, io.EOF) {
			return st, nil
		}
		if rerr != nil {
			return st, rerr
		}
		if err := w.WriteEvent(&ev); err != nil {
			return st, err
		}
		st.Events++
	}
}
