package chisel

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// eventReader is what the source reads events from: a scap reader or a Parquet
// segment reader.
type eventReader interface {
	Next(ev *event.Event) error
	Section() *scap.Section
	Close() error
}

// part opens one file of the source. first is true for the file the replay starts
// with; a segment then restores its start state into the engine.
type part func(s *CaptureSource, first bool) (eventReader, error)

// CaptureSource replays events through the state engine: a scap capture, a Parquet
// file (scry convert) or the segments of a store. It remembers the order in which the
// metadata lists processes and fds, which is the order the reference inserts them into
// its tables.
type CaptureSource struct {
	parts    []part
	next     int
	r        eventReader
	eng      *state.Engine
	ev       event.Event
	section  *scap.Section
	from, to uint64 // delivered time range, ns; to == 0 means no end

	threadOrder []int64
	fdOrder     map[int64][]int64
}

var _ Source = (*CaptureSource)(nil)

// parquetMagic starts (and ends) every Parquet file.
var parquetMagic = []byte("PAR1")

// OpenCapture opens a capture file: scap (plain or compressed) or Parquet, told apart
// by content. Events the capture filter rejects (nil for none) are processed for state
// but not delivered.
func OpenCapture(path string, filter Matcher) (*CaptureSource, error) {
	p := openScap(path)
	if isParquet(path) {
		p = openSegment(path)
	}
	return newSource([]part{p}, filter, 0, 0)
}

// OpenStore opens the segments of the store at dir whose events may fall in
// [from, to] (ns since the epoch; to == 0 for no end) and delivers the events of that
// range, replayed from the first segment's start state. A range without segments
// gives a source without events.
func OpenStore(dir string, from, to uint64, filter Matcher) (*CaptureSource, error) {
	st, err := store.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open store for chisels: %w", err)
	}
	end := to
	if end == 0 {
		end = ^uint64(0)
	}
	segs := st.Range(from, end)
	sort.SliceStable(segs, func(i, j int) bool { return segs[i].Stats.MinTs < segs[j].Stats.MinTs })
	parts := make([]part, len(segs))
	for i := range segs {
		parts[i] = openSegment(segs[i].Path)
	}
	return newSource(parts, filter, from, to)
}

func newSource(parts []part, filter Matcher, from, to uint64) (*CaptureSource, error) {
	s := &CaptureSource{parts: parts, eng: state.New(state.Options{}), from: from, to: to}
	if filter != nil {
		s.eng.SetFilter(func(ctx *state.EventContext) bool { return filter.Match(ctx, s.eng) })
	}
	if err := s.openNext(); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return s, nil
}

// isParquet reports whether the file at path starts with the Parquet magic.
func isParquet(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [4]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return false
	}
	return bytes.Equal(head[:], parquetMagic)
}

func openScap(path string) part {
	return func(s *CaptureSource, first bool) (eventReader, error) {
		r, err := scap.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open capture for chisels: %w", err)
		}
		return r, nil
	}
}

func openSegment(path string) part {
	return func(s *CaptureSource, first bool) (eventReader, error) {
		r, err := store.OpenSegment(path)
		if err != nil {
			return nil, fmt.Errorf("open segment for chisels: %w", err)
		}
		snap, err := r.Snapshot()
		if err == nil && first {
			err = enrich.Restore(s.eng, snap)
		}
		if err != nil {
			r.Close()
			return nil, fmt.Errorf("segment %s: start state: %w", path, err)
		}
		// The engine holds the start state (restored, or carried over from the
		// previous segment): record the listing order without loading the section.
		s.section = r.Section()
		s.recordOrder(snap.Section)
		return r, nil
	}
}

// openNext closes the current file and opens the next part; io.EOF when none is left.
func (s *CaptureSource) openNext() error {
	if s.r != nil {
		s.r.Close()
		s.r = nil
	}
	if s.next >= len(s.parts) {
		return io.EOF
	}
	r, err := s.parts[s.next](s, s.next == 0)
	s.next++
	if err != nil {
		return err
	}
	s.r = r
	s.loadSection()
	return nil
}

// Progress is the percentage of the source's files read so far.
func (s *CaptureSource) Progress() float64 {
	if len(s.parts) == 0 {
		return 100
	}
	done := float64(s.next - 1)
	if s.r == nil {
		done = float64(len(s.parts))
	}
	return 100 * done / float64(len(s.parts))
}

// Close closes the current file.
func (s *CaptureSource) Close() error {
	if s.r == nil {
		return nil
	}
	err := s.r.Close()
	s.r = nil
	return err
}

