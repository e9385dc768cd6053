package fields_test

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/internal/testshared"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/query/rules"
	"github.com/scrylabs/scry/state"
)

// shared returns ../shared/REL beside the repository root, or skips the test.
func shared(t *testing.T, rel string) string { return testshared.Path(t, rel) }

// The 2026 Falco rule files use fields of newer libs: every rule compiles, outputs
// included.
func TestNewerRuleFilesCompile(t *testing.T) {
	for _, name := range []string{"falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"} {
		path := shared(t, filepath.Join("rules", name))
		rs := rules.NewRuleset()
		if err := rs.LoadFile(path); err != nil {
			t.Fatalf("load %s: %v", name, err)
		}
		_, errs, sum := rs.Compile(nil)
		for _, e := range errs {
			t.Errorf("%s: %v", name, e)
		}
		if sum.Compiled == 0 || sum.Compiled != sum.Rules-sum.OtherSource {
			t.Errorf("%s: %+v", name, sum)
		}
	}
}

// replayCapture runs a capture through a state engine, calling f with each event's
// context before EndEvent.
func replayCapture(t *testing.T, path string, f func(ctx *state.EventContext, eng *state.Engine)) {
	t.Helper()
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eng := state.New(state.Options{})
	sec := r.Section()
	eng.LoadSection(sec)
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if s := r.Section(); s != sec {
			sec = s
			eng.LoadSection(sec)
		}
		ctx := eng.Process(&ev)
		f(ctx, eng)
		eng.EndEvent(ctx)
	}
}

func mustLookup(t *testing.T, name string) *fields.Field {
	t.Helper()
	f, _, err := fields.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// libs-sinsp--sample was written by libs 0.10 or 0.11: its process list carries
// capabilities, executable inodes and layers and pid namespace starts, but not the
// memfd flag. Every thread of the list (threads the capture creates itself come from
// clones and inherit) has the sets; the host's init runs with CAP_SYS_ADMIN.
func TestNewerCaptureFields(t *testing.T) {
	path := shared(t, "corpus/raw/libs-sinsp--sample.scap")
	perm := mustLookup(t, "thread.cap_permitted")
	ino := mustLookup(t, "proc.exe_ino")
	ctime := mustLookup(t, "proc.exe_ino.ctime")
	upper := mustLookup(t, "proc.is_exe_upper_layer")
	memfd := mustLookup(t, "proc.is_exe_from_memfd")
	pidns := mustLookup(t, "proc.pidns_init_start_ts")
	admin, err := filter.Compile("thread.cap_effective contains CAP_SYS_ADMIN and proc.is_exe_upper_layer = false", nil)
	if err != nil {
		t.Fatal(err)
	}
	var events, withCaps, matched int
	var v fields.Value
	replayCapture(t, path, func(ctx *state.EventContext, eng *state.Engine) {
		if ctx.Thread == nil || ctx.Thread.Comm == "" || ctx.Ev.Type() == 234 {
			return
		}
		events++
		if admin.Match(ctx, eng) {
			matched++
		}
		if !perm.Extract(ctx, eng, &v) {
			return
		}
		withCaps++
		for _, name := range strings.Fields(string(v.Bytes)) {
			if !strings.HasPrefix(name, "CAP_") {
				t.Fatalf("event %d: capability %q", ctx.Ev.Num, name)
			}
		}
		if !ino.Extract(ctx, eng, &v) || v.Int <= 0 {
			t.Fatalf("event %d (%s): no executable inode", ctx.Ev.Num, ctx.Thread.Comm)
		}
		if !ctime.Extract(ctx, eng, &v) || v.Uint >= ctx.Ev.Ts() {
			t.Fatalf("event %d: executable ctime %d not before the event (%d)", ctx.Ev.Num, v.Uint, ctx.Ev.Ts())
		}
		if !upper.Extract(ctx, eng, &v) {
			t.Fatalf("event %d: no upper layer flag", ctx.Ev.Num)
		}
		if !pidns.Extract(ctx, eng, &v) || v.Uint == 0 || v.Uint >= ctx.Ev.Ts() {
			t.Fatalf("event %d: pid namespace start %d", ctx.Ev.Num, v.Uint)
		}
		if memfd.Extract(ctx, eng, &v) {
			t.Fatalf("event %d: a 0.10 capture has no memfd flag, got %v", ctx.Ev.Num, v.Bool)
		}
	})
	if events == 0 || withCaps != events {
		t.Errorf("%d of %d events have capabilities", withCaps, events)
	}
	if matched == 0 {
		t.Error("no event of a process with CAP_SYS_ADMIN")
	}
	t.Logf("%d events, %d of a process with CAP_SYS_ADMIN outside an upper layer", events, matched)
}

// Captures of sysdig 0.29's time carry none of it: the fields have no value.
func TestOldCaptureHasNoNewerData(t *testing.T) {
	path := shared(t, "corpus/raw/falco--cat_write.scap")
	f, err := filter.Compile("thread.cap_effective exists or proc.exe_ino exists or proc.is_exe_upper_layer exists or proc.pidns_init_start_ts exists", nil)
	if err != nil {
		t.Fatal(err)
	}
	pexe := mustLookup(t, "proc.pexe")
	n, parents := 0, 0
	var v fields.Value
	replayCapture(t, path, func(ctx *state.EventContext, eng *state.Engine) {
		n++
		if f.Match(ctx, eng) {
			t.Fatalf("event %d has newer data", ctx.Ev.Num)
		}
		if pexe.Extract(ctx, eng, &v) {
			parents++
		}
	})
	if n == 0 || parents == 0 {
		t.Errorf("%d events, %d with a parent executable", n, parents)
	}
}
