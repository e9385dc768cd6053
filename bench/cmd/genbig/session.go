package main

import (
	"slices"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// Event types a session writes itself.
const (
	typeCloneX     = 223 // PPME_SYSCALL_CLONE_20_X
	typeProcexit1E = 186 // PPME_PROCEXIT_1_E
	typeProcexitE  = 16  // PPME_PROCEXIT_E
)

// Clone flags (the event table's clone_flags).
const (
	cloneFiles       = 0x1
	cloneFS          = 0x2
	cloneParentTid   = 0x200
	cloneSighand     = 0x800
	cloneSysvsem     = 0x1000
	cloneThread      = 0x2000
	cloneVM          = 0x8000
	cloneChildClear  = 0x800000
	cloneChildSet    = 0x1000000
	cloneSettls      = 0x2000000
	forkFlags        = cloneChildClear | cloneChildSet
	threadCloneFlags = cloneVM | cloneFS | cloneFiles | cloneSighand | cloneThread | cloneSysvsem |
		cloneSettls | cloneParentTid | cloneChildClear
)

// session is one run of a template on the host: its events with times moved to the
// session and thread ids moved to pids of the host, preceded by clone events that start
// the template's processes and followed by procexit events that end them.
type session struct {
	t       *template
	start   uint64
	stretch float64
	next    int           // index of the next template event
	queue   []event.Event // synthetic events to write before the next template event
	// tids maps the template's thread ids to the host's. For daemon templates the
	// mapping of the process table's threads is shared by all sessions.
	tids    map[int64]int64
	created map[int64]bool // host tids the session started (or first saw): exit at the end
	thread  map[int64]bool // host tids that are threads of another process
	last    uint64         // timestamp of the last event written (times never go back)
	buf     []byte
	ended   bool
}

// hostState is what sessions share: the pid allocator and daemons' running processes.
type hostState struct {
	pids    *pidAllocator
	images  map[*template]map[int64]int64 // template main tid -> its idle copy's tid
	daemons map[*template]*daemonState
}

// daemonState is a daemon template's running processes.
type daemonState struct {
	tids  map[int64]int64 // template tid -> host tid, for the process table's threads
	alive map[int64]bool  // template tids whose host thread is running
}

// newSession prepares a session; its first events are the clone events of the processes
// it needs that are not running.
func (h *hostState) newSession(t *template, start uint64, stretch float64) *session {
	s := &session{t: t, start: start, stretch: stretch, last: start,
		created: map[int64]bool{}, thread: map[int64]bool{}}
	d := h.daemons[t]
	if t.prof.daemon && d == nil {
		d = &daemonState{tids: map[int64]int64{}, alive: map[int64]bool{}}
		h.daemons[t] = d
	}
	s.tids = map[int64]int64{}
	var starting []int64
	for _, tid := range t.spawn {
		if d != nil && d.alive[tid] {
			s.tids[tid] = d.tids[tid]
			continue
		}
		host := h.pids.next()
		s.tids[tid] = host
		starting = append(starting, tid)
		if d != nil {
			d.tids[tid], d.alive[tid] = host, true
		} else {
			s.created[host] = true
		}
		if t.isThread(tid) {
			s.thread[host] = true
		}
	}
	for _, tid := range starting {
		s.queue = append(s.queue, s.cloneEvent(h, tid))
	}
	return s
}

// cloneEvent is the child side of the clone that starts the host copy of template thread
// tid: a process forked from its idle image (whose fds it inherits), or a thread of its
// main thread.
func (s *session) cloneEvent(h *hostState, tid int64) event.Event {
	p := s.t.procs[tid]
	host := s.tids[tid]
	pid, ptid, flags := host, h.images[s.t][tid], uint32(forkFlags)
	if s.t.isThread(tid) {
		pid, ptid, flags = s.tids[p.Pid], s.tids[p.Pid], threadCloneFlags
	}
	vtid, vpid := p.Vtid, p.Vpid
	if vtid == p.Tid || vtid <= 0 {
		vtid = host
	}
	if vpid == p.Pid || vpid <= 0 {
		vpid = pid
	}
	raw := event.Append(nil, s.start, host, typeCloneX,
		event.I64(0), event.CStr(p.Exe), p.Args, event.I64(host), event.I64(pid), event.I64(ptid),
		event.CStr(p.Cwd), event.I64(int64(p.FDLimit)), event.U64(p.PFMajor), event.U64(p.PFMinor),
		event.U32(p.VMSizeKB), event.U32(p.VMRSSKB), event.U32(p.VMSwapKB), event.CStr(p.Comm),
		p.Cgroups, event.U32(flags), event.U32(p.UID), event.U32(p.GID), event.I64(vtid), event.I64(vpid))
	return event.Event{Raw: raw}
}

// procexit is the exit of host thread tid at time ts.
func procexit(ts uint64, tid int64) event.Event {
	return event.Event{Raw: event.Append(nil, ts, tid, typeProcexit1E,
		event.I64(0), event.I64(0), event.U8(0), event.U8(0))}
}

// peek returns the timestamp of the session's next event; ok is false when it is done.
func (s *session) peek() (ts uint64, ok bool) {
	s.end()
	if len(s.queue) > 0 {
		return max(s.queue[0].Ts(), s.last), true
	}
	if s.next < len(s.t.events) {
		return max(s.mapTs(s.t.events[s.next].Ts()), s.last), true
	}
	return 0, false
}

func (s *session) mapTs(ts uint64) uint64 {
	if ts < s.t.t0 {
		return s.start // container events of the capture's start carry no time
	}
	return s.start + uint64(float64(ts-s.t.t0)*s.stretch)
}

// pop returns the session's next event, valid until the next call; at the end of the
// template it queues the exits of the processes the session started.
func (s *session) pop(h *hostState) (*event.Event, bool) {
	s.end()
	if len(s.queue) > 0 {
		ev := s.queue[0]
		s.queue = s.queue[1:]
		s.buf = append(s.buf[:0], ev.Raw...)
		return s.finish(h, event.Event{Raw: s.buf, CPU: ev.CPU}), true
	}
	if s.next >= len(s.t.events) {
		return nil, false
	}
	src := &s.t.events[s.next]
	s.next++
	s.buf = append(s.buf[:0], src.Raw...)
	ev := event.Event{Raw: s.buf, CPU: src.CPU, Flags: src.Flags}
	le.PutUint64(ev.Raw[0:], s.mapTs(src.Ts()))
	s.rewrite(h, &ev)
	return s.finish(h, ev), true
}

// finish keeps times from going back and notes exits.
func (s *session) finish(h *hostState, ev event.Event) *event.Event {
	ts := max(ev.Ts(), s.last)
	le.PutUint64(ev.Raw[0:], ts)
	s.last = ts
	if t := ev.Type(); (t == typeProcexit1E || t == typeProcexitE) && ev.Tid() > 0 {
		s.exited(h, ev.Tid())
	}
	return &ev
}

// rewrite moves the event's thread ids to the host's.
func (s *session) rewrite(h *hostState, ev *event.Event) {
	if tid := ev.Tid(); tid > 0 {
		le.PutUint64(ev.Raw[8:], uint64(s.hostTid(h, tid)))
	}
	info := ev.Info()
	if info == nil {
		return
	}
	n := ev.NumParams()
	// vtid and vpid of clone events are namespace ids: they follow tid and pid only for
	// processes outside containers (where they are equal).
	var origTid, origPid int64
	isClone := info.Category == schema.CatProcess && len(info.Params) > 19 && info.Params[18].Name == "vtid"
	for i := 0; i < n; i++ {
		if info.Params[i].Type != schema.TypePid {
			continue
		}
		p := ev.Param(i)
		if len(p) != 8 {
			continue
		}
		v := int64(le.Uint64(p))
		switch name := info.Params[i].Name; {
		case isClone && name == "tid":
			origTid = v
		case isClone && name == "pid":
			origPid = v
		case isClone && name == "vtid":
			if v != origTid {
				continue
			}
		case isClone && name == "vpid":
			if v != origPid {
				continue
			}
		}
		if v <= 0 {
			continue
		}
		if isClone && (info.Params[i].Name == "res" || info.Params[i].Name == "tid") {
			le.PutUint64(p, uint64(s.hostTid(h, v))) // a new thread: give it a pid
			continue
		}
		if m, ok := s.tids[v]; ok {
			le.PutUint64(p, uint64(m))
		}
	}
	if isClone {
		if res, _ := ev.Int64(0); res == 0 {
			tid, _ := ev.Int64(3)
			pid, _ := ev.Int64(4)
			if tid != pid {
				s.thread[tid] = true
			}
		}
	}
}

// exited forgets a host thread that a procexit event ends.
func (s *session) exited(h *hostState, tid int64) {
	delete(s.created, tid)
	h.pids.release(tid)
	if d := h.daemons[s.t]; d != nil {
		for k, v := range d.tids {
			if v == tid {
				delete(d.alive, k)
			}
		}
	}
}

// hostTid maps a template tid, giving a new pid to one not seen before.
func (s *session) hostTid(h *hostState, tid int64) int64 {
	if m, ok := s.tids[tid]; ok {
		return m
	}
	m := h.pids.next()
	s.tids[tid] = m
	s.created[m] = true
	return m
}

// end queues the exits once the template's events and the queued events are written.
func (s *session) end() {
	if len(s.queue) == 0 && s.next >= len(s.t.events) && !s.ended {
		s.ended = true
		s.queueExits()
	}
}

// queueExits ends the threads the session started that are still running: threads
// first, then processes (a process with running threads is not removed).
func (s *session) queueExits() {
	var threads, mains []int64
	for tid := range s.created {
		if s.thread[tid] {
			threads = append(threads, tid)
		} else {
			mains = append(mains, tid)
		}
	}
	slices.Sort(threads)
	slices.Sort(mains)
	for _, tid := range append(threads, mains...) {
		s.queue = append(s.queue, procexit(s.last, tid))
	}
}
