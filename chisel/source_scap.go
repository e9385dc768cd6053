package chisel

import (
	"fmt"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
)

// CaptureSource replays a scap capture through the state engine. It remembers the
// order in which the capture lists processes and fds, which is the order the reference
// inserts them into its tables.
type CaptureSource struct {
	r       *scap.Reader
	eng     *state.Engine
	ev      event.Event
	section *scap.Section

	threadOrder []int64
	fdOrder     map[int64][]int64
}

var _ Source = (*CaptureSource)(nil)

// OpenCapture opens a capture file (plain or compressed). Events the capture filter
// rejects (nil for none) are processed for state but not delivered.
func OpenCapture(path string, filter Matcher) (*CaptureSource, error) {
	r, err := scap.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open capture for chisels: %w", err)
	}
	s := &CaptureSource{r: r, eng: state.New(state.Options{})}
	if filter != nil {
		s.eng.SetFilter(func(ctx *state.EventContext) bool { return filter.Match(ctx, s.eng) })
	}
	s.loadSection()
	return s, nil
}

// Close closes the capture.
func (s *CaptureSource) Close() error { return s.r.Close() }

// loadSection imports the reader's current section if it is new.
func (s *CaptureSource) loadSection() {
	sec := s.r.Section()
	if sec == nil || sec == s.section {
		return
	}
	s.section = sec
	s.eng.LoadSection(sec)
	s.threadOrder = s.threadOrder[:0]
	s.fdOrder = make(map[int64][]int64)
	seen := make(map[int64]bool)
	for i := range sec.Processes {
		tid := sec.Processes[i].Tid
		if !seen[tid] {
			seen[tid] = true
			s.threadOrder = append(s.threadOrder, tid)
		}
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
		if err := s.r.Next(&s.ev); err != nil {
			return nil, err
		}
		s.loadSection()
		ctx := s.eng.Process(&s.ev)
		if ctx.Hidden || ctx.Filtered {
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

// Containers visits the container table by id.
func (s *CaptureSource) Containers(f func(c *state.Container) bool) { s.eng.Containers(f) }

// Machine is the capture's machine information.
func (s *CaptureSource) Machine() *Machine {
	if s.section == nil || s.section.Machine == nil {
		return nil
	}
	m := s.section.Machine
	return &Machine{NumCPUs: m.NumCPUs, MemoryBytes: m.MemoryBytes, MaxPID: m.MaxPID, Hostname: m.Hostname}
}

// Live is false: a capture file is replayed.
func (s *CaptureSource) Live() bool { return false }
