package parquet

import (
	"reflect"
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

// Files of schema version 2 keep the text columns of their process and fd tables one
// value per row; the layout below is that of section encoding version 2.

func appendSectionV2(dst []byte, s *scap.Section) []byte {
	return appendOldSection(dst, s, 2, func(e *enc) {
		ps := s.Processes
		e.uv(uint64(len(ps)))
		each := func(f func(p *scap.Process)) {
			for i := range ps {
				f(&ps[i])
			}
		}
		var prev int64
		each(func(p *scap.Process) { e.v(p.Tid - prev); prev = p.Tid })
		each(func(p *scap.Process) { e.v(p.Pid - p.Tid) })
		each(func(p *scap.Process) { e.v(p.Ptid - p.Pid) })
		each(func(p *scap.Process) { e.v(p.Sid - p.Pid) })
		each(func(p *scap.Process) { e.v(p.Vpgid - p.Pid) })
		each(func(p *scap.Process) { e.v(p.Vtid - p.Tid) })
		each(func(p *scap.Process) { e.v(p.Vpid - p.Pid) })
		each(func(p *scap.Process) { e.str(p.Comm) })
		each(func(p *scap.Process) { e.str(p.Exe) })
		each(func(p *scap.Process) { e.str(p.ExePath) })
		each(func(p *scap.Process) { e.bytes(p.Args) })
		each(func(p *scap.Process) { e.str(p.Cwd) })
		each(func(p *scap.Process) { e.uv(p.FDLimit) })
		each(func(p *scap.Process) { e.uv(uint64(p.Flags)) })
		each(func(p *scap.Process) { e.uv(uint64(p.UID)) })
		each(func(p *scap.Process) { e.uv(uint64(p.GID)) })
		each(func(p *scap.Process) { e.uv(uint64(p.VMSizeKB)) })
		each(func(p *scap.Process) { e.uv(uint64(p.VMRSSKB)) })
		each(func(p *scap.Process) { e.uv(uint64(p.VMSwapKB)) })
		each(func(p *scap.Process) { e.uv(p.PFMajor) })
		each(func(p *scap.Process) { e.uv(p.PFMinor) })
		each(func(p *scap.Process) { e.bytes(p.Env) })
		each(func(p *scap.Process) { e.bytes(p.Cgroups) })
		each(func(p *scap.Process) { e.str(p.Root) })
		each(func(p *scap.Process) { e.v(int64(p.LoginUID)) })
		each(func(p *scap.Process) { e.bool(p.ExeWritable) })
		each(func(p *scap.Process) { e.uv(uint64(p.Tty)) })
		each(func(p *scap.Process) { e.nilBytes(p.Tail) })

		ls := s.FDLists
		e.uv(uint64(len(ls)))
		var fds []*scap.FD
		prev = 0
		for i := range ls {
			e.v(ls[i].Tid - prev)
			prev = ls[i].Tid
			e.uv(uint64(len(ls[i].FDs)))
			for j := range ls[i].FDs {
				fds = append(fds, &ls[i].FDs[j])
			}
		}
		prev = 0
		for _, f := range fds {
			e.v(f.Fd - prev)
			prev = f.Fd
		}
		for _, f := range fds {
			e.uv(f.Ino)
		}
		for _, f := range fds {
			e.uv(uint64(f.Type))
		}
		for _, f := range fds {
			e.raw(f.SIP[:])
		}
		for _, f := range fds {
			e.raw(f.DIP[:])
		}
		for _, f := range fds {
			e.uv(uint64(f.SPort))
		}
		for _, f := range fds {
			e.uv(uint64(f.DPort))
		}
		for _, f := range fds {
			e.uv(uint64(f.L4Proto))
		}
		for _, f := range fds {
			e.uv(f.Source)
		}
		for _, f := range fds {
			e.uv(f.Dest)
		}
		for _, f := range fds {
			e.str(f.Name)
		}
		for _, f := range fds {
			e.uv(uint64(f.OpenFlags))
		}
		for _, f := range fds {
			e.uv(uint64(f.Dev))
		}
		for _, f := range fds {
			e.bool(f.HasDev)
		}
		for _, f := range fds {
			e.nilBytes(f.Extra)
		}
	})
}

// repetitiveSection is testSection with processes and fds whose texts repeat the way
// threads and processes started alike do: the previous row's value, an earlier one, and
// empty ones.
func repetitiveSection() *scap.Section {
	s := testSection()
	base := s.Processes[0]
	for i, comm := range []string{"nginx", "nginx", "bash", "nginx", "", "bash"} {
		p := base
		p.Tid, p.Pid = int64(20+i), int64(20+i)
		p.Comm = comm
		if comm == "" {
			p.Args, p.Env, p.Cwd = nil, nil, ""
		}
		s.Processes = append(s.Processes, p)
	}
	l := scap.FDList{Tid: 20}
	for i, name := range []string{"/dev/null", "/dev/null", "/var/log/a", "/dev/null", "", "/var/log/a"} {
		l.FDs = append(l.FDs, scap.FD{Fd: int64(i), Type: scap.FDFileV2, Name: name})
	}
	s.FDLists = append(s.FDLists, l)
	return s
}

func TestSectionCodecReadsVersion2(t *testing.T) {
	for _, want := range []*scap.Section{testSection(), repetitiveSection()} {
		old := appendSectionV2(nil, want)
		got, err := DecodeSection(old)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("version 2 section decoded differently:\n got %+v\nwant %+v", got, want)
		}
		now := AppendSection(nil, want)
		if string(old) == string(now) {
			t.Fatalf("the current version writes the version 2 layout")
		}
		if got, err = DecodeSection(now); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("current section encoding changed the section (%v):\n got %+v\nwant %+v", err, got, want)
		}
	}
}

// TestSectionValueTables: repeated texts cost a reference each, so the current encoding
// of a table that repeats its texts is smaller than version 2's.
func TestSectionValueTables(t *testing.T) {
	s := repetitiveSection()
	for i := 0; i < 200; i++ {
		p := s.Processes[len(s.Processes)-1]
		p.Tid, p.Pid = int64(1000+i), int64(1000+i)
		s.Processes = append(s.Processes, p)
	}
	old, now := appendSectionV2(nil, s), AppendSection(nil, s)
	if len(now)*2 > len(old) {
		t.Errorf("current encoding %d bytes, version 2 %d: want under half", len(now), len(old))
	}
	// A reference to a value not yet in the table is refused.
	var c valueColumn
	c.add("a")
	c.refs.b[0] = 5
	var e enc
	c.appendTo(&e)
	d := dec{b: e.b}
	if d.valueColumn(1); !d.bad {
		t.Errorf("a reference past the table decoded without an error")
	}
}
