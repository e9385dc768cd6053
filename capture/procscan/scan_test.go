package procscan

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

// TestScanSeesThisProcess scans the running host and finds this test process with its
// name, arguments, an open file and a listening socket.
func TestScanSeesThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "scan-me"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := uint16(ln.Addr().(*net.TCPAddr).Port)

	s, err := Scan(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Machine == nil || s.Machine.NumCPUs == 0 || s.Machine.MemoryBytes == 0 || s.Machine.Hostname == "" {
		t.Fatalf("machine info %+v", s.Machine)
	}
	pid := int64(os.Getpid())
	var me *scap.Process
	threads := 0
	for i := range s.Processes {
		p := &s.Processes[i]
		if p.Pid == pid {
			threads++
			if p.Tid == pid {
				me = p
			}
		}
	}
	if me == nil {
		t.Fatal("this process is not in the scan")
	}
	exe, _ := os.Executable()
	if me.ExePath != exe || me.Ptid != int64(os.Getppid()) || me.Comm == "" {
		t.Errorf("entry %q exe %q ptid %d, want exe %q ptid %d", me.Comm, me.ExePath, me.Ptid, exe, os.Getppid())
	}
	if threads < 2 {
		t.Errorf("%d threads of a Go program found", threads)
	}
	var fds []scap.FD
	for _, l := range s.FDLists {
		if l.Tid == pid {
			fds = l.FDs
		}
	}
	var sawFile, sawListener bool
	for _, fd := range fds {
		if fd.Type == scap.FDFileV2 && fd.Name == f.Name() && fd.Fd == int64(f.Fd()) {
			sawFile = fd.OpenFlags&0x4 != 0 || fd.OpenFlags&0x3 == 0x3 // O_CREAT is gone after open; RDWR stays
		}
		if fd.Type == scap.FDIPv4ServSock && fd.SPort == port && net.IP(fd.SIP[:4]).String() == "127.0.0.1" {
			sawListener = true
		}
	}
	if !sawFile {
		t.Errorf("open file %s not found with read-write flags in %d fds", f.Name(), len(fds))
	}
	if !sawListener {
		t.Errorf("listening socket on port %d not found", port)
	}
	if len(s.Users) == 0 || s.Users[0].Name == "" {
		t.Errorf("no users read")
	}
}

func TestParseAddr(t *testing.T) {
	ip, port, ok := parseAddr("0100007F:1F90")
	if !ok || net.IP(ip[:4]).String() != "127.0.0.1" || port != 8080 {
		t.Fatalf("got %v %d %v", net.IP(ip[:4]), port, ok)
	}
	ip, port, ok = parseAddr("00000000000000000000000001000000:0050")
	if !ok || net.IP(ip[:]).String() != "::1" || port != 80 {
		t.Fatalf("got %v %d", net.IP(ip[:]), port)
	}
}

func TestOpenFlags(t *testing.T) {
	if got := openFlags(0o2 | 0o100 | 0o2000000); got != 0x3|0x4|0x1000 {
		t.Fatalf("O_RDWR|O_CREAT|O_CLOEXEC -> %#x", got)
	}
	if got := openFlags(0); got != 0x1 {
		t.Fatalf("O_RDONLY -> %#x", got)
	}
}

// The expected blob follows the process list of a sysdig recording (corpus
// falco-psp--write_tmp_test.scap): "cpu=/init.scope", "cpuacct=/init.scope",
// "name=systemd=/init.scope", no entry for the unified hierarchy.
func TestCgroupsBlob(t *testing.T) {
	got := string(cgroups([]byte("12:cpu,cpuacct:/a\n1:name=systemd:/b\n0::/unified\n")))
	if want := "cpu=/a\x00cpuacct=/a\x00name=systemd=/b\x00"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
