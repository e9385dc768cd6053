package plantest

import (
	"errors"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"

	"github.com/scrylabs/scry/drivers/testinput"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// Open is one openat call of the synthetic workload, as the generator made it: the
// independent record that reference answers are computed from.
type Open struct {
	Ts    uint64 // timestamp of the exit event
	Tid   int64
	Comm  string // the process name at the time
	PComm string // the parent's name
	Path  string
	FD    int64 // result: a descriptor or -2 (ENOENT)
}

// Data is a generated workload written as a scap capture, its Parquet conversion
// and a store of several segments.
type Data struct {
	Dir, ScapPath, ParquetPath, StoreDir string
	Opens                                []Open
	Events                               int
	FirstTs, LastTs                      uint64
}

var Paths = []string{"/etc/passwd", "/etc/hosts", "/etc/ssl/certs/ca.pem", "/tmp/a.txt", "/tmp/b.log",
	"/var/log/syslog", "/usr/lib/libc.so.6", "/home/u/notes"}

// proc is a live process of the generator.
type proc struct {
	p     testinput.Proc
	ptid  int64
	nextF int64
	open  []int64
}

// genSynth builds the workload: a few processes from the capture's process list fork,
// exec, open files (some missing), read, write and close, over span nanoseconds.
func Generate(dir string, seed uint64, n int, span uint64) (*Data, error) {
	d := &Data{Dir: dir}
	r := rand.New(rand.NewPCG(seed, 7))
	sec := &scap.Section{
		Header:   scap.SectionHeader{Major: 1, Minor: 2, SectionLength: ^uint64(0)},
		Machine:  &scap.MachineInfo{NumCPUs: 2, MemoryBytes: 1 << 30, MaxPID: 1 << 22, Hostname: "synth"},
		Users:    []scap.User{{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"}, {UID: 1000, GID: 1000, Name: "alice", Home: "/home/alice", Shell: "/bin/sh"}},
		Groups:   []scap.Group{{GID: 0, Name: "root"}, {GID: 1000, Name: "alice"}},
		HasUsers: true,
	}
	procs := map[int64]*proc{}
	var tids []int64
	add := func(tid, ptid int64, comm string, uid uint32) {
		sec.Processes = append(sec.Processes, scap.Process{Tid: tid, Pid: tid, Ptid: ptid, Comm: comm, Exe: comm,
			ExePath: "/usr/bin/" + comm, Cwd: "/", FDLimit: 1024, UID: uid, GID: uid, Vtid: tid, Vpid: tid, LoginUID: -1})
		procs[tid] = &proc{p: testinput.Proc{Tid: tid, Pid: tid, Ptid: ptid, Exe: comm, Comm: comm, UID: uid, GID: uid, FDLimit: 1024}, ptid: ptid, nextF: 3}
		tids = append(tids, tid)
	}
	add(1, 0, "init", 0)
	add(100, 1, "sshd", 0)
	add(200, 100, "bash", 1000)
	add(300, 1, "nginx", 0)
	add(400, 300, "nginx", 33)
	comm := func(tid int64) string {
		if p := procs[tid]; p != nil {
			return p.p.Comm
		}
		return ""
	}
	var b testinput.Builder
	var raw [][]byte // one entry per event, for writing
	flush := func() {
		buf := b.Bytes()
		for len(buf) > 0 {
			l := int(le32(buf[16:]))
			raw = append(raw, append([]byte(nil), buf[:l]...))
			buf = buf[l:]
		}
		b.Reset()
	}
	ts := uint64(1_700_000_000_000_000_000)
	step := span / uint64(n)
	nextTid := int64(1000)
	for len(raw) < n {
		ts += 1 + uint64(r.Int64N(int64(2*step)))
		tid := tids[r.IntN(len(tids))]
		p := procs[tid]
		switch k := r.IntN(100); {
		case k < 3 && len(tids) < 40: // fork a child
			child := nextTid
			nextTid++
			b.Fork(ts, p.p, child)
			add(child, tid, p.p.Comm, p.p.UID)
			sec.Processes = sec.Processes[:len(sec.Processes)-1] // not in the capture's list
		case k < 6: // exec a new program
			names := []string{"cat", "ls", "curl", "python3", "grep"}
			np := p.p
			np.Comm = names[r.IntN(len(names))]
			np.Exe = np.Comm
			b.Execve(ts, "/usr/bin/"+np.Comm, np, 0)
			p.p = np
		case k < 45: // openat
			path := Paths[r.IntN(len(Paths))]
			fd := p.nextF
			if r.IntN(5) == 0 {
				fd = -2
			} else {
				p.nextF++
				p.open = append(p.open, fd)
			}
			b.Openat(ts, tid, -100, path, 1, 0, fd)
			d.Opens = append(d.Opens, Open{Ts: ts + 1, Tid: tid, Comm: comm(tid), PComm: comm(p.ptid), Path: path, FD: fd})
		case k < 70 && len(p.open) > 0:
			b.Read(ts, tid, p.open[r.IntN(len(p.open))], 4096, make([]byte, r.IntN(3000)))
		case k < 90 && len(p.open) > 0:
			b.Write(ts, tid, p.open[r.IntN(len(p.open))], []byte(strings.Repeat("x", r.IntN(2000))))
		case len(p.open) > 0:
			i := r.IntN(len(p.open))
			b.Close(ts, tid, p.open[i], 0)
			p.open = append(p.open[:i], p.open[i+1:]...)
		default:
			b.Generic(ts, tid, 39) // getpid
		}
		ts += 3
		flush()
	}
	d.Events = len(raw)
	d.FirstTs = le64(raw[0])
	d.LastTs = le64(raw[len(raw)-1])
	// The capture.
	d.ScapPath = filepath.Join(d.Dir, "synth.scap")
	w, err := scap.Create(d.ScapPath, scap.WriterOptions{})
	if err != nil {
		return nil, err
	}
	if err := w.WriteSection(sec); err != nil {
		return nil, err
	}
	for i, e := range raw {
		ev := event.Event{Raw: e, Num: uint64(i + 1)}
		if err := w.WriteEvent(&ev); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	// Its Parquet conversion, with small row groups and pages so pruning has work.
	d.ParquetPath = filepath.Join(d.Dir, "synth.parquet")
	src, err := scap.Open(d.ScapPath)
	if err != nil {
		return nil, err
	}
	tr, err := enrich.New()
	if err != nil {
		return nil, err
	}
	popts := ParquetOptions()
	if _, err := store.ToParquet(src, d.ParquetPath, store.ConvertOptions{Tracker: tr, Parquet: popts}); err != nil {
		return nil, err
	}
	src.Close()
	// A store of several segments.
	d.StoreDir = filepath.Join(d.Dir, "store")
	tr2, err := enrich.New()
	if err != nil {
		return nil, err
	}
	sw, err := store.NewWriter(d.StoreDir, store.WriterOptions{MaxEvents: int64(n/5 + 1), Tracker: tr2, Parquet: popts})
	if err != nil {
		return nil, err
	}
	src, err = scap.Open(d.ScapPath)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	var ev event.Event
	var last *scap.Section
	for {
		err := src.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if s := src.Section(); s != last {
			last = s
			if err := sw.BeginSection(s); err != nil {
				return nil, err
			}
		}
		if err := sw.Write(&ev); err != nil {
			return nil, err
		}
	}
	if err := sw.Close(); err != nil {
		return nil, err
	}
	return d, nil
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
func le64(b []byte) uint64 { return uint64(le32(b)) | uint64(le32(b[4:]))<<32 }

// ParquetOptions are the Parquet layout of the generated files: small row groups and
// pages, so that pruning has something to skip.
func ParquetOptions() parquet.WriterOptions {
	return parquet.WriterOptions{RowGroupRows: 1000, PageRows: 250}
}
