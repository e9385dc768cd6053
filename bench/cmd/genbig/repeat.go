package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// runRepeat writes n events: the events of src repeated with shifted timestamps and, over
// families, shifted tids; the process and fd tables are copied once per family.
func runRepeat(n int, out, src string, families int) error {
	sec, evs, err := loadSource(src)
	if err != nil {
		return err
	}
	if families < 1 {
		families = 1
	}
	shift := tidShift(sec, evs)
	w, err := scap.Create(out, scap.WriterOptions{Compression: compressionOf(out)})
	if err != nil {
		return err
	}
	if err := w.WriteSection(shiftedSection(sec, shift, families)); err != nil {
		w.Close()
		return err
	}
	t0, last := timeBounds(evs)
	span := last - t0 + 1000
	var buf []byte
	for written, rep := 0, 0; written < n; rep++ {
		dts, dtid := uint64(rep)*span, int64(rep%families)*shift
		for i := 0; i < len(evs) && written < n; i++ {
			buf = append(buf[:0], evs[i].Raw...)
			ev := event.Event{Raw: buf, CPU: evs[i].CPU, Flags: evs[i].Flags}
			le.PutUint64(buf[0:], max(ev.Ts(), t0)+dts)
			if tid := ev.Tid(); tid > 0 {
				le.PutUint64(buf[8:], uint64(tid+dtid))
			}
			if err := w.WriteEvent(&ev); err != nil {
				w.Close()
				return err
			}
			written++
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: %d events (%d processes, from %s)\n", out, n, len(sec.Processes)*families, sourceName(src))
	return nil
}

// timeBounds returns the first non-zero and the last timestamp of evs: captures may start
// with container events stamped 0, which repeat at the start of each copy.
func timeBounds(evs []event.Event) (t0, last uint64) {
	for i := range evs {
		ts := evs[i].Ts()
		if ts != 0 && (t0 == 0 || ts < t0) {
			t0 = ts
		}
		last = max(last, ts)
	}
	return t0, max(last, t0)
}

func sourceName(src string) string {
	if _, err := os.Stat(src); err != nil {
		return "synthetic events"
	}
	return src
}

// loadSource reads the metadata and events of src, or builds synthetic ones.
func loadSource(src string) (*scap.Section, []event.Event, error) {
	r, err := scap.Open(src)
	if errors.Is(err, os.ErrNotExist) {
		sec, evs := synthetic()
		return sec, evs, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	var evs []event.Event
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		evs = append(evs, ev.Clone())
	}
	if len(evs) == 0 {
		return nil, nil, fmt.Errorf("%s has no events", src)
	}
	return r.Section(), evs, nil
}

// tidShift is a shift larger than every tid in the source, so shifted families never
// collide.
func tidShift(sec *scap.Section, evs []event.Event) int64 {
	var hi int64
	for i := range sec.Processes {
		hi = max(hi, sec.Processes[i].Tid, sec.Processes[i].Pid)
	}
	for i := range evs {
		hi = max(hi, evs[i].Tid())
	}
	return (hi/100000 + 1) * 100000
}

// shiftedSection repeats the process and fd tables once per tid family.
func shiftedSection(sec *scap.Section, shift int64, families int) *scap.Section {
	out := *sec
	out.Processes, out.FDLists = nil, nil
	for f := 0; f < families; f++ {
		d := int64(f) * shift
		for _, p := range sec.Processes {
			p.Tid += d
			p.Pid += d
			if p.Ptid > 1 {
				p.Ptid += d
			}
			out.Processes = append(out.Processes, p)
		}
		for _, l := range sec.FDLists {
			l.Tid += d
			out.FDLists = append(out.FDLists, l)
		}
	}
	return &out
}
