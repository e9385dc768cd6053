package main

import (
	"encoding/binary"
	"fmt"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

var le = binary.LittleEndian

// synthetic builds a section of 50 named processes with open files and one round of
// events of a realistic mix (reads, writes, opens, closes, connects, generic syscalls).
func synthetic() (*scap.Section, []event.Event) {
	sec := &scap.Section{Machine: &scap.MachineInfo{NumCPUs: 4, Hostname: "synthetic"}}
	names := []string{"nginx", "postgres", "sshd", "bash", "curl"}
	for i := 0; i < 50; i++ {
		tid := int64(1000 + i)
		sec.Processes = append(sec.Processes, scap.Process{
			Tid: tid, Pid: tid, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1,
			Comm: names[i%len(names)], Exe: "/usr/bin/" + names[i%len(names)], Cwd: "/",
		})
		sec.FDLists = append(sec.FDLists, scap.FDList{Tid: tid, FDs: []scap.FD{
			{Fd: 3, Type: scap.FDFileV2, OpenFlags: 1, Name: fmt.Sprintf("/var/lib/data/%d", i)},
		}})
	}
	var evs []event.Event
	ts := uint64(1.7e18)
	add := func(tid int64, typ uint16, params ...[]byte) {
		ts += 1500
		evs = append(evs, event.Event{Raw: event.Append(nil, ts, tid, typ, params...), CPU: uint16(tid % 4)})
	}
	payload := make([]byte, 64)
	for i := 0; i < 10000; i++ {
		tid := int64(1000 + i%50)
		switch i % 6 {
		case 0:
			add(tid, 6, event.I64(3), event.U32(4096))
			add(tid, 7, event.I64(64), payload)
		case 1:
			add(tid, 8, event.I64(3), event.U32(64))
			add(tid, 9, event.I64(64), payload)
		case 2:
			add(tid, 2, event.CStr("/etc/hosts"), event.U32(1), event.U32(0))
			add(tid, 3, event.I64(4), event.CStr("/etc/hosts"), event.U32(1), event.U32(0), event.U32(0x803))
		case 3:
			add(tid, 4, event.I64(4))
			add(tid, 5, event.I64(0))
		case 4:
			add(tid, 22, event.I64(5), []byte{2, 10, 0, 0, 1, 0x50, 0})
			add(tid, 23, event.I64(0), []byte{2, 10, 0, 0, 2, 0xb3, 0x15, 10, 0, 0, 1, 0x50, 0})
		case 5:
			add(tid, 0, event.U16(39), event.U16(39))
			add(tid, 1, event.U16(39))
		}
	}
	return sec, evs
}
