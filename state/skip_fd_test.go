package state

import (
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// threadTypes are the event types of the fd-free test filter: process and working
// directory changes, none of which read an fd table.
var threadTypes = map[uint16]bool{evExecveV19X: true, evChdirX: true, evProcexitV1E: true}

func threadFilter(ctx *EventContext) bool { return threadTypes[ctx.Ev.Type()] }

// fdFreeTwins returns an engine with the fd-free test filter and no skipping, and one
// that also skips what the filter cannot observe: whole events and fd-only parsers.
func fdFreeTwins() (full, skipping *Engine) {
	full, skipping = New(Options{}), New(Options{})
	full.SetFilter(threadFilter)
	skipping.SetFilter(threadFilter)
	skipping.SetFilterTypes(func(typ uint16) bool { return threadTypes[typ] })
	skipping.SetFDTablesUnobserved()
	return full, skipping
}

// sameThreads fails unless both engines hold the same threads with the same fields,
// fd tables aside and the lastevent fd compared by sign, and the same last paired enter
// event.
func sameThreads(t *testing.T, full, skipping *Engine, where string) {
	t.Helper()
	if full.NumThreads() != skipping.NumThreads() {
		t.Fatalf("%s: %d threads with full processing, %d skipping", where, full.NumThreads(), skipping.NumThreads())
	}
	full.EachThread(func(a *Thread) bool {
		b := skipping.Thread(a.Tid)
		if b == nil {
			t.Fatalf("%s: thread %d missing after skipping", where, a.Tid)
		}
		x, y := *a, *b
		x.FDs, y.FDs = nil, nil
		// The lastevent fd's value is read only by fd-table lookups (and fd fields), and
		// fd parsers the filter accepts set it from what their lookups found; whether it
		// is negative also decides whether a lookup adds a placeholder main thread.
		x.LastEventFD, y.LastEventFD = min(x.LastEventFD, 0), min(y.LastEventFD, 0)
		if !reflect.DeepEqual(x, y) {
			t.Fatalf("%s: thread %d differs after skipping:\n%+v\n%+v", where, a.Tid, x, y)
		}
		return true
	})
	if !reflect.DeepEqual(full.lastEnter, skipping.lastEnter) {
		t.Fatalf("%s: the last paired enter event differs after skipping", where)
	}
}

// Skipping fd-only parsers leaves every thread as full processing leaves it, event after
// event, on random streams of opens, closes, reads, dups, execves, chdirs and process
// exits from known threads, threads sharing a main thread's table (present or not) and
// unknown tids, with enters and exits in any order (as drops leave them).
func TestFDParserSkipKeepsThreads(t *testing.T) {
	kinds := []uint16{evOpenE, evOpenatE, evOpenatV2E, evOpenat2E, evCreatE, evCloseE, evCloseE,
		evReadE, evWriteE, evDupE, evExecveV19E, evChdirE, evProcexitV1E}
	tids := []int64{100, 101, 201, 301, 400, 401, 100, 101}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 11))
		full, skipping := fdFreeTwins()
		main := proc(100, 100, 1, "httpd", "/srv/")
		worker := proc(101, 100, 1, "httpd", "/srv/")
		worker.Flags = CloneFiles | CloneThread
		orphan := proc(201, 200, 1, "nginx", "/")
		orphan.Flags = CloneFiles | CloneThread
		sharing := proc(301, 300, 1, "worker", "/")
		sharing.Flags = CloneFiles
		sec := section(main, worker, orphan, sharing)
		full.LoadSection(sec)
		skipping.LoadSection(sec)
		ts := uint64(1_700_000_000_000_000_000)
		var ev event.Event
		for i := range 3000 {
			typ := kinds[rng.IntN(len(kinds))]
			if typ != evProcexitV1E && rng.IntN(3) > 0 {
				typ++ // mostly exits, mostly after their own enter
			}
			info := schema.Info(typ)
			params := make([][]byte, len(info.Params))
			for j, p := range info.Params {
				params[j] = randomParam(rng, p.Type)
			}
			ts += uint64(rng.IntN(5000))
			ev = event.Event{Raw: event.Append(nil, ts, tids[rng.IntN(len(tids))], typ, params...), Num: uint64(i + 1)}
			compareTwins(t, full, skipping, &ev, "synthetic")
			sameThreads(t, full, skipping, "synthetic")
		}
	}
}

// The same on the corpus captures, threads compared every 200 events and at the end.
func TestFDParserSkipKeepsThreadsOnCorpus(t *testing.T) {
	for _, path := range corpusFiles(t) {
		full, skipping := fdFreeTwins()
		r, err := scap.Open(path)
		if err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		sec := r.Section()
		full.LoadSection(sec)
		skipping.LoadSection(sec)
		var ev event.Event
		for {
			err := r.Next(&ev)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("read %s: %v", path, err)
			}
			if s := r.Section(); s != sec {
				sec = s
				full.LoadSection(sec)
				skipping.LoadSection(sec)
			}
			compareTwins(t, full, skipping, &ev, path)
			if ev.Num%200 == 0 {
				sameThreads(t, full, skipping, path)
			}
		}
		sameThreads(t, full, skipping, path)
		r.Close()
	}
}

// The skip path is taken: after an open and a close skipped, the fd tables are those of
// before (nothing added, nothing removed), while the engine that processes them has
// changed them.
func TestFDParserSkipLeavesFDTables(t *testing.T) {
	full, skipping := fdFreeTwins()
	sec := section(proc(100, 100, 1, "cat", "/home/u/"))
	full.LoadSection(sec)
	skipping.LoadSection(sec)
	evs := [][]byte{
		event.Append(nil, 10, 100, evOpenE, event.CStr("notes.txt"), event.U32(1), event.U32(0)),
		event.Append(nil, 11, 100, evOpenX, event.I64(3), event.CStr("notes.txt"), event.U32(1), event.U32(0), event.U32(0)),
	}
	for i, raw := range evs {
		ev := event.Event{Raw: raw, Num: uint64(i + 1)}
		compareTwins(t, full, skipping, &ev, "open")
	}
	if full.FDTable(full.Thread(100)).Get(3) == nil {
		t.Fatal("full processing added no fd 3")
	}
	if skipping.FDTable(skipping.Thread(100)).Get(3) != nil {
		t.Fatal("the skip path added fd 3: the open's parser ran")
	}
	if got := skipping.Thread(100).LastEventFD; got != 3 {
		t.Fatalf("lastevent fd after the skipped open: %d, want 3", got)
	}
	sameThreads(t, full, skipping, "open")
}

// Skipping an open and a close allocates nothing.
func TestFDParserSkipAllocatesNothing(t *testing.T) {
	_, skipping := fdFreeTwins()
	skipping.LoadSection(section(proc(100, 100, 1, "httpd", "/srv/")))
	evs := []event.Event{
		{Raw: event.Append(nil, 1, 100, evOpenE, event.CStr("/etc/passwd"), event.U32(1), event.U32(0))},
		{Raw: event.Append(nil, 2, 100, evOpenX, event.I64(3), event.CStr("/etc/passwd"), event.U32(1), event.U32(0), event.U32(0))},
		{Raw: event.Append(nil, 3, 100, evCloseE, event.I64(3))},
		{Raw: event.Append(nil, 4, 100, evCloseX, event.I64(0))},
	}
	allocs := testing.AllocsPerRun(200, func() {
		for i := range evs {
			if !skipping.Process(&evs[i]).Filtered {
				t.Fatal("an fd event passed the test filter")
			}
		}
	})
	if allocs != 0 {
		t.Fatalf("skipping an open and a close allocates %.1f times", allocs)
	}
}
