package state

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// acceptedTypes are the event types of the test filter: opens, closes, writes and read
// enters (whose exits, skipped, then pair with them).
var acceptedTypes = map[uint16]bool{
	evOpenE: true, evOpenX: true, evOpenatE: true, evOpenatX: true, evCloseX: true, evWriteX: true,
	evReadE: true,
}

// testFilter accepts events of acceptedTypes whose fd is under /etc or whose call failed.
func testFilter(ctx *EventContext) bool {
	if !acceptedTypes[ctx.Ev.Type()] {
		return false
	}
	return ctx.ErrorCode != 0 || (ctx.FD != nil && strings.HasPrefix(ctx.FD.Name, "/etc"))
}

// twinEngines returns an engine with the test filter and one that is also told the
// filter's event types, so that it takes the skip path.
func twinEngines() (full, skipping *Engine) {
	full, skipping = New(Options{}), New(Options{})
	full.SetFilter(testFilter)
	skipping.SetFilter(testFilter)
	skipping.SetFilterTypes(func(typ uint16) bool { return acceptedTypes[typ] })
	return full, skipping
}

// compareTwins processes ev in both engines and fails unless both decide the same and
// end with the same state.
func compareTwins(t *testing.T, full, skipping *Engine, ev *event.Event, where string) {
	t.Helper()
	a, b := full.Process(ev), skipOrProcess(skipping, ev)
	if a.Filtered != b.Filtered || a.Hidden != b.Hidden {
		t.Fatalf("%s: event %d (%s): filtered %v hidden %v with full processing, %v %v skipping",
			where, ev.Num, ev.Info().PPME, a.Filtered, a.Hidden, b.Filtered, b.Hidden)
	}
	if (a.Thread == nil) != (b.Thread == nil) || (a.Thread != nil && a.Thread.Tid != b.Thread.Tid) {
		t.Fatalf("%s: event %d: contexts name different threads", where, ev.Num)
	}
	full.EndEvent(a)
	skipping.EndEvent(b)
}

// skipOrProcess runs ev through e as a caller of SkipRun does on odd events (Process
// only where SkipRun declines; a skipped event's context is then a filtered one of its
// thread) and through Process alone on even ones, so that the twin tests cover both
// entries.
func skipOrProcess(e *Engine, ev *event.Event) *EventContext {
	if ev.Num%2 == 1 && e.SkipRun([]event.Event{*ev}) == 1 {
		return &EventContext{Ev: ev, Filtered: true, Thread: e.Thread(ev.Tid())}
	}
	return e.Process(ev)
}

func sameState(t *testing.T, full, skipping *Engine, where string) {
	t.Helper()
	x, err := full.MarshalBinary()
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	y, err := skipping.MarshalBinary()
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if !bytes.Equal(x, y) {
		t.Fatalf("%s: the state differs after skipping (%d bytes against %d)", where, len(y), len(x))
	}
}

// randomParam encodes a plausible value of a parameter type: small fds, a few errors,
// paths in and out of /etc; types the engine does not read here stay empty.
func randomParam(rng *rand.Rand, typ schema.ParamType) []byte {
	switch typ {
	case schema.TypeFd:
		return event.I64(int64(rng.IntN(12)) - 1)
	case schema.TypeErrno:
		if rng.IntN(4) == 0 {
			return event.I64(-int64(rng.IntN(3) + 1))
		}
		return event.I64(int64(rng.IntN(12)))
	case schema.TypeInt64, schema.TypePid:
		return event.I64(int64(rng.IntN(12)))
	case schema.TypeUint64, schema.TypeReltime, schema.TypeAbstime:
		return event.U64(uint64(rng.IntN(4096)))
	case schema.TypeUint32, schema.TypeInt32, schema.TypeFlags32, schema.TypeUid, schema.TypeGid:
		return event.U32(uint32(rng.IntN(64)))
	case schema.TypeCharbuf, schema.TypeFspath:
		return event.CStr([]string{"/etc/passwd", "/var/log/x", "rel/file", "/etc/hosts", ""}[rng.IntN(5)])
	case schema.TypeBytebuf:
		return []byte("data")
	}
	return nil
}

