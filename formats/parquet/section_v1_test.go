package parquet

import (
	"reflect"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

// Files written before version 2 of the section encoding keep their tables one record
// after another; the layout below is that of version 1, field by field.

// appendSectionV1 encodes s as version 1 did.
func appendSectionV1(dst []byte, s *scap.Section) []byte {
	return appendOldSection(dst, s, 1, func(e *enc) {
		e.uv(uint64(len(s.Processes)))
		for i := range s.Processes {
			e.processV1(&s.Processes[i])
		}
		e.uv(uint64(len(s.FDLists)))
		for i := range s.FDLists {
			l := &s.FDLists[i]
			e.v(l.Tid)
			e.uv(uint64(len(l.FDs)))
			for j := range l.FDs {
				e.fdV1(&l.FDs[j])
			}
		}
	})
}

// appendOldSection encodes s as an earlier version did, with that version's process and
// fd tables written by tables.
func appendOldSection(dst []byte, s *scap.Section, version uint64, tables func(e *enc)) []byte {
	e := enc{b: dst}
	e.raw([]byte(sectionMagic))
	e.uv(version)
	e.uv(uint64(s.Index))
	e.v(s.Offset)
	e.uv(uint64(s.Header.Major))
	e.uv(uint64(s.Header.Minor))
	e.uv(s.Header.SectionLength)
	if s.Machine == nil {
		e.uv(0)
	} else {
		m := s.Machine
		e.uv(1)
		e.uv(uint64(m.NumCPUs))
		e.uv(m.MemoryBytes)
		e.uv(m.MaxPID)
		e.str(m.Hostname)
		e.uv(m.BootTS)
		e.uv(m.Flags)
		e.uv(m.Reserved3)
		e.uv(m.Reserved4)
	}
	tables(&e)
	e.bool(s.HasInterfaces)
	e.uv(uint64(len(s.Interfaces)))
	for i := range s.Interfaces {
		it := &s.Interfaces[i]
		e.uv(uint64(it.Type))
		e.str(it.Name)
		e.raw(it.Addr[:])
		e.raw(it.Netmask[:])
		e.raw(it.Bcast[:])
		e.uv(it.LinkSpeed)
	}
	e.bool(s.HasUsers)
	e.uv(uint64(len(s.Users)))
	for i := range s.Users {
		u := &s.Users[i]
		e.uv(uint64(u.UID))
		e.uv(uint64(u.GID))
		e.str(u.Name)
		e.str(u.Home)
		e.str(u.Shell)
	}
	e.uv(uint64(len(s.Groups)))
	for i := range s.Groups {
		e.uv(uint64(s.Groups[i].GID))
		e.str(s.Groups[i].Name)
	}
	return e.b
}

func (e *enc) processV1(p *scap.Process) {
	e.v(p.Tid)
	e.v(p.Pid)
	e.v(p.Ptid)
	e.v(p.Sid)
	e.v(p.Vpgid)
	e.str(p.Comm)
	e.str(p.Exe)
	e.str(p.ExePath)
	e.bytes(p.Args)
	e.str(p.Cwd)
	e.uv(p.FDLimit)
	e.uv(uint64(p.Flags))
	e.uv(uint64(p.UID))
	e.uv(uint64(p.GID))
	e.uv(uint64(p.VMSizeKB))
	e.uv(uint64(p.VMRSSKB))
	e.uv(uint64(p.VMSwapKB))
	e.uv(p.PFMajor)
	e.uv(p.PFMinor)
	e.bytes(p.Env)
	e.v(p.Vtid)
	e.v(p.Vpid)
	e.bytes(p.Cgroups)
	e.str(p.Root)
	e.v(int64(p.LoginUID))
	e.bool(p.ExeWritable)
	e.uv(uint64(p.Tty))
	e.nilBytes(p.Tail)
}

func (e *enc) fdV1(f *scap.FD) {
	e.v(f.Fd)
	e.uv(f.Ino)
	e.uv(uint64(f.Type))
	e.raw(f.SIP[:])
	e.raw(f.DIP[:])
	e.uv(uint64(f.SPort))
	e.uv(uint64(f.DPort))
	e.uv(uint64(f.L4Proto))
	e.uv(f.Source)
	e.uv(f.Dest)
	e.str(f.Name)
	e.uv(uint64(f.OpenFlags))
	e.uv(uint64(f.Dev))
	e.bool(f.HasDev)
	e.nilBytes(f.Extra)
}

func TestSectionCodecReadsVersion1(t *testing.T) {
	want := testSection()
	got, err := DecodeSection(appendSectionV1(nil, want))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("version 1 section decoded differently:\n got %+v\nwant %+v", got, want)
	}
	if v1, now := appendSectionV1(nil, want), AppendSection(nil, want); string(v1) == string(now) {
		t.Fatalf("the current version writes the version 1 layout")
	}
}

// TestStateCompressedAgainstSections: a state image that repeats the sections costs less
// than on its own, and comes back intact.
func TestStateCompressedAgainstSections(t *testing.T) {
	sec := testSection()
	for i := 0; i < 300; i++ {
		p := sec.Processes[0]
		p.Tid, p.Pid = int64(100+i), int64(100+i)
		p.Args = []byte("--worker\x00" + strings.Repeat("x", i%40) + "\x00")
		sec.Processes = append(sec.Processes, p)
	}
	raw := AppendSections(nil, []SectionStart{{FirstNum: 1, Section: sec}})
	img := append([]byte("image:"), raw...) // an image that repeats the tables
	blob, err := encodeState(img, raw)
	if err != nil {
		t.Fatal(err)
	}
	if alone := EncodeBlob(img); len(blob)*4 > len(alone) {
		t.Errorf("state against its sections takes %d bytes, alone %d: want under a quarter", len(blob), len(alone))
	}
	back, err := decodeState(blob, raw)
	if err != nil || string(back) != string(img) {
		t.Fatalf("state image changed: %v", err)
	}
	if _, err := decodeState(blob, raw[:len(raw)-1]); err == nil {
		t.Errorf("decoded against other sections without an error")
	}
}