// loadSection imports the reader's current section if it is new.
func (s *CaptureSource) loadSection() {
	sec := s.r.Section()
	if sec == nil || sec == s.section {
		return
	}
	s.section = sec
	s.eng.LoadSection(sec)
	s.recordOrder(sec)
}

// recordOrder remembers the process-list and fd-list order of sec.
func (s *CaptureSource) recordOrder(sec *scap.Section) {
	s.threadOrder = s.threadOrder[:0]
	s.fdOrder = make(map[int64][]int64)
	if sec == nil {
		return
	}
	for i := range sec.Processes {
		s.threadOrder = append(s.threadOrder, sec.Processes[i].Tid)
	}
	for i := range sec.FDLists {
		l := &sec.FDLists[i]
		for j := range l.FDs {
			s.fdOrder[l.Tid] = append(s.fdOrder[l.Tid], l.FDs[j].Fd)
		}
	}
}

// Next returns the next delivered event.
func (s *CaptureSource) Next() (*state.EventContext, error) {
	for {
		if s.r == nil {
			return nil, io.EOF
		}
		if err := s.r.Next(&s.ev); err != nil {
			if errors.Is(err, io.EOF) {
				if err := s.openNext(); err != nil {
					return nil, err
				}
				continue
			}
			return nil, err
		}
		s.loadSection()
		ctx := s.eng.Process(&s.ev)
		if ctx.Hidden || ctx.Filtered {
			continue
		}
		if ts := s.ev.Ts(); ts < s.from || (s.to != 0 && ts > s.to) {
			continue
		}
		s.eng.EndEvent(ctx)
		return ctx, nil
	}
}

// View is the state engine.
func (s *CaptureSource) View() state.View { return s.eng }

// Threads visits the threads in the order of the reference's thread table: a hash map
// filled in the capture's process-list order, then with the threads events created
// (taken by tid).
func (s *CaptureSource) Threads(f func(t *state.Thread) bool) {
	keys := make([]int64, 0, s.eng.NumThreads())
	listed := make(map[int64]bool, len(s.threadOrder))
	for _, tid := range s.threadOrder {
		if !listed[tid] && s.eng.Thread(tid) != nil {
			listed[tid] = true
			keys = append(keys, tid)
		}
	}
	s.eng.EachThread(func(t *state.Thread) bool {
		if !listed[t.Tid] {
			keys = append(keys, t.Tid)
		}
		return true
	})
	for _, tid := range stdHashOrder(keys) {
		if t := s.eng.Thread(tid); t != nil && !f(t) {
			return
		}
	}
}

// FDs visits t's fds in the order of the reference's fd table: a hash map filled in
// the capture's fd-list order, then with the fds events opened (taken by number).
func (s *CaptureSource) FDs(t *state.Thread, f func(fd int64, e *state.FD) bool) {
	tab := s.eng.FDTable(t)
	if tab == nil {
		return
	}
	owner := t.Tid
	if m := s.eng.MainThread(t); m != nil && t.Flags&state.CloneFiles != 0 {
		owner = m.Tid
	}
	keys := make([]int64, 0, tab.Len())
	listed := make(map[int64]bool)
	for _, fd := range s.fdOrder[owner] {
		if !listed[fd] && tab.Get(fd) != nil {
			listed[fd] = true
			keys = append(keys, fd)
		}
	}
	for _, fd := range tab.FDs() {
		if !listed[fd] {
			keys = append(keys, fd)
		}
	}
	for _, fd := range stdHashOrder(keys) {
		if !f(fd, tab.Get(fd)) {
			return
		}
	}
}

// Containers visits the container table in the reference's order: that of a hash map
// keyed by id after the inserts, in the order the containers entered the table.
func (s *CaptureSource) Containers(f func(c *state.Container) bool) {
	byID := map[string]*state.Container{}
	var ids []string
	s.eng.ContainersAsAdded(func(c *state.Container) bool {
		byID[c.ID] = c
		ids = append(ids, c.ID)
		return true
	})
	for _, id := range stdStringHashOrder(ids) {
		if !f(byID[id]) {
			return
		}
	}
}

// Machine is the capture's machine information.
func (s *CaptureSource) Machine() *Machine {
	if s.section == nil || s.section.Machine == nil {
		return nil
	}
	m := s.section.Machine
	return &Machine{NumCPUs: m.NumCPUs, MemoryBytes: m.MemoryBytes, MaxPID: m.MaxPID, Hostname: m.Hostname}
}

// Live is false: recorded events are replayed.
func (s *CaptureSource) Live() bool { return false }
