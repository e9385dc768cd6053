package main

import (
	"fmt"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// synthetic builds a section of 50 named processes with open files and one round of
// events of a realistic mix (reads, writes, opens, closes, connects, generic syscalls):
// the repeat mode's source without the corpus.
func synthetic() (*scap.Section, []event.Event) {
	sec := &scap.Section{Machine: &scap.MachineInfo{NumCPUs: 4, Hostname: "synthetic"}}
	names := []string{"nginx", "postgres", "sshd", "bash", "curl"}
	var procs []int64
	for i := 0; i < 50; i++ {
		tid := int64(1000 + i)
		procs = append(procs, tid)
		sec.Processes = append(sec.Processes, syntheticProcess(tid, names[i%len(names)], 0))
		sec.FDLists = append(sec.FDLists, scap.FDList{Tid: tid, FDs: []scap.FD{
			{Fd: 3, Type: scap.FDFileV2, OpenFlags: 1, Name: fmt.Sprintf("/var/lib/data/%d", i)},
		}})
	}
	return sec, syntheticEvents(procs, []string{"/etc/hosts"}, 10000)
}

func syntheticProcess(tid int64, name string, uid uint32) scap.Process {
	return scap.Process{
		Tid: tid, Pid: tid, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: tid, Vpid: tid, LoginUID: -1,
		Comm: name, Exe: "/usr/bin/" + name, Cwd: "/", UID: uid, GID: uid,
	}
}

// syntheticEvents is n rounds of a mix of reads, writes, opens of files, closes,
// connects and generic syscalls by the threads tids.
func syntheticEvents(tids []int64, files []string, n int) []event.Event {
	var evs []event.Event
	ts := uint64(1.7e18)
	add := func(tid int64, typ uint16, params ...[]byte) {
		ts += 1500
		evs = append(evs, event.Event{Raw: event.Append(nil, ts, tid, typ, params...), CPU: uint16(tid % 4)})
	}
	payload := make([]byte, 64)
	for i := 0; i < n; i++ {
		tid := tids[i%len(tids)]
		file := files[i/len(tids)%len(files)]
		switch i % 6 {
		case 0:
			add(tid, 6, event.I64(3), event.U32(4096))
			add(tid, 7, event.I64(64), payload)
		case 1:
			add(tid, 8, event.I64(3), event.U32(64))
			add(tid, 9, event.I64(64), payload)
		case 2:
			add(tid, 2, event.CStr(file), event.U32(1), event.U32(0))
			add(tid, 3, event.I64(4), event.CStr(file), event.U32(1), event.U32(0), event.U32(0x803))
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
	return evs
}

// syntheticWorkload is a workload of the synthetic host: its programs and the files they
// open.
type syntheticWorkload struct {
	name     string
	prof     profile
	programs []string
	files    []string
	uid      uint32
	rounds   int
}

var syntheticWorkloads = []syntheticWorkload{
	{"web", profile{daemon: true, weight: 40, hours: allDay, stretch: [2]float64{1, 5}},
		[]string{"nginx", "nginx", "nginx"}, []string{"/var/www/html/index.html", "/var/log/nginx/access.log"}, 33, 600},
	{"database", profile{daemon: true, weight: 20, hours: allDay, stretch: [2]float64{1, 5}},
		[]string{"postgres", "postgres"}, []string{"/var/lib/postgresql/16/main/base/5/16384", "/var/lib/postgresql/16/main/pg_wal/000000010000000000000001"}, 110, 900},
	{"backup", profile{weight: 30, hours: nightly, stretch: [2]float64{1, 3}},
		[]string{"tar", "gzip"}, []string{"/home/alice/notes.txt", "/srv/backup/home.tar.gz"}, 0, 1500},
	{"shell", profile{weight: 10, hours: officeHours, stretch: [2]float64{1, 20}},
		[]string{"bash", "vim", "git"}, []string{"/home/alice/project/main.go", "/home/alice/.bash_history"}, 1000, 300},
	{"logrotate", profile{weight: 4, hours: allDay, stretch: [2]float64{1, 5}},
		[]string{"logrotate"}, []string{"/var/log/syslog", "/var/log/syslog.1"}, 0, 200},
	{"intrusion", profile{fixed: 2, stretch: [2]float64{1, 2}},
		[]string{"nc"}, []string{"/etc/shadow"}, 0, 60},
}

// syntheticTemplates are the synthetic host's workloads, each with its own processes.
func syntheticTemplates() []*template {
	var out []*template
	users := []scap.User{{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"},
		{UID: 33, GID: 33, Name: "www-data", Home: "/var/www", Shell: "/usr/sbin/nologin"},
		{UID: 110, GID: 110, Name: "postgres", Home: "/var/lib/postgresql", Shell: "/bin/bash"},
		{UID: 1000, GID: 1000, Name: "alice", Home: "/home/alice", Shell: "/bin/bash"}}
	for wi, w := range syntheticWorkloads {
		sec := &scap.Section{Users: users}
		var tids []int64
		for i, prog := range w.programs {
			tid := int64(100*(wi+1) + i)
			tids = append(tids, tid)
			sec.Processes = append(sec.Processes, syntheticProcess(tid, prog, w.uid))
			sec.FDLists = append(sec.FDLists, scap.FDList{Tid: tid, FDs: []scap.FD{
				{Fd: 3, Type: scap.FDFileV2, OpenFlags: 1, Name: w.files[0]},
			}})
		}
		t := &template{name: w.name, prof: w.prof, events: syntheticEvents(tids, w.files, w.rounds)}
		t.setSection(sec)
		t.index()
		out = append(out, t)
	}
	return out
}
