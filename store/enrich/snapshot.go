package enrich

import (
	"encoding"
	"errors"
	"fmt"

	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
)

// ErrNoImage is returned by Restore for a segment without a binary state image when the
// engine cannot restore one.
var ErrNoImage = errors.New("no binary state image")

// sectionSnapshotter is an engine that renders its state as capture metadata itself.
type sectionSnapshotter interface{ Snapshot() *scap.Section }

// restorer is an engine that takes back a binary state image.
type restorer interface{ Restore([]byte) error }

func marshalState(e *state.Engine) ([]byte, error) {
	if m, ok := any(e).(encoding.BinaryMarshaler); ok {
		return m.MarshalBinary()
	}
	return nil, nil
}

// sectionOf renders the engine's state as a capture section: the engine's own rendering
// when it has one, else threads and fd tables from its view, with the users, groups and
// machine of the last section loaded.
func sectionOf(e *state.Engine, base *scap.Section) *scap.Section {
	if s, ok := any(e).(sectionSnapshotter); ok {
		return s.Snapshot()
	}
	s := &scap.Section{Header: scap.SectionHeader{Major: 1, Minor: 2}}
	if base != nil {
		s.Header, s.Machine = base.Header, base.Machine
		s.Users, s.Groups, s.HasUsers = base.Users, base.Groups, base.HasUsers
		s.Interfaces, s.HasInterfaces = base.Interfaces, base.HasInterfaces
	}
	e.EachThread(func(t *state.Thread) bool {
		s.Processes = append(s.Processes, processOf(t, e))
		if fds := e.FDTable(t); fds != nil && (t.Tid == t.Pid || e.MainThread(t) == nil || e.FDTable(e.MainThread(t)) != fds) {
			l := scap.FDList{Tid: t.Tid}
			fds.Each(func(n int64, f *state.FD) bool {
				l.FDs = append(l.FDs, fdOf(n, f))
				return true
			})
			if len(l.FDs) > 0 {
				s.FDLists = append(s.FDLists, l)
			}
		}
		return true
	})
	return s
}

func processOf(t *state.Thread, e *state.Engine) scap.Process {
	p := scap.Process{Tid: t.Tid, Pid: t.Pid, Ptid: t.Ptid, Sid: t.Sid, Vpgid: t.Vpgid, Comm: t.Comm, Exe: t.Exe,
		ExePath: t.ExePath, Cwd: e.Cwd(t), FDLimit: uint64(t.FDLimit), Flags: t.Flags, UID: t.UID, GID: t.GID,
		VMSizeKB: t.VMSizeKB, VMRSSKB: t.VMRSSKB, VMSwapKB: t.VMSwapKB, PFMajor: t.PFMajor, PFMinor: t.PFMinor,
		Vtid: t.Vtid, Vpid: t.Vpid, Root: t.Root, LoginUID: int32(t.LoginUID), ExeWritable: t.ExeWritable, Tty: t.Tty}
	for _, a := range t.Args {
		p.Args = append(append(p.Args, a...), 0)
	}
	for _, v := range e.Env(t) {
		p.Env = append(append(p.Env, v...), 0)
	}
	for _, c := range t.Cgroups {
		p.Cgroups = append(append(append(append(p.Cgroups, c.Subsys...), '='), c.Path...), 0)
	}
	return p
}

func fdOf(n int64, f *state.FD) scap.FD {
	return scap.FD{Fd: n, Ino: f.Ino, Type: uint8(f.Type), SIP: f.SIP, DIP: f.DIP, SPort: f.SPort, DPort: f.DPort,
		L4Proto: f.L4Proto, Source: f.Source, Dest: f.Dest, Name: f.Name, OpenFlags: f.OpenFlags, Dev: f.Dev, HasDev: f.Dev != 0}
}

// Restore loads a segment's start state into eng: the binary image when the segment has
// one and the engine takes it, else the capture section.
func Restore(eng *state.Engine, snap *store.Snapshot) error {
	if len(snap.State) > 0 {
		if r, ok := any(eng).(restorer); ok {
			if err := r.Restore(snap.State); err != nil {
				return fmt.Errorf("restore state image: %w", err)
			}
			return nil
		}
	}
	eng.LoadSection(snap.Section)
	return nil
}
