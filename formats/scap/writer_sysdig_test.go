package scap

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
)

// sysdigSection is a section with every kind of metadata the writer writes.
func sysdigSection() *Section {
	p := fullProcess()
	p.LoginUID, p.ExeWritable = 1000, true
	child := fullProcess()
	child.Tid, child.Pid, child.Comm, child.UID, child.GID = 101, 101, "worker", 0, 0
	return &Section{
		Machine:       &MachineInfo{NumCPUs: 2, MemoryBytes: 1 << 30, MaxPID: 32768, Hostname: "scry-test"},
		HasInterfaces: true,
		Interfaces: []Interface{
			{Type: IfIPv4, Name: "eth0", Addr: [16]byte{10, 0, 0, 1}, Netmask: [16]byte{255, 255, 255}, LinkSpeed: 1000},
			{Type: IfIPv6, Name: "eth0", Addr: [16]byte{0xfe, 0x80, 15: 1}},
		},
		HasUsers:  true,
		Users:     []User{{UID: 0, Name: "root", Home: "/root", Shell: "/bin/sh"}, {UID: 33, GID: 33, Name: "www-data", Home: "/var/www", Shell: "/usr/sbin/nologin"}},
		Groups:    []Group{{GID: 0, Name: "root"}, {GID: 34, Name: "backup"}},
		Processes: []Process{p, child},
		FDLists: []FDList{
			{Tid: 100, FDs: everyFD(true)[:16]}, // types 17-21 are newer than sysdig 0.29.3
			{Tid: 101, FDs: []FD{{Fd: 3, Type: FDFile, Name: "/var/log/worker"}}},
		},
	}
}

// TestWriterOutputReadBySysdig writes a capture with every metadata block and event
// block code and checks what sysdig 0.29.3 resolves from it.
func TestWriterOutputReadBySysdig(t *testing.T) {
	sysdig, err := exec.LookPath("sysdig")
	if err != nil {
		t.Skipf("skipping: sysdig is not installed (%v)", err)
	}
	for _, c := range []Compression{CompressNone, CompressGzip} {
		t.Run(c.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.scap")
			w, err := Create(path, WriterOptions{Compression: c})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.WriteSection(sysdigSection()); err != nil {
				t.Fatal(err)
			}
			evs := []event.Event{
				{Raw: event.Append(nil, 1e9, 100, 6, event.I64(18), event.U32(10))},                              // read E on the FILE_V2 fd
				{Raw: event.Append(nil, 1e9+1, 100, 6, event.I64(5), event.U32(10)), Flags: event.FlagStateOnly}, // hidden
				{Raw: event.Append(nil, 1e9+2, 100, 6, event.I64(5), event.U32(10)), CPU: 1},                     // IPv4 socket
				{Raw: event.Append(nil, 1e9+3, 100, 6, event.I64(10), event.U32(10))},                            // unix socket
				{Raw: event.Append(nil, 1e9+4, 101, 4, event.I64(3))},                                            // close E, other thread
			}
			for i := range evs {
				if err := w.WriteEvent(&evs[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			out, err := exec.CommandContext(ctx, sysdig, "-r", path, "-p",
				"%evt.num %evt.cpu %proc.name %proc.exepath %proc.sid %proc.vpgid %user.name %user.homedir %group.name %fd.name %evt.type").CombinedOutput()
			if err != nil {
				t.Fatalf("sysdig -r: %v\n%s", err, out)
			}
			want := strings.Join([]string{
				"1 0 nginx /usr/sbin/nginx.real 98 97 www-data /var/www backup /etc/passwd read",
				"3 1 nginx /usr/sbin/nginx.real 98 97 www-data /var/www backup 10.0.0.1:5555->93.184.216.34:443 read",
				"4 0 nginx /usr/sbin/nginx.real 98 97 www-data /var/www backup /run/docker.sock read",
				"5 0 worker /usr/sbin/nginx.real 98 97 root /root root /var/log/worker close",
			}, "\n") + "\n"
			if string(out) != want {
				t.Errorf("sysdig prints\n%s\nwant\n%s", out, want)
			}
		})
	}
}
