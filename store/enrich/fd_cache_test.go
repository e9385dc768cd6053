package enrich

import (
	"fmt"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
)

// TestFDCacheSeesEntryChanges: changes to an fd entry's name, type, protocol, flags,
// addresses and ports between two events on the fd show in the next event's fd columns.
func TestFDCacheSeesEntryChanges(t *testing.T) {
	sec := &scap.Section{
		Machine: &scap.MachineInfo{Hostname: "h"},
		Processes: []scap.Process{
			{Tid: 7, Pid: 7, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "nginx", Exe: "nginx"},
		},
		FDLists: []scap.FDList{{Tid: 7, FDs: []scap.FD{
			{Fd: 3, Type: scap.FDFileV2, Name: "/var/log/nginx/access.log"},
			{Fd: 4, Type: scap.FDIPv4Sock, SIP: [16]byte{10, 0, 0, 1}, DIP: [16]byte{10, 0, 0, 2}, SPort: 80, DPort: 5555, L4Proto: 2},
		}}},
	}
	entry := func(e *state.Engine, n int64) *state.FD { return e.FDTable(e.Thread(7)).Get(n) }
	changes := []struct {
		name string
		fn   func(e *state.Engine)
	}{
		{"nothing", func(e *state.Engine) {}},
		{"name", func(e *state.Engine) { entry(e, 3).Name = "/var/log/nginx/error.log" }},
		{"type", func(e *state.Engine) { entry(e, 3).Type = state.FDDirectory }},
		{"protocol", func(e *state.Engine) { entry(e, 4).L4Proto = 3 }},
		{"flags", func(e *state.Engine) { entry(e, 4).Flags ^= state.FDRoleClient | state.FDRoleServer }},
		{"addresses", func(e *state.Engine) { entry(e, 4).SIP[3], entry(e, 4).DIP[3] = 7, 8 }},
		{"ports", func(e *state.Engine) { entry(e, 4).SPort, entry(e, 4).DPort = 8080, 6666 }},
		{"socket type", func(e *state.Engine) { entry(e, 4).Type = state.FDIPv6Sock }},
	}
	cached, plain := must(New()), uncached(t)
	cached.LoadSection(sec)
	plain.LoadSection(sec)
	var a, b parquet.Enriched
	num := uint64(0)
	read := func(fd int64, what string) {
		num++
		ts := uint64(1_700_000_000_000_000_000 + num*1000)
		enter := event.Event{Num: num, Raw: event.Append(nil, ts, 7, 6, event.I64(fd), event.U32(64))}
		num++
		exit := event.Event{Num: num, Raw: event.Append(nil, ts+500, 7, 7, event.I64(5), []byte("hello"))}
		for _, ev := range []*event.Event{&enter, &exit} {
			trackBoth(t, cached, plain, ev, &a, &b, fmt.Sprintf("after %s, fd %d", what, fd))
		}
	}
	for _, c := range changes {
		read(3, "warm-up")
		read(4, "warm-up")
		c.fn(cached.Engine())
		c.fn(plain.Engine())
		read(3, c.name)
		read(4, c.name)
	}
	if v, ok := a.String(parquet.ColFdName); !ok || len(v) == 0 {
		t.Errorf("fd_name of the last event is unset: the events did not reach the fd")
	}
}
