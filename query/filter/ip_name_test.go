package filter_test

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// fd.*ip.name = NAME compares the address with those NAME resolves to. Expected values
// from sysdig 0.29.3 on a live recording: "fd.sip.name = 127.0.0.1" selected the events
// "fd.sip = 127.0.0.1" selects, != the other socket events, and
// operators other than =, != and in are refused. Names here are address literals,
// which resolve to themselves without a name server.
func TestIPNameFields(t *testing.T) {
	eng := state.New(state.Options{})
	v4 := scap.FD{Fd: 3, Type: uint8(state.FDIPv4Sock), L4Proto: uint8(state.L4TCP), SIP: [16]byte{10, 0, 0, 1}, DIP: [16]byte{127, 0, 0, 1}, SPort: 40000, DPort: 80}
	v6 := scap.FD{Fd: 4, Type: uint8(state.FDIPv6Sock), L4Proto: uint8(state.L4TCP), SIP: [16]byte{15: 1}, DIP: [16]byte{15: 1}, SPort: 40001, DPort: 80}
	file := scap.FD{Fd: 5, Type: uint8(state.FDFile), Name: "/etc/hosts"}
	eng.LoadSection(&scap.Section{
		Processes: []scap.Process{{Tid: 10, Pid: 10, Ptid: 1, Comm: "curl", Vtid: -1, Vpid: -1}},
		FDLists:   []scap.FDList{{Tid: 10, FDs: []scap.FD{v4, v6, file}}},
	})
	var events []event.Event
	for i, fd := range []int64{3, 4, 5} {
		// read enter: fd, size
		events = append(events, event.Event{Raw: event.Append(nil, 1000+uint64(i), 10, 6, event.I64(fd), event.U32(10)), Num: uint64(i + 1)})
	}
	cases := []struct {
		filter string
		want   []bool // IPv4 socket, IPv6 socket of the initial table (no server role), file
	}{
		{"fd.sip.name = 127.0.0.1", []bool{true, false, false}},
		{"fd.cip.name = 10.0.0.1", []bool{true, false, false}},
		{"fd.sip.name != 127.0.0.1", []bool{false, false, false}}, // fd.sip has no value on the IPv6 socket of the initial table
		{"fd.sip.name in (192.0.2.1, 127.0.0.1)", []bool{true, false, false}},
		{"fd.cip.name != 10.0.0.2", []bool{true, false, false}},
		{"not fd.sip.name = 127.0.0.1", []bool{false, true, true}},
	}
	for _, c := range cases {
		matchEach(t, eng, events, c.filter, c.want)
	}
	for _, bad := range []string{"fd.sip.name exists", "fd.sip.name contains local", "fd.cip.name startswith 127"} {
		if _, err := filter.Compile(bad, nil); err == nil {
			t.Errorf("%s compiled; sysdig refuses it", bad)
		}
	}
}
