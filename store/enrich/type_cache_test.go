package enrich

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
)

// TestTypeCacheSeesFDTypes: evt_category of I/O events follows the type of their fd
// entry (file, net, ipc), also when an entry's type changes, and generic events show
// their own syscall; every row as without the caches.
func TestTypeCacheSeesFDTypes(t *testing.T) {
	sec := &scap.Section{
		Machine:   &scap.MachineInfo{Hostname: "h"},
		Processes: []scap.Process{{Tid: 7, Pid: 7, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "nginx", Exe: "nginx"}},
		FDLists: []scap.FDList{{Tid: 7, FDs: []scap.FD{
			{Fd: 3, Type: scap.FDFileV2, Name: "/var/log/nginx/access.log"},
			{Fd: 4, Type: scap.FDIPv4Sock, SIP: [16]byte{10, 0, 0, 1}, DIP: [16]byte{10, 0, 0, 2}, SPort: 80, DPort: 5555, L4Proto: 2},
		}}},
	}
	cached, plain := must(New()), uncached(t)
	cached.LoadSection(sec)
	plain.LoadSection(sec)
	var a, b parquet.Enriched
	num := uint64(0)
	track := func(raw []byte, what string) string {
		num++
		ev := event.Event{Num: num, Raw: raw}
		trackBoth(t, cached, plain, &ev, &a, &b, what)
		typ, _ := a.String(parquet.ColEvtType)
		cat, _ := a.String(parquet.ColEvtCategory)
		return string(typ) + " " + string(cat)
	}
	read := func(fd int64, what string) string {
		track(event.Append(nil, 0, 7, readE, event.I64(fd), event.U32(64)), what)
		return track(event.Append(nil, 0, 7, readE+1, event.I64(5), []byte("hello")), what)
	}
	var got []string
	for round := range 2 {
		got = append(got, read(3, "file"), read(4, "socket"))
		got = append(got, track(event.Append(nil, 0, 7, 0, event.U16(1), event.U16(1)), "generic 1"))
		got = append(got, track(event.Append(nil, 0, 7, 0, event.U16(2), event.U16(2)), "generic 2"))
		if round == 0 {
			for _, tr := range []*Tracker{cached, plain} {
				e := tr.Engine()
				e.FDTable(e.Thread(7)).Get(3).Type = state.FDFifo
			}
		}
	}
	want := []string{"read file", "read net", "", "", "read ipc", "read net", "", ""}
	for i := range want {
		if want[i] != "" && got[i] != want[i] {
			t.Errorf("event %d: evt_type and evt_category %q, want %q (all: %q)", i, got[i], want[i], got)
		}
	}
	if got[2] == got[3] {
		t.Errorf("two generic events of different syscalls both show %q", got[2])
	}
}
