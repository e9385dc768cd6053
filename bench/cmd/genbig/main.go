// Command genbig writes a large capture for benchmarks: the events of a corpus capture
// repeated with shifted timestamps and thread ids until it holds -n events, with the
// capture's metadata copied once per tid shift so every thread keeps its process name.
// Without the corpus it writes synthetic events of a realistic mix.
//
//	go run ./bench/cmd/genbig -n 5000000 -o /tmp/big.scap
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

func main() {
	n := flag.Int("n", 5000000, "number of events to write")
	out := flag.String("o", "/tmp/big.scap", "output capture (.scap, .scap.gz or .scap.zst)")
	src := flag.String("src", "../shared/corpus/raw/libs-sdk-go--httpd.scap", "capture whose events are repeated; synthetic events when absent")
	families := flag.Int("families", 8, "number of distinct tid shifts (copies of the process table)")
	flag.Parse()
	if err := run(*n, *out, *src, *families); err != nil {
		fmt.Fprintln(os.Stderr, "genbig:", err)
		os.Exit(1)
	}
}

func compressionOf(path string) scap.Compression {
	switch filepath.Ext(path) {
	case ".gz":
		return scap.CompressGzip
	case ".zst":
		return scap.CompressZstd
	}
	return scap.CompressNone
}

func run(n int, out, src string, families int) error {
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
	span := evs[len(evs)-1].Ts() - evs[0].Ts() + 1000
	var buf []byte
	for written, rep := 0, 0; written < n; rep++ {
		dts, dtid := uint64(rep)*span, int64(rep%families)*shift
		for i := 0; i < len(evs) && written < n; i++ {
			buf = append(buf[:0], evs[i].Raw...)
			ev := event.Event{Raw: buf, CPU: evs[i].CPU, Flags: evs[i].Flags}
			le.PutUint64(buf[0:], ev.Ts()+dts)
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
