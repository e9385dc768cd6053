package state

import (
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// checkPidCounts fails unless the engine's counts by pid, where it keeps them, are those
// of its thread table.
func checkPidCounts(t *testing.T, e *Engine, where string) {
	t.Helper()
	if !e.pidCountsOK {
		return
	}
	want := map[int64]int32{}
	for _, th := range e.threads {
		want[th.Pid]++
	}
	if !maps.Equal(want, e.pidCounts) {
		t.Fatalf("%s: the counts by pid (%d pids) differ from the table's (%d pids)", where, len(e.pidCounts), len(want))
	}
}

// The counts by pid follow every change of the thread table: placeholders, clones,
// execs that change a thread's pid, exits and removals, on random streams and on every
// corpus capture; a placeholder's thread count is the table's.
func TestPidCountsFollowTheTable(t *testing.T) {
	kinds := []uint16{evReadE, evOpenE, evCloseE, evExecveV19E, evChdirE, evProcexitV1E, evProcexitV1E,
		typeNamed(t, "PPME_SYSCALL_CLONE_20_E"), typeNamed(t, "PPME_SYSCALL_VFORK_20_E")}
	tids := []int64{100, 101, 201, 301, 400, 401, 500, 501, 502}
	kept := 0
	for seed := range uint64(10) {
		rng := rand.New(rand.NewPCG(seed, 21))
		e := New(Options{})
		e.LoadSection(sharedTablesSection())
		ts := uint64(1_700_000_000_000_000_000)
		for i := range 3000 {
			typ := kinds[rng.IntN(len(kinds))]
			if typ != evProcexitV1E && rng.IntN(3) > 0 {
				typ++
			}
			info := schema.Info(typ)
			params := make([][]byte, len(info.Params))
			for j, p := range info.Params {
				params[j] = randomParam(rng, p.Type)
				if p.Type == schema.TypePid && (p.Name == "pid" || p.Name == "ptid" || p.Name == "res") {
					params[j] = event.I64(tids[rng.IntN(len(tids))])
				}
			}
			ts += uint64(rng.IntN(5000))
			ev := event.Event{Raw: event.Append(nil, ts, tids[rng.IntN(len(tids))], typ, params...), Num: uint64(i + 1)}
			e.EndEvent(e.Process(&ev))
			if e.pidCountsOK {
				kept++
			}
			checkPidCounts(t, e, "synthetic")
		}
	}
	if kept == 0 {
		t.Fatal("the counts by pid were never kept: the check checked nothing")
	}
	for _, path := range corpusFiles(t) {
		e := New(Options{})
		replay(t, path, e, func(*EventContext, uint64) { checkPidCounts(t, e, path) })
	}
}
