// Command democapture writes a small synthetic capture of a host at work (a shell
// starting cat, curl-like clients and a web server reading files and talking TCP) in the
// wire format the probe writes, so that scry can be shown and tried where live capture
// is unavailable. Timestamps start at the current time.
//
//	go run ./drivers/testinput/cmd/democapture -o demo.scap
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/scrylabs/scry/drivers/testinput"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

func main() {
	out := flag.String("o", "demo.scap", "capture file to write (.gz or .zst to compress)")
	rounds := flag.Int("n", 200, "rounds of the workload")
	flag.Parse()
	if err := write(*out, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "democapture:", err)
		os.Exit(1)
	}
}

// section is the host state the capture starts with: init, a shell and a web server.
func section(now time.Time) *scap.Section {
	proc := func(tid, ptid int64, comm, exe string, args string) scap.Process {
		return scap.Process{Tid: tid, Pid: tid, Ptid: ptid, Comm: comm, Exe: exe, ExePath: exe, Args: []byte(args),
			Cwd: "/", FDLimit: 1024, LoginUID: -1, Vtid: tid, Vpid: tid}
	}
	return &scap.Section{
		Machine: &scap.MachineInfo{NumCPUs: 2, MemoryBytes: 8 << 30, Hostname: "demo", BootTS: uint64(now.Add(-time.Hour).UnixNano())},
		Processes: []scap.Process{
			proc(1, 0, "init", "/sbin/init", ""),
			proc(100, 1, "bash", "/bin/bash", "-l\x00"),
			proc(200, 1, "nginx", "/usr/sbin/nginx", "-g\x00daemon off;\x00"),
		},
		FDLists:  []scap.FDList{{Tid: 200, FDs: []scap.FD{{Fd: 6, Type: scap.FDIPv4ServSock, SPort: 80, L4Proto: 3}}}},
		HasUsers: true,
		Users:    []scap.User{{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"}},
		Groups:   []scap.Group{{GID: 0, Name: "root"}},
	}
}

// workload appends rounds of: the shell forks and execs cat on a file, a client fetches a
// page from nginx, nginx reads the file it serves.
func workload(b *testinput.Builder, t0 uint64, rounds int) {
	shell := testinput.Proc{Tid: 100, Pid: 100, Ptid: 1, Exe: "/bin/bash", Comm: "bash"}
	files := []string{"/etc/hosts", "/etc/passwd", "/var/log/syslog", "/etc/nginx/nginx.conf"}
	contents := [][]byte{[]byte("127.0.0.1 localhost\n"), []byte("root:x:0:0:root:/root:/bin/bash\n"),
		[]byte("Jan  1 00:00:00 demo kernel: booted\n"), []byte("worker_processes auto;\n")}
	ts := t0
	next := func(step uint64) uint64 { ts += step; return ts }
	for i := 0; i < rounds; i++ {
		child := int64(1000 + 2*i)
		b.Fork(next(1000), shell, child)
		file := files[i%len(files)]
		b.Execve(next(1000), "/bin/cat", testinput.Proc{Tid: child, Pid: child, Ptid: 100, Exe: "cat", Args: []string{file}, Comm: "cat"}, 0)
		b.Openat(next(1000), child, -100, file, 1, 0, 3)
		b.Read(next(1000), child, 3, 4096, contents[i%len(files)])
		b.Write(next(1000), child, 1, contents[i%len(files)])
		b.Close(next(1000), child, 3, 0)
		b.ProcExit(next(1000), child, 0)

		client := child + 1
		b.Fork(next(1000), shell, client)
		b.Execve(next(1000), "/usr/bin/curl", testinput.Proc{Tid: client, Pid: client, Ptid: 100, Exe: "curl", Args: []string{"http://127.0.0.1/"}, Comm: "curl"}, 0)
		b.Connect(next(1000), client, 3, [4]byte{127, 0, 0, 1}, [4]byte{127, 0, 0, 1}, uint16(40000+i%20000), 80, 0)
		b.Write(next(1000), client, 3, []byte("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
		b.Openat(next(1000), 200, -100, "/var/www/html/index.html", 1, 0, 12)
		b.Read(next(1000), 200, 12, 4096, []byte("<html>scry</html>\n"))
		b.Close(next(1000), 200, 12, 0)
		b.Read(next(1000), client, 3, 4096, []byte("HTTP/1.1 200 OK\r\n\r\n<html>scry</html>\n"))
		b.Close(next(1000), client, 3, 0)
		b.ProcExit(next(1000), client, 0)
		b.Generic(next(1000), 100, 61) // the shell's wait4
	}
}

func write(path string, rounds int) error {
	now := time.Now()
	w, err := scap.Create(path, scap.WriterOptions{Compression: compression(path)})
	if err != nil {
		return err
	}
	if err := w.WriteSection(section(now)); err != nil {
		w.Close()
		return err
	}
	var b testinput.Builder
	workload(&b, uint64(now.UnixNano()), rounds)
	raw := b.Bytes()
	var ev event.Event
	for off, num := 0, uint64(1); off < len(raw); num++ {
		n, err := event.Validate(raw[off:])
		if err != nil {
			w.Close()
			return fmt.Errorf("event at offset %d: %w", off, err)
		}
		ev = event.Event{Raw: raw[off : off+n], Num: num, CPU: uint16(num % 2)}
		if err := w.WriteEvent(&ev); err != nil {
			w.Close()
			return err
		}
		off += n
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.Chmod(path, 0o600)
}

// compression chooses the compression by file suffix.
func compression(path string) scap.Compression {
	c, err := scap.ParseCompression(strings.TrimPrefix(filepath.Ext(path), "."))
	if err != nil {
		return scap.CompressNone
	}
	return c
}