// sharedTablesSection lists httpd (100) with a worker thread sharing its fd table (101),
// a thread whose main thread (200) is missing, and a process (301) sharing the table of a
// main thread the process list lacks: the first lookup of one of its fds adds a
// placeholder for tid 300.
func sharedTablesSection() *scap.Section {
	main := proc(100, 100, 1, "httpd", "/srv/")
	worker := proc(101, 100, 1, "httpd", "/srv/")
	worker.Flags = CloneFiles | CloneThread
	orphan := proc(201, 200, 1, "nginx", "/")
	orphan.Flags = CloneFiles | CloneThread
	sharing := proc(301, 300, 1, "worker", "/")
	sharing.Flags = CloneFiles
	return section(main, worker, orphan, sharing)
}

// The skip path leaves exactly the state full processing leaves, event after event, on
// random streams of fd events from threads that share their main thread's table (with
// and without the main thread), known threads and unknown tids.
func TestSkipPathKeepsState(t *testing.T) {
	kinds := []uint16{evReadE, evWriteE, evOpenE, evOpenatE, evCloseE, evFcntlE, evDupE, evPreadX - 1,
		evPwriteX - 1, evReadvX - 1, evSendtoE, evRecvfromE, evCopyFileRangeX - 1,
		typeNamed(t, "PPME_SYSCALL_LSEEK_E"), typeNamed(t, "PPME_SYSCALL_FSTAT_E"),
		typeNamed(t, "PPME_SYSCALL_POLL_E"), evSchedswitchV6E}
	tids := []int64{100, 101, 201, 301, 400, 401}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		full, skipping := twinEngines()
		sec := sharedTablesSection()
		full.LoadSection(sec)
		skipping.LoadSection(sec)
		ts := uint64(1_700_000_000_000_000_000)
		var ev event.Event
		for i := range 3000 {
			typ := kinds[rng.IntN(len(kinds))]
			if rng.IntN(3) > 0 {
				typ++ // mostly exits, and mostly after their own enter
			}
			info := schema.Info(typ)
			params := make([][]byte, len(info.Params))
			for j, p := range info.Params {
				params[j] = randomParam(rng, p.Type)
			}
			ts += uint64(rng.IntN(5000))
			ev = event.Event{Raw: event.Append(nil, ts, tids[rng.IntN(len(tids))], typ, params...), Num: uint64(i + 1)}
			compareTwins(t, full, skipping, &ev, "synthetic")
			sameState(t, full, skipping, "synthetic")
		}
	}
}

func typeNamed(t *testing.T, ppme string) uint16 {
	t.Helper()
	for i := range schema.Events {
		if schema.Events[i].PPME == ppme {
			return uint16(i)
		}
	}
	t.Fatalf("no event type %s", ppme)
	return 0
}

// The same on the corpus captures, state compared every 500 events and at the end.
func TestSkipPathKeepsStateOnCorpus(t *testing.T) {
	runTwinsOnCorpus(t, twinEngines, 500, sameState)
}

// runTwinsOnCorpus runs every corpus capture through a pair of engines made by twins,
// comparing each event's outcome, and their state with same every `every` events and at
// the end of each capture.
func runTwinsOnCorpus(t *testing.T, twins func() (full, skipping *Engine), every uint64,
	same func(t *testing.T, full, skipping *Engine, where string)) {
	for _, path := range corpusFiles(t) {
		full, skipping := twins()
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
			if ev.Num%every == 0 {
				same(t, full, skipping, path)
			}
		}
		same(t, full, skipping, path)
		r.Close()
	}
}

