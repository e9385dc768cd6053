package enrich

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
)

// uncached returns a Tracker that extracts every column for every event.
func uncached(t testing.TB) *Tracker {
	tr, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, cols := range [][]column{tr.threads.values.cols, tr.fds.values.cols, tr.types.values.cols, tr.args.values.cols} {
		tr.cols = append(tr.cols, cols...)
	}
	tr.threads, tr.fds, tr.types, tr.args = nil, nil, nil, nil
	return tr
}

// sameRow reports the first column where a and b differ, or -1.
func sameRow(a, b *parquet.Enriched) int {
	for col := range parquet.Columns {
		if a.IsSet(col) != b.IsSet(col) {
			return col
		}
		ia, _ := a.Int(col)
		ib, _ := b.Int(col)
		sa, _ := a.String(col)
		sb, _ := b.String(col)
		if ia != ib || !bytes.Equal(sa, sb) {
			return col
		}
	}
	return -1
}

// trackBoth tracks ev with both trackers into a and b, and fails where a column differs.
func trackBoth(t *testing.T, cached, plain *Tracker, ev *event.Event, a, b *parquet.Enriched, where string) {
	t.Helper()
	a.Reset()
	b.Reset()
	cached.Track(ev, a)
	plain.Track(ev, b)
	if col := sameRow(a, b); col >= 0 {
		ca, _ := a.String(col)
		cb, _ := b.String(col)
		t.Errorf("%s: %s is %q with the caches, %q without", where, parquet.Columns[col].Name, ca, cb)
	}
}

// compareTrackers tracks every event of a capture with and without the thread cache and
// fails at the first row where a column differs.
func compareTrackers(t *testing.T, path string) int {
	src, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	cached, plain := must(New()), uncached(t)
	var ev event.Event
	var a, b parquet.Enriched
	var last *scap.Section
	n := 0
	for {
		if err := src.Next(&ev); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if s := src.Section(); s != last {
			last = s
			cached.LoadSection(s)
			plain.LoadSection(s)
		}
		a.Reset()
		b.Reset()
		cached.Track(&ev, &a)
		plain.Track(&ev, &b)
		if col := sameRow(&a, &b); col >= 0 {
			t.Fatalf("%s event %d: column %s differs with the thread cache", path, ev.Num, parquet.Columns[col].Name)
		}
		n++
	}
	return n
}

func must(tr *Tracker, err error) *Tracker {
	if err != nil {
		panic(err)
	}
	return tr
}

// TestThreadCacheMatchesExtraction: on every corpus capture (and the capture named by
// SCRY_BENCH_CAPTURE, if any), every row is the same with and without the thread cache.
func TestThreadCacheMatchesExtraction(t *testing.T) {
	files := corpusFiles(t)
	if p := os.Getenv("SCRY_BENCH_CAPTURE"); p != "" {
		files = append(files, p)
	}
	total := 0
	for _, f := range files {
		total += compareTrackers(t, f)
	}
	t.Logf("%d events of %d captures identical", total, len(files))
}

// TestThreadCacheSeesStateChanges: changes to a thread, its parent, its main thread and
// its user entry between two events of the thread show in the next event's columns.
func TestThreadCacheSeesStateChanges(t *testing.T) {
	sec := &scap.Section{
		Machine: &scap.MachineInfo{Hostname: "h"},
		Processes: []scap.Process{
			{Tid: 1, Pid: 1, Ptid: 0, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "init", Exe: "/sbin/init"},
			{Tid: 7, Pid: 7, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: 1000, UID: 33, GID: 33, Comm: "nginx", Exe: "nginx", ExePath: "/usr/sbin/nginx", Args: []byte("-g\x00daemon off;\x00")},
			{Tid: 8, Pid: 7, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: 1000, UID: 33, GID: 33, Comm: "nginx", Exe: "nginx", ExePath: "/usr/sbin/nginx"},
		},
		HasUsers: true,
		Users:    []scap.User{{UID: 33, GID: 33, Name: "www-data"}, {UID: 0, GID: 0, Name: "root"}},
		Groups:   []scap.Group{{GID: 33, Name: "www-data"}},
	}
	changes := []struct {
		name string
		fn   func(e *state.Engine)
	}{
		{"nothing", func(e *state.Engine) {}},
		{"comm", func(e *state.Engine) { e.Thread(7).Comm = "nginx-worker" }},
		{"args in place", func(e *state.Engine) { e.Thread(7).Args[0] = "-c" }},
		{"args appended", func(e *state.Engine) { e.Thread(7).Args = append(e.Thread(7).Args, "x") }},
		{"exe", func(e *state.Engine) { e.Thread(7).Exe = "/opt/nginx" }},
		{"parent comm", func(e *state.Engine) { e.Thread(1).Comm = "systemd" }},
		{"ptid", func(e *state.Engine) { e.Thread(7).Ptid = 7 }},
		{"uid", func(e *state.Engine) { e.Thread(7).UID = 0 }},
		{"user name", func(e *state.Engine) { e.User(e.Thread(7).UID).Name = "admin" }},
		{"group name", func(e *state.Engine) {
			if g := e.Group(e.Thread(7).GID); g != nil {
				g.Name = "web"
			}
		}},
		{"loginuid", func(e *state.Engine) { e.Thread(7).LoginUID = 0 }},
		{"main thread ptid", func(e *state.Engine) { e.Thread(7).Ptid = 1 }},
		{"container", func(e *state.Engine) { e.Thread(8).ContainerID = "abcdef123456" }},
	}
	cached, plain := must(New()), uncached(t)
	cached.LoadSection(sec)
	plain.LoadSection(sec)
	const t0 = 1_700_000_000_000_000_000
	var a, b parquet.Enriched
	num := uint64(0)
	step := func(tid int64, what string) {
		for _, name := range []string{"/etc/hosts"} {
			num++
			ts := uint64(t0 + num*1000)
			enter := event.Event{Num: num, Raw: event.Append(nil, ts, tid, 2, event.CStr(name), event.U32(1), event.U32(0))}
			num++
			exit := event.Event{Num: num, Raw: event.Append(nil, ts+500, tid, 3, event.I64(3), event.CStr(name), event.U32(1), event.U32(0), event.U32(0))}
			for _, ev := range []*event.Event{&enter, &exit} {
				trackBoth(t, cached, plain, ev, &a, &b, fmt.Sprintf("after %s, thread %d", what, tid))
			}
		}
	}
	for _, c := range changes {
		step(7, "warm-up")
		step(8, "warm-up")
		c.fn(cached.Engine())
		c.fn(plain.Engine())
		step(7, c.name)
		step(8, c.name)
	}
	if v, _ := a.String(parquet.ColProcName); !strings.HasPrefix(string(v), "nginx") {
		t.Errorf("proc_name of the last event is %q: the events did not reach the thread", v)
	}
}
