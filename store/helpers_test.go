package store

import (
	"io"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/internal/testshared"
)

// testSection is a small capture section.
func testSection(host string) *scap.Section {
	return &scap.Section{
		Header:    scap.SectionHeader{Major: 1, Minor: 2},
		Machine:   &scap.MachineInfo{NumCPUs: 2, Hostname: host},
		Processes: []scap.Process{{Tid: 100, Pid: 100, Ptid: 1, Comm: "cat", Exe: "cat", LoginUID: -1}},
		FDLists:   []scap.FDList{{Tid: 100, FDs: []scap.FD{{Fd: 0, Type: scap.FDFile, Name: "/dev/null"}}}},
		HasUsers:  true,
		Users:     []scap.User{{UID: 0, Name: "root", Home: "/root", Shell: "/bin/sh"}},
		Groups:    []scap.Group{{GID: 0, Name: "root"}},
	}
}

// testEvents builds n open/close events starting at ts0, step ns apart.
func testEvents(n int, ts0, step uint64) []event.Event {
	evs := make([]event.Event, 0, n)
	for i := 0; i < n; i++ {
		ts := ts0 + uint64(i)*step
		var raw []byte
		if i%2 == 0 {
			raw = event.Append(nil, ts, 100, 2, event.CStr("/etc/hosts"), event.U32(1), event.U32(0))
		} else {
			raw = event.Append(nil, ts, 100, 3, event.I64(int64(i)), event.CStr("/etc/hosts"), event.U32(1), event.U32(0), event.U32(0))
		}
		evs = append(evs, event.Event{Raw: raw, Num: uint64(i + 1), CPU: uint16(i % 2)})
	}
	return evs
}

// importEvents writes evs into the store at root with opts.
func importEvents(t testing.TB, root string, sec *scap.Section, evs []event.Event, opts WriterOptions) []SegmentInfo {
	t.Helper()
	w, err := NewWriter(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.BeginSection(sec); err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := w.Write(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.Segments()
}

// readSegment returns every event of a segment file.
func readSegmentEvents(t testing.TB, path string) (*Snapshot, []event.Event) {
	t.Helper()
	r, err := OpenSegment(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap, err := r.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var out []event.Event
	var ev event.Event
	for {
		err := r.Next(&ev)
		if err == io.EOF {
			return snap, out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev.Clone())
	}
}

// sharedDir returns ../shared/SUB next to the repository root, skipping when absent.
func sharedDir(t testing.TB, sub string) string { return testshared.Path(t, sub) }
