package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// template is one recorded workload that sessions replay: its events in order, with the
// processes and fds that existed when it was recorded.
type template struct {
	name    string
	prof    profile
	events  []event.Event
	t0      uint64 // the first non-zero timestamp
	span    uint64 // ns from t0 to the last event
	procs   map[int64]*scap.Process
	fds     map[int64]*scap.FDList
	users   []scap.User
	groups  []scap.Group
	ifaces  []scap.Interface
	machine *scap.MachineInfo
	// spawn lists the threads of the process table that the events use, main threads
	// first: a session creates them (with clone events) before its first event.
	spawn []int64
	// images are the main threads among spawn: each gets an idle copy in the generated
	// capture's process table, which the session's clone events copy.
	images []int64
	// visible is how many of the events sysdig shows (for calibrating the rate).
	visible int
}

// Event types a template leaves out: procinfo events (the driver's start-up scan, internal)
// and types newer than the 0.29 table, which sysdig 0.29.3 skips without counting.
const (
	typeProcinfoE = 234
	typeProcinfoX = 235
)

// keepEvent reports whether a template keeps an event of type typ.
func keepEvent(typ uint16) bool {
	return typ < schema.LegacyMax && typ != typeProcinfoE && typ != typeProcinfoX
}

// loadTemplate reads a capture as a template.
func loadTemplate(path string) (*template, error) {
	r, err := scap.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	t := &template{name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))}
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		if keepEvent(ev.Type()) {
			t.events = append(t.events, ev.Clone())
		}
	}
	t.setSection(r.Section())
	t.index()
	return t, nil
}

// setSection takes the template's process, fd, user and interface tables.
func (t *template) setSection(sec *scap.Section) {
	t.procs = map[int64]*scap.Process{}
	t.fds = map[int64]*scap.FDList{}
	for i := range sec.Processes {
		p := sec.Processes[i]
		t.procs[p.Tid] = &p
	}
	for i := range sec.FDLists {
		l := sec.FDLists[i]
		t.fds[l.Tid] = &l
	}
	t.users, t.groups, t.ifaces, t.machine = sec.Users, sec.Groups, sec.Interfaces, sec.Machine
}

// index computes the time origin and span and which threads sessions must create.
func (t *template) index() {
	t.t0 = 0
	var last uint64
	for i := range t.events {
		ts := t.events[i].Ts()
		if ts != 0 && (t.t0 == 0 || ts < t.t0) {
			t.t0 = ts
		}
		last = max(last, ts)
	}
	if t.t0 != 0 {
		t.span = last - t.t0
	}
	used := map[int64]bool{}
	for i := range t.events {
		ev := &t.events[i]
		if info := ev.Info(); info != nil && info.Listed && ev.Flags&event.FlagStateOnly == 0 {
			t.visible++
		}
		if tid := ev.Tid(); t.procs[tid] != nil {
			used[tid] = true
		}
	}
	mains := map[int64]bool{}
	for tid := range used {
		p := t.procs[tid]
		if p.Pid == tid {
			mains[tid] = true
		} else if t.procs[p.Pid] != nil && t.procs[p.Pid].Pid == p.Pid {
			mains[p.Pid] = true
		} else {
			mains[tid] = true // a thread whose main thread is unknown starts as a process
		}
	}
	for tid := range mains {
		t.images = append(t.images, tid)
	}
	slices.Sort(t.images)
	t.spawn = slices.Clone(t.images)
	var threads []int64
	for tid := range used {
		if !mains[tid] {
			threads = append(threads, tid)
		}
	}
	slices.Sort(threads)
	t.spawn = append(t.spawn, threads...)
}

// isThread reports whether a spawned tid is a thread of another spawned main thread.
func (t *template) isThread(tid int64) bool {
	p := t.procs[tid]
	return p != nil && p.Pid != tid && slices.Contains(t.images, p.Pid)
}

// loadTemplates reads every capture of dir that has events sysdig shows, by name.
func loadTemplates(dir string) ([]*template, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.scap"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []*template
	for _, p := range paths {
		t, err := loadTemplate(p)
		if err != nil {
			return nil, err
		}
		if t.visible > 0 && t.t0 != 0 {
			t.prof = profileOf(t.name)
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: %w", dir, os.ErrNotExist)
	}
	return out, nil
}
