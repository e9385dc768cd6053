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

// Copy rewrites everything r has left into w: the metadata of the section r is in and of
// every later section (those without events too), and every event, unknown event types
// included. It returns at the end of r (err nil) or at the first read or write error; on
// damaged input w has every event before the damage. It does not close w.
func Copy(w *Writer, r *Reader) (CopyStats, error) {
	var st CopyStats
	writeSection := func(s *Section) error {
		st.Sections++
		return w.WriteSection(s)
	}
	if err := writeSection(r.Section()); err != nil {
		return st, err
	}
	r.ReturnUnknown(true)
	r.OnSection(writeSection)
	defer r.OnSection(nil)
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			return st, nil
		}
		if err != nil {
			return st, err
		}
		if err := w.WriteEvent(&ev); err != nil {
			return st, err
		}
		st.Events++
	}
}
