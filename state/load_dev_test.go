package state

import (
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

// TestLoadFDListDeviceCarriesOver: in an fd list, entries that hold no device (sockets,
// pipes, eventfds, file entries too short for one) show the device of the file entry
// before them in the same block. Observed with sysdig 0.29.3 on a recording whose /proc
// scan listed fd 10 /dev/null (dev 6) and then IPv6 and unix sockets: %fd.dev printed 6
// for the sockets, and FE00 for pipes listed after files on device FE00. Entries before
// any file of their block printed a different value on each run; scry shows 0.
func TestLoadFDListDeviceCarriesOver(t *testing.T) {
	file := func(fd int64, dev uint32) scap.FD {
		f := fileFD(fd, "/f")
		f.Dev, f.HasDev = dev, true
		return f
	}
	pipe := scap.FD{Fd: 1, Type: scap.FDFifo, Name: "pipe:[1]"}
	sock := scap.FD{Fd: 4, Type: scap.FDUnixSock}
	short := fileFD(6, "/short") // a FILE_V2 entry whose length leaves no device
	ev := scap.FD{Fd: 7, Type: scap.FDEvent, Name: "anon_inode:[eventfd]"}
	s := section(proc(100, 100, 1, "a", "/"), proc(200, 200, 1, "b", "/"))
	s.FDLists = []scap.FDList{
		fdList(100, pipe, file(2, 0xFE00), file(3, 6), sock, short, file(8, 0x801), ev),
		fdList(200, pipe), // a new block starts without a device
	}
	e := New(Options{})
	e.LoadSection(s)
	want := map[int64]uint32{1: 0, 2: 0xFE00, 3: 6, 4: 6, 6: 6, 8: 0x801, 7: 0x801}
	for fd, dev := range want {
		if f := e.Thread(100).FDs.Get(fd); f == nil || f.Dev != dev {
			t.Errorf("fd %d: %+v, want dev %#x", fd, f, dev)
		}
	}
	if f := e.Thread(200).FDs.Get(1); f == nil || f.Dev != 0 {
		t.Errorf("first entry of the second block: %+v, want dev 0", f)
	}
}
