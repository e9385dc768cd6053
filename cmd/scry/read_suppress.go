package main

import (
	"bytes"

	"github.com/scrylabs/scry/formats/event"
)

// Event types the comm suppression looks at (0.29-era ids).
const (
	evProcExit1E = 186 // PPME_PROCEXIT_1_E
	evClone20X   = 223 // PPME_SYSCALL_CLONE_20_X
	evFork20X    = 225 // PPME_SYSCALL_FORK_20_X
	evVfork20X   = 227 // PPME_SYSCALL_VFORK_20_X
	evExecve19X  = 293 // PPME_SYSCALL_EXECVE_19_X
	evClone3X    = 335 // PPME_SYSCALL_CLONE3_X
)

// commSuppressor drops the events of processes by command name (-U), before the state
// engine sees them and before they are numbered, as sysdig's capture layer does: a
// clone, fork, vfork or execve exit whose comm is suppressed, or whose parent is,
// suppresses its thread; any other exit of those calls lifts it; a suppressed thread's
// events are dropped up to its procexit. Threads of the capture's process list are not
// suppressed.
type commSuppressor struct {
	comms   [][]byte
	tids    map[int64]bool
	dropped uint64
	num     uint64 // events kept so far: the numbering of the others
}

func newCommSuppressor(comms []string) *commSuppressor {
	s := &commSuppressor{tids: make(map[int64]bool)}
	for _, c := range comms {
		s.comms = append(s.comms, []byte(c))
	}
	return s
}

// keep reports whether ev is kept, and numbers the events kept.
func (s *commSuppressor) keep(ev *event.Event) bool {
	drop := s.suppressed(ev)
	if drop {
		s.dropped++
		return false
	}
	s.num++
	ev.Num = s.num
	return true
}

func (s *commSuppressor) suppressed(ev *event.Event) bool {
	tid := ev.Tid()
	switch ev.Type() {
	case evClone20X, evFork20X, evVfork20X, evExecve19X, evClone3X:
		if ev.NParams() < 14 {
			return false
		}
		ptid, _ := ev.Int64(5)
		comm := ev.Param(13)
		if i := bytes.IndexByte(comm, 0); i >= 0 {
			comm = comm[:i]
		}
		sup := s.tids[ptid]
		for _, c := range s.comms {
			if sup {
				break
			}
			sup = bytes.Equal(c, comm)
		}
		if sup {
			s.tids[tid] = true
		} else {
			delete(s.tids, tid)
		}
		return sup
	case evProcExit1E:
		if s.tids[tid] {
			delete(s.tids, tid)
			return true
		}
		return false
	}
	return s.tids[tid]
}
