package state

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// corpusDir is the shared capture corpus, from this package's directory.
const corpusDir = "../../shared/corpus"

// corpusFiles returns the corpus captures, skipping the test when the corpus is absent.
func corpusFiles(t testing.TB) []string {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "raw", "*.scap"))
	if len(files) == 0 {
		t.Skipf("no capture corpus at %s", corpusDir)
	}
	return files
}

// replay runs every event of a capture through a fresh engine and calls f with each
// context, before EndEvent (f calls it when it wants output-time values). sysNum is the
// event's number as sysdig 0.29.3 counts (event types it does not know uncounted).
func replay(t testing.TB, path string, e *Engine, f func(ctx *EventContext, sysNum uint64)) {
	r, err := scap.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer r.Close()
	sec := r.Section()
	e.LoadSection(sec)
	var ev event.Event
	var newer uint64
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
			e.LoadSection(sec)
		}
		if ev.Type() >= schema.LegacyMax {
			newer++
		}
		ctx := e.Process(&ev)
		f(ctx, ev.Num-newer)
		e.EndEvent(ctx)
	}
}

// printed reports whether sysdig prints the event of ctx with its default options.
func printed(ctx *EventContext) bool {
	if ctx.Hidden || ctx.Filtered {
		return false
	}
	info := ctx.Ev.Info()
	return info.Category != schema.CatInternal
}

// refRecords reads the records of a reference events.txt keyed by event number.
func refRecords(t testing.TB, path string) map[uint64]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open reference: %v", err)
	}
	defer f.Close()
	out := map[uint64]string{}
	var last uint64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		sp := strings.IndexByte(line, ' ')
		if sp > 0 {
			if n, err := strconv.ParseUint(line[:sp], 10, 64); err == nil {
				out[n] = line
				last = n
				continue
			}
		}
		out[last] += "\n" + line
	}
	return out
}

// displayFDName is fd.name as sysdig prints it for the event of ctx (after EndEvent).
func displayFDName(e *Engine, ctx *EventContext) string {
	ev := ctx.Ev
	info := ev.Info()
	if info.Flags&(schema.EFCreatesFD|schema.EFUsesFD|schema.EFDestroysFD) == 0 {
		return "<NA>"
	}
	th := ctx.Thread
	if th == nil || ev.Type() == evContainerJsonE || ev.Type() == evContainerJsonV2E {
		return "<NA>"
	}
	f := ctx.FD
	if f == nil && th.LastEventFD != -1 {
		f = e.FDTable(th).Get(th.LastEventFD)
	}
	typ := ev.Type()
	if f != nil && !(typ == evConnectX && pInt(ev, 0) < 0) {
		return string(appendPrintable(nil, []byte(f.Name)))
	}
	if typ&1 == 0 {
		return "<NA>"
	}
	switch typ {
	case evOpenX, evCreatX:
		p := ev.Param(1)
		raw := string(appendPrintable(nil, p))
		if len(p) > 0 && !hasPrefix(p, "<NA>") && p[0] != '/' {
			return string(appendPrintable(nil, appendConcat(nil, e.Cwd(th), p)))
		}
		return raw
	case evAcceptX, evAcceptV5X, evAccept4X, evAccept4V5X, evConnectX:
		return string(AppendSocktuple(nil, ev.Param(1)))
	case evOpenatV2X, evOpenat2X:
		name := ev.Param(2)
		base, _ := e.DirFDBase(th, name, pInt(ev, 1))
		return string(appendPrintable(nil, appendConcat(nil, base, name)))
	case evOpenatX:
		return "<NA>"
	}
	return ""
}

// TestCorpusThreadsAndFDs compares, for every event sysdig prints, the process name,
// thread id and fd name the engine gives with sysdig's reference output.
func TestCorpusThreadsAndFDs(t *testing.T) {
	for _, path := range corpusFiles(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".scap")
		refPath := filepath.Join(corpusDir, "ref", name, "events.txt")
		if _, err := os.Stat(refPath); err != nil {
			continue
		}
		t.Run(name, func(t *testing.T) {
			ref := refRecords(t, refPath)
			e := New(Options{})
			seen, good := 0, 0
			var firstBad []string
			replay(t, path, e, func(ctx *EventContext, num uint64) {
				if !printed(ctx) {
					if _, ok := ref[num]; ok {
						firstBad = appendBad(firstBad, fmt.Sprintf("%d: not printed by scry: %s", num, ref[num]))
					}
					return
				}
				seen++
				line, ok := ref[num]
				if !ok {
					firstBad = appendBad(firstBad, fmt.Sprintf("%d: printed by scry, absent from reference", num))
					return
				}
				e.EndEvent(ctx)
				if msg := compareRecord(e, ctx, line); msg != "" {
					firstBad = appendBad(firstBad, fmt.Sprintf("%d: %s\n  %s", num, msg, line))
					return
				}
				good++
			})
			t.Logf("%d/%d events match (%d reference records)", good, seen, len(ref))
			if seen != len(ref) || good != seen {
				t.Errorf("%d/%d events match (%d reference records)\n%s", good, seen, len(ref), strings.Join(firstBad, "\n"))
			}
		})
	}
}

func appendBad(l []string, s string) []string {
	if len(l) < 8 {
		return append(l, s)
	}
	return l
}

// compareRecord checks proc.name, thread.tid and fd.name of a reference record
// ("num rawtime cpu name tid dir type fdname args") against the engine's view of the
// event; it returns what differs, "" if nothing.
func compareRecord(e *Engine, ctx *EventContext, line string) string {
	name := "<NA>"
	if ctx.Thread != nil {
		name = ctx.Thread.Comm
	}
	tid := strconv.FormatInt(ctx.Ev.Tid(), 10)
	f := strings.SplitN(line, " ", 4)
	if len(f) < 4 {
		return "short record"
	}
	rest := f[3]
	if !strings.HasPrefix(rest, name+" "+tid+" ") {
		return fmt.Sprintf("proc.name/tid: want prefix %q", name+" "+tid)
	}
	rest = rest[len(name)+len(tid)+2:]
	parts := strings.SplitN(rest, " ", 3)
	if len(parts) < 3 {
		return "short record"
	}
	fd := displayFDName(e, ctx)
	if !strings.HasPrefix(parts[2], fd+" ") {
		return fmt.Sprintf("fd.name: scry has %q", fd)
	}
	return ""
}
