package main

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/internal/testshared"
)

// readBothWays runs scry read with and without skipping what the filter rejects (by
// type, by syscall code, fd-only parsers) and fails unless both print the same lines;
// it returns them.
func readBothWays(t *testing.T, o readOptions, filter string) []string {
	t.Helper()
	skipping := readLines(t, o, filter)
	skipRejected = false
	defer func() { skipRejected = true }()
	full := readLines(t, o, filter)
	if a, b := strings.Join(skipping, "\n"), strings.Join(full, "\n"); a != b {
		t.Fatalf("%s -p %q: skipping fd parsers printed\n%s\nfull processing printed\n%s", filter, o.format, a, b)
	}
	return skipping
}

// writeSpawnCapture writes a capture where cat (100) opens, reads and closes files,
// changes directory, forks a child (101) that opens a file and execs ls, with a dropped
// exit (an open enter followed by a read) and an unknown thread (300) opening a file
// between the child's enter and exit.
func writeSpawnCapture(t *testing.T) string {
	t.Helper()
	const (
		openE, openX, closeE, closeX, readE, readX = 2, 3, 4, 5, 6, 7
		chdirE, chdirX                             = 94, 95
		cloneE, cloneX, execveE, execveX           = 222, 223, 292, 293
	)
	open := func(ts uint64, tid int64, fd int64, name string) [][]byte {
		return [][]byte{
			event.Append(nil, ts, tid, openE, event.CStr(name), event.U32(1), event.U32(0)),
			event.Append(nil, ts+10, tid, openX, event.I64(fd), event.CStr(name), event.U32(1), event.U32(0), event.U32(0)),
		}
	}
	closeFD := func(ts uint64, tid int64, fd int64) [][]byte {
		return [][]byte{
			event.Append(nil, ts, tid, closeE, event.I64(fd)),
			event.Append(nil, ts+10, tid, closeX, event.I64(0)),
		}
	}
	var evs [][]byte
	evs = append(evs, open(1_000, 100, 3, "notes.txt")...)
	evs = append(evs, event.Append(nil, 1_100, 100, readE, event.I64(3), event.U32(10)),
		event.Append(nil, 1_110, 100, readX, event.I64(5), []byte("hello")))
	evs = append(evs, closeFD(1_200, 100, 3)...)
	evs = append(evs, event.Append(nil, 1_300, 100, chdirE),
		event.Append(nil, 1_310, 100, chdirX, event.I64(0), event.CStr("/tmp")))
	// A dropped open exit: the read enter comes next on the thread.
	evs = append(evs, event.Append(nil, 1_400, 100, openE, event.CStr("/etc/hosts"), event.U32(1), event.U32(0)),
		event.Append(nil, 1_410, 100, readE, event.I64(3), event.U32(10)),
		event.Append(nil, 1_420, 100, openX, event.I64(4), event.CStr("/etc/hosts"), event.U32(1), event.U32(0), event.U32(0)))
	evs = append(evs, event.Append(nil, 1_500, 100, cloneE))
	clone := func(ts uint64, tid, res int64) []byte {
		return event.Append(nil, ts, tid, cloneX, event.I64(res), event.CStr("cat"), nil, event.I64(tid), event.I64(100),
			event.I64(1), event.CStr(""), event.I64(1024), event.U64(0), event.U64(0), event.U32(0), event.U32(0),
			event.U32(0), event.CStr("cat"), nil, event.U32(0), event.U32(0), event.U32(0), event.I64(tid), event.I64(100))
	}
	evs = append(evs, clone(1_510, 100, 101), clone(1_520, 101, 0))
	evs = append(evs, open(1_600, 101, 5, "data")...)
	evs = append(evs, event.Append(nil, 1_700, 101, execveE, event.CStr("/bin/ls")))
	evs = append(evs, open(1_710, 300, 7, "/etc/passwd")...)
	evs = append(evs, event.Append(nil, 1_720, 101, execveX, event.I64(0), event.CStr("/bin/ls"), event.CStr("-l"),
		event.I64(101), event.I64(101), event.I64(100), event.CStr("/tmp"), event.U64(1024), event.U64(0), event.U64(0),
		event.U32(0), event.U32(0), event.U32(0), event.CStr("ls"), nil, nil, event.U32(0), event.I64(101),
		event.U32(0xFFFFFFFF), event.U32(0)))
	evs = append(evs, closeFD(1_800, 101, 5)...)
	evs = append(evs, closeFD(1_900, 100, 4)...)
	return writeCatCapture(t, "spawn.scap", evs)
}

// Filters whose fields read no fd table print the same with the fd-only parsers of
// rejected events skipped as with full processing, with formats that read latency,
// process and user fields; filters that read fd tables are unaffected.
func TestReadSkippingFDParsersPrintsTheSame(t *testing.T) {
	path := writeSpawnCapture(t)
	formats := []string{"", "%evt.num %evt.latency %evt.res %proc.name %proc.pname %thread.tid %user.name %evt.args",
		"*%evt.num %proc.exe %proc.cmdline %fd.name %proc.cwd"}
	filters := []string{"evt.type=execve and evt.dir=<",
		"evt.type in (clone, fork, vfork, execve) and evt.dir=< and not evt.failed=true",
		"evt.type=chdir", "evt.type=execve", "evt.type=open and evt.dir=<", "proc.name=cat"}
	printed := 0
	for _, f := range filters {
		for _, p := range formats {
			printed += len(readBothWays(t, readOptions{file: path, format: p}, f))
		}
	}
	if printed == 0 {
		t.Fatal("the filters printed nothing")
	}
	lines := readBothWays(t, readOptions{file: path, format: "%evt.num %proc.name %evt.latency"}, "evt.type=execve and evt.dir=<")
	if strings.Join(lines, "|") != "20 ls 20" {
		t.Fatalf("execve exit: %q, want the one line 20 ls 20 (paired with its enter)", lines)
	}
}

// The same on every corpus capture, for the reference filters and the benchmark's,
// with the default format and one that reads latency and fd names.
func TestReadSkippingFDParsersOnCorpus(t *testing.T) {
	files := testshared.CorpusFiles(t)
	filters := []string{"evt.type=execve and evt.dir=<",
		"evt.type in (clone, fork, vfork, execve) and evt.dir=< and not evt.failed=true",
		"evt.type in (clone, execve, procexit)", "evt.type=chdir and evt.dir=<"}
	f, err := os.Open(testshared.Path(t, "corpus/ref/filters.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if n, text, ok := strings.Cut(sc.Text(), "\t"); ok && n != "N" {
			filters = append(filters, text)
		}
	}
	f.Close()
	for _, path := range files {
		for _, flt := range filters {
			for _, p := range []string{"", "%evt.num %evt.latency %proc.name %thread.tid %proc.pname %evt.args"} {
				readBothWays(t, readOptions{file: path, format: p}, flt)
			}
		}
	}
}