// Skipping a read allocates nothing.
func TestSkipPathAllocatesNothing(t *testing.T) {
	_, skipping := twinEngines()
	skipping.LoadSection(section(proc(100, 100, 1, "httpd", "/srv/")))
	enter := event.Event{Raw: event.Append(nil, 1, 100, evReadE, event.I64(3), event.U32(10))}
	exit := event.Event{Raw: event.Append(nil, 2, 100, evReadX, event.I64(4), []byte("data"))}
	allocs := testing.AllocsPerRun(200, func() {
		binary.LittleEndian.PutUint64(enter.Raw, binary.LittleEndian.Uint64(enter.Raw)+2)
		binary.LittleEndian.PutUint64(exit.Raw, binary.LittleEndian.Uint64(exit.Raw)+2)
		if !skipping.Process(&enter).Filtered || !skipping.Process(&exit).Filtered {
			t.Fatal("a read passed the test filter")
		}
	})
	if allocs != 0 {
		t.Fatalf("skipping a read allocates %.1f times", allocs)
	}
}

// SkipRun takes the events Process would reject by type and declines the others: the
// types the filter accepts, and any event while the previous one left work pending.
func TestSkipDeclinesWhatProcessMustSee(t *testing.T) {
	_, skipping := twinEngines()
	skipping.LoadSection(section(proc(100, 100, 1, "httpd", "/srv/")))
	read := event.Event{Raw: event.Append(nil, 1, 100, evReadE, event.I64(3), event.U32(10)), Num: 1}
	if skipping.SkipRun([]event.Event{read}) == 1 {
		t.Fatal("SkipRun took the capture's first event, which starts the engine")
	}
	skipping.Process(&read)
	readExit := event.Event{Raw: event.Append(nil, 2, 100, evReadX, event.I64(4), []byte("data")), Num: 2}
	if skipping.SkipRun([]event.Event{readExit}) != 1 {
		t.Fatal("SkipRun declined a read exit the filter cannot accept")
	}
	if th := skipping.Thread(100); th.LastEventType != filteredType || th.Latency != 1 {
		t.Errorf("after SkipRun the thread's lastevent type is %d and its latency %d, want %d and 1",
			th.LastEventType, th.Latency, filteredType)
	}
	var accepted uint16
	for typ := range uint16(schema.LegacyMax) {
		if acceptedTypes[typ] && schema.Info(typ) != nil {
			accepted = typ
			break
		}
	}
	params := make([][]byte, len(schema.Info(accepted).Params))
	ev := event.Event{Raw: event.Append(nil, 3, 100, accepted, params...), Num: 3}
	if skipping.SkipRun([]event.Event{ev}) == 1 {
		t.Fatalf("SkipRun took an event of type %d, which the filter accepts", accepted)
	}
	skipping.hasPendingTid = true
	if skipping.SkipRun([]event.Event{readExit}) == 1 {
		t.Error("SkipRun took an event while a removal was pending")
	}
}

// Skipping a write's enter and a read's exit through SkipRun allocates nothing.
func TestSkipAllocatesNothing(t *testing.T) {
	_, skipping := twinEngines()
	skipping.LoadSection(section(proc(100, 100, 1, "httpd", "/srv/")))
	enter := event.Event{Raw: event.Append(nil, 1, 100, evWriteE, event.I64(3), event.U32(10))}
	exit := event.Event{Raw: event.Append(nil, 2, 100, evReadX, event.I64(4), []byte("data"))}
	skipping.Process(&enter)
	skipping.Process(&exit) // leaves nothing pending
	run := []event.Event{enter, exit}
	allocs := testing.AllocsPerRun(200, func() {
		binary.LittleEndian.PutUint64(enter.Raw, binary.LittleEndian.Uint64(enter.Raw)+2)
		binary.LittleEndian.PutUint64(exit.Raw, binary.LittleEndian.Uint64(exit.Raw)+2)
		if skipping.SkipRun(run) != 2 {
			t.Fatal("SkipRun declined a write enter or a read exit")
		}
	})
	if allocs != 0 {
		t.Fatalf("skipping a read allocates %.1f times", allocs)
	}
}

