package procscan

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/scrylabs/scry/formats/scap"
)

// readFDs lists the open fds of process pid.
func readFDs(o Options, pid int, socks *socketTables) []scap.FD {
	dir := o.path("proc", strconv.Itoa(pid), "fd")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	netns := readLink(o.path("proc", strconv.Itoa(pid), "ns", "net"))
	var out []scap.FD
	for _, e := range ents {
		n, err := strconv.ParseInt(e.Name(), 10, 64)
		if err != nil {
			continue
		}
		link := readLink(dir + "/" + e.Name())
		if link == "" {
			continue
		}
		fd := scap.FD{Fd: n}
		var st unix.Stat_t
		if unix.Stat(dir+"/"+e.Name(), &st) == nil {
			fd.Ino = st.Ino
		}
		switch {
		case strings.HasPrefix(link, "socket:["):
			ino, _ := strconv.ParseUint(strings.TrimSuffix(link[len("socket:["):], "]"), 10, 64)
			fd.Ino = ino
			if !socks.resolve(pid, netns, ino, &fd) {
				continue // a socket family the format does not carry
			}
		case strings.HasPrefix(link, "pipe:["):
			fd.Type, fd.Name = scap.FDFifo, link
		case strings.HasPrefix(link, "anon_inode:"):
			fd.Type, fd.Name = anonType(link), link
		default:
			fd.Type, fd.Name = scap.FDFileV2, link
			if st.Mode&unix.S_IFMT == unix.S_IFDIR {
				fd.Type = scap.FDDirectory
			} else {
				fd.OpenFlags = openFlags(fdFlags(o, pid, e.Name()))
				fd.Dev, fd.HasDev = uint32(st.Dev), true
			}
		}
		out = append(out, fd)
	}
	return out
}

func anonType(link string) uint8 {
	switch strings.TrimPrefix(link, "anon_inode:") {
	case "[eventfd]":
		return scap.FDEvent
	case "[eventpoll]":
		return scap.FDEventpoll
	case "inotify":
		return scap.FDInotify
	case "[signalfd]":
		return scap.FDSignalfd
	case "[timerfd]":
		return scap.FDTimerfd
	}
	return scap.FDUnsupported
}

// fdFlags reads the octal open flags of /proc/PID/fdinfo/FD.
func fdFlags(o Options, pid int, fd string) uint64 {
	for _, line := range strings.Split(string(readFile(o.path("proc", strconv.Itoa(pid), "fdinfo", fd))), "\n") {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			f, _ := strconv.ParseUint(strings.TrimSpace(v), 8, 64)
			return f
		}
	}
	return 0
}

// openFlags converts Linux open flags to the format's file_flags bits.
func openFlags(f uint64) uint32 {
	var r uint32
	switch f & 3 {
	case 0:
		r = 0x1
	case 1:
		r = 0x2
	case 2:
		r = 0x3
	}
	bits := [...]struct {
		linux uint64
		ppm   uint32
	}{
		{0o100, 0x4}, {0o200, 0x20}, {0o1000, 0x100}, {0o2000, 0x8}, {0o4000, 0x40},
		{0o10000, 0x10}, {0o40000, 0x200}, {0o100000, 0x800}, {0o200000, 0x400},
		{0o2000000, 0x1000}, {0o4000000, 0x80}, {0o20000000, 0x2000},
	}
	for _, b := range bits {
		if f&b.linux != 0 {
			r |= b.ppm
		}
	}
	return r
}
