package state

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/scrylabs/scry/formats/event"
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

// sameThreads fails unless both engines hold the same threads with the same fields
// (fd tables aside, the lastevent fd compared by sign, the dead pairing flag left out)
// and both have a last paired enter event or neither.
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
		// Whether the last exit paired is read by nothing before the thread's next exit
		// rewrites it, and an fcntl exit tries to pair only when its fd lookup succeeds.
		x.enterValid, y.enterValid = false, false
		if !reflect.DeepEqual(x, y) {
			t.Fatalf("%s: thread %d differs after skipping:\n%+v\n%+v", where, a.Tid, x, y)
		}
		return true
	})
	// Only the old openat exit reads the last paired enter event, and when the filter
	// rejects it only whether there is one matters (an fcntl exit pairs only when its fd
	// lookup succeeds, so which one it is can differ).
	if (len(full.lastEnter) == 0) != (len(skipping.lastEnter) == 0) {
		t.Fatalf("%s: a last paired enter event with one engine only", where)
	}
}

// Skipping fd-only parsers leaves every thread as full processing leaves it, event after
// event, on random streams of opens, closes, reads, writes, dups, fcntls, execves, chdirs
// and process exits from known threads, threads sharing a main thread's table (present or not) and
// unknown tids, with enters and exits in any order (as drops leave them).
func TestFDParserSkipKeepsThreads(t *testing.T) {
	kinds := []uint16{evOpenE, evOpenatE, evOpenatV2E, evOpenat2E, evCreatE, evCloseE, evCloseE,
		evReadE, evWriteE, evPreadX - 1, evCopyFileRangeX - 1, typeNamed(t, "PPME_SYSCALL_LSEEK_E"),
		evDupE, evFcntlE, evExecveV19E, evChdirE, evProcexitV1E}
	tids := []int64{100, 101, 201, 301, 400, 401, 100, 101}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 11))
		full, skipping := fdFreeTwins()
		sec := sharedTablesSection()
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
	runTwinsOnCorpus(t, fdFreeTwins, 200, sameThreads)
}

// The skip path is taken once an exit has paired: the second open adds no fd, while the
// engine that processes it does.
func TestFDParserSkipLeavesFDTables(t *testing.T) {
	full, skipping := fdFreeTwins()
	sec := section(proc(100, 100, 1, "cat", "/home/u/"))
	full.LoadSection(sec)
	skipping.LoadSection(sec)
	open := func(ts uint64, fd int64) [][]byte {
		return [][]byte{
			event.Append(nil, ts, 100, evOpenE, event.CStr("notes.txt"), event.U32(1), event.U32(0)),
			event.Append(nil, ts+1, 100, evOpenX, event.I64(fd), event.CStr("notes.txt"), event.U32(1), event.U32(0), event.U32(0)),
		}
	}
	// The first open is processed in full: nothing has paired yet.
	evs := append(open(10, 3), open(20, 4)...)
	for i, raw := range evs {
		ev := event.Event{Raw: raw, Num: uint64(i + 1)}
		compareTwins(t, full, skipping, &ev, "open")
	}
	tab := skipping.FDTable(skipping.Thread(100))
	if full.FDTable(full.Thread(100)).Get(4) == nil || tab.Get(3) == nil {
		t.Fatal("full processing added no fd 3 and 4")
	}
	if tab.Get(4) != nil {
		t.Fatal("the skip path added fd 4: the second open's parser ran")
	}
	if got := skipping.Thread(100).LastEventFD; got != 4 {
		t.Fatalf("lastevent fd after the skipped open: %d, want 4", got)
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

// The promise is refused when the filter accepts the old openat exit, which reads the
// enter event paired last (by whichever thread, after whichever fd lookup).
func TestFDPromiseRefusedForOldOpenat(t *testing.T) {
	e := New(Options{})
	e.SetFilter(func(*EventContext) bool { return false })
	e.SetFilterTypes(func(typ uint16) bool { return typ == evOpenatX })
	e.lastEnter = append(e.lastEnter, make([]byte, event.HeaderLen)...)
	e.SetFDTablesUnobserved()
	if e.fdsUnobserved || e.fdsPromised || e.skip[evOpenX] != processAll {
		t.Fatal("fd-only parsers skipped although the filter accepts the old openat exit")
	}
	e.SetFilterTypes(func(typ uint16) bool { return typ == evExecveV19X })
	e.SetFDTablesUnobserved()
	if !e.fdsUnobserved || e.skip[evOpenX] != skipParser || e.skip[evReadX] != skipWhole {
		t.Fatal("fd-only parsers not skipped for an execve filter after a pairing")
	}
}
