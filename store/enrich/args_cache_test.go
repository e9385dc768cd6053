package enrich

import (
	"fmt"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
)

// Event types of the tests below.
const (
	openX    = 3
	closeE   = 4
	closeX   = 5
	readE    = 6
	killE    = 128
	openat2E = 306
	setuidE  = 198
)

// TestArgsCacheSeesStateChanges: evt_args of events with the same parameter bytes
// follows what their parameters resolve to: an fd entry's name, type, protocol and role,
// an entry replaced, a pid's comm, the cwd of a relative path and a user's name.
func TestArgsCacheSeesStateChanges(t *testing.T) {
	sec := &scap.Section{
		Machine: &scap.MachineInfo{Hostname: "h"},
		Processes: []scap.Process{
			{Tid: 7, Pid: 7, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "nginx", Exe: "nginx", Cwd: "/srv/"},
			{Tid: 9, Pid: 9, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "worker", Exe: "worker"},
		},
		FDLists: []scap.FDList{{Tid: 7, FDs: []scap.FD{
			{Fd: 3, Type: scap.FDFileV2, Name: "/var/log/nginx/access.log"},
			{Fd: 4, Type: scap.FDIPv4Sock, SIP: [16]byte{10, 0, 0, 1}, DIP: [16]byte{10, 0, 0, 2}, SPort: 80, DPort: 5555, L4Proto: 2},
		}}},
		HasUsers: true,
		Users:    []scap.User{{UID: 33, GID: 33, Name: "www-data"}},
	}
	entry := func(e *state.Engine, n int64) *state.FD { return e.FDTable(e.Thread(7)).Get(n) }
	changes := []struct {
		name string
		fn   func(e *state.Engine)
		evs  [][]byte // events that make the change
	}{
		{"nothing", func(e *state.Engine) {}, nil},
		{"name", func(e *state.Engine) { entry(e, 3).Name = "/var/log/nginx/error.log" }, nil},
		{"type", func(e *state.Engine) { entry(e, 3).Type = state.FDDirectory }, nil},
		{"protocol", func(e *state.Engine) { entry(e, 4).L4Proto = 3 }, nil},
		{"role", func(e *state.Engine) { entry(e, 4).Flags ^= state.FDRoleClient }, nil},
		{"entry replaced", nil, [][]byte{
			event.Append(nil, 0, 7, closeE, event.I64(3)),
			event.Append(nil, 0, 7, closeX, event.I64(0)),
			event.Append(nil, 0, 7, openX, event.I64(3), event.CStr("/tmp/new"), event.U32(0), event.U32(0), event.U32(0)),
		}},
		{"entry removed", nil, [][]byte{
			event.Append(nil, 0, 7, closeE, event.I64(4)),
			event.Append(nil, 0, 7, closeX, event.I64(0)),
		}},
		{"comm", func(e *state.Engine) { e.Thread(9).Comm = "worker-2" }, nil},
		{"cwd", func(e *state.Engine) { e.Thread(7).Cwd = "/home/" }, nil},
		{"user", func(e *state.Engine) { e.User(33).Name = "nginx" }, nil},
	}
	cached, plain := must(New()), uncached(t)
	cached.LoadSection(sec)
	plain.LoadSection(sec)
	var a, b parquet.Enriched
	num := uint64(0)
	events := func(what string) {
		raws := [][]byte{
			event.Append(nil, 0, 7, readE, event.I64(3), event.U32(64)),
			event.Append(nil, 0, 7, readE, event.I64(4), event.U32(64)),
			event.Append(nil, 0, 7, killE, event.I64(9), event.U8(15)),
			event.Append(nil, 0, 7, openat2E, event.I64(-100), event.CStr("index.html"), event.U32(0), event.U32(0)),
			event.Append(nil, 0, 7, setuidE, event.U32(33)),
		}
		for _, raw := range raws {
			num++
			ev := event.Event{Num: num, Raw: raw}
			trackBoth(t, cached, plain, &ev, &a, &b, fmt.Sprintf("after %s, event type %d", what, ev.Type()))
		}
	}
	for _, c := range changes {
		events("warm-up")
		events("warm-up")
		if c.fn != nil {
			c.fn(cached.Engine())
			c.fn(plain.Engine())
		}
		for _, raw := range c.evs {
			num++
			ev := event.Event{Num: num, Raw: raw}
			trackBoth(t, cached, plain, &ev, &a, &b, c.name)
		}
		events(c.name)
	}
	if v, ok := a.String(parquet.ColEvtArgs); !ok || !strings.Contains(string(v), "uid=33") {
		t.Errorf("evt_args of the last event is %q: the events were not rendered", v)
	}
}

// TestArgsCacheHits: events repeating their parameter bytes and entries take their text
// from the cache (the test above would pass with a cache that never hits).
func TestArgsCacheHits(t *testing.T) {
	tr := must(New())
	tr.LoadSection(&scap.Section{
		Machine:   &scap.MachineInfo{Hostname: "h"},
		Processes: []scap.Process{{Tid: 7, Pid: 7, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "cat", Exe: "cat"}},
		FDLists:   []scap.FDList{{Tid: 7, FDs: []scap.FD{{Fd: 3, Type: scap.FDFileV2, Name: "/etc/passwd"}}}},
	})
	var en parquet.Enriched
	var first []byte
	for i := range 3 {
		ev := event.Event{Num: uint64(i + 1), Raw: event.Append(nil, uint64(i), 7, readE, event.I64(3), event.U32(64))}
		en.Reset()
		tr.Track(&ev, &en)
		v, _ := en.String(parquet.ColEvtArgs)
		if string(v) != "fd=3(<f>/etc/passwd) size=64 " {
			t.Fatalf("event %d: evt_args %q", i+1, v)
		}
		if i == 1 {
			first = v
		} else if i == 2 && &v[0] != &first[0] {
			t.Errorf("event %d: evt_args rendered again, not taken from the cache", i+1)
		}
	}
}