// genericTwins returns an engine whose filter accepts generic events of even syscall
// codes (and the test filter's events), and one also told the filter's types and the
// generic codes it rejects, so that it skips generic events of odd codes.
func genericTwins() (full, skipping *Engine) {
	flt := func(ctx *EventContext) bool {
		if typ := ctx.Ev.Type(); typ == evGenericE || typ == evGenericX {
			p := ctx.Ev.Param(0)
			return len(p) >= 2 && p[0]%2 == 0
		}
		return testFilter(ctx)
	}
	full, skipping = New(Options{}), New(Options{})
	full.SetFilter(flt)
	skipping.SetFilter(flt)
	skipping.SetFilterGenericCodes(func(code uint16) bool { return code%2 == 1 })
	skipping.SetFilterTypes(func(typ uint16) bool { return acceptedTypes[typ] || typ == evGenericE || typ == evGenericX })
	return full, skipping
}

// SkipRun over runs of many events (what it hoists out of its loop must hold for all
// of them) leaves the state full processing leaves, compared at the end of every run, on
// random streams: fd events, execs, chdirs and process exits, known threads, threads
// sharing a table with and without their main thread, and unknown tids; both with the
// fd tables observed (whole state) and unobserved (threads).
func TestSkipRunKeepsStateOverRuns(t *testing.T) {
	kinds := []uint16{evReadE, evWriteE, evOpenE, evOpenatE, evCloseE, evCloseE, evFcntlE, evDupE,
		evPreadX - 1, evSendtoE, evCopyFileRangeX - 1, typeNamed(t, "PPME_SYSCALL_LSEEK_E"),
		evSchedswitchV6E, evExecveV19E, evChdirE, evProcexitV1E, evGenericE, evGenericE}
	tids := []int64{100, 101, 201, 301, 400, 401, 100, 101}
	twins := []struct {
		name string
		make func() (full, skipping *Engine)
		same func(t *testing.T, full, skipping *Engine, where string)
	}{
		{"fd tables observed", twinEngines, sameState},
		{"fd tables unobserved", fdFreeTwins, sameThreads},
		{"generic events by code", genericTwins, sameState},
	}
	for _, tw := range twins {
		for seed := range uint64(10) {
			rng := rand.New(rand.NewPCG(seed, 13))
			full, skipping := tw.make()
			sec := sharedTablesSection()
			full.LoadSection(sec)
			skipping.LoadSection(sec)
			ts := uint64(1_700_000_000_000_000_000)
			evs := make([]event.Event, 4000)
			for i := range evs {
				typ := kinds[rng.IntN(len(kinds))]
				if typ != evSchedswitchV6E && typ != evProcexitV1E && rng.IntN(3) > 0 {
					typ++
				}
				info := schema.Info(typ)
				params := make([][]byte, len(info.Params))
				for j, p := range info.Params {
					params[j] = randomParam(rng, p.Type)
				}
				if typ == evGenericE || typ == evGenericX {
					params[0] = event.U16(uint16(rng.IntN(16))) // the syscall code
				}
				ts += uint64(rng.IntN(5000))
				evs[i] = event.Event{Raw: event.Append(nil, ts, tids[rng.IntN(len(tids))], typ, params...), Num: uint64(i + 1)}
			}
			skipped := 0
			for start := 0; start < len(evs); {
				end := min(len(evs), start+1+rng.IntN(64))
				for i := start; i < end; i++ {
					full.EndEvent(full.Process(&evs[i]))
				}
				run := evs[start:end]
				for i := 0; i < len(run); i++ {
					n := skipping.SkipRun(run[i:])
					skipped += n
					if i += n; i == len(run) {
						break
					}
					skipping.EndEvent(skipping.Process(&run[i]))
				}
				tw.same(t, full, skipping, fmt.Sprintf("%s, seed %d, events %d-%d", tw.name, seed, start+1, end))
				start = end
			}
			if skipped < len(evs)/4 {
				t.Fatalf("%s, seed %d: SkipRun took only %d of %d events", tw.name, seed, skipped, len(evs))
			}
		}
	}
}
