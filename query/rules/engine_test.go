package rules_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/rules"
	"github.com/scrylabs/scry/state"
)

// view is a hand-made system state: threads and users.
type view struct {
	threads map[int64]*state.Thread
	users   map[uint32]*state.User
}

func (v *view) Thread(tid int64) *state.Thread                        { return v.threads[tid] }
func (v *view) MainThread(t *state.Thread) *state.Thread              { return v.threads[t.Pid] }
func (v *view) MainThreadOrPlaceholder(t *state.Thread) *state.Thread { return v.MainThread(t) }
func (v *view) Parent(t *state.Thread) *state.Thread                  { return v.threads[t.Ptid] }
func (v *view) FDTable(t *state.Thread) *state.FDTable                { return nil }
func (v *view) Cwd(t *state.Thread) string                            { return "/" }
func (v *view) User(uid uint32) *state.User                           { return v.users[uid] }
func (v *view) Group(uint32) *state.Group                             { return nil }
func (v *view) Container(string) *state.Container                     { return nil }
func (v *view) Interfaces() []state.Interface                         { return nil }
func (v *view) FirstEventTS() uint64                                  { return 0 }

func typeID(t *testing.T, ppme string) uint16 {
	for i := range schema.Events {
		if schema.Events[i].PPME == ppme {
			return uint16(i)
		}
	}
	t.Fatalf("no event %s", ppme)
	return 0
}

const testRules = `
- rule: Read shadow
  desc: the shadow file is opened
  condition: open_read and fd.name = /etc/shadow
  output: "%proc.name read %fd.name as %user.name (%evt.type)"
  priority: WARNING
  tags: [filesystem, credentials]
- rule: Any open by cat
  desc: cat opens a file
  condition: open_read and proc.name = cat
  output: "cat opened %fd.name"
  priority: DEBUG
- rule: Shell started
  desc: a shell is executed
  condition: evt.type = execve and evt.dir = < and proc.name in (shell_binaries)
  output: "shell %proc.name started by %user.name"
  priority: NOTICE
- macro: open_read
  condition: evt.type in (open, openat) and evt.dir = <
- list: shell_binaries
  items: [bash, sh]
`

// Events, by index: 0 cat opens /etc/shadow; 1 cat opens /tmp/x; 2 bash execve exit;
// 3 bash closes a file.
func testEvents(t *testing.T) (*view, []*state.EventContext) {
	v := &view{
		threads: map[int64]*state.Thread{
			100: {Tid: 100, Pid: 100, Ptid: 1, Comm: "bash", UID: 0},
			300: {Tid: 300, Pid: 300, Ptid: 100, Comm: "cat", UID: 1000, Args: []string{"/etc/shadow"}},
		},
		users: map[uint32]*state.User{0: {UID: 0, Name: "root"}, 1000: {UID: 1000, Name: "bob"}},
	}
	ts := uint64(1_700_000_000_123_456_789) // 2023-11-14 22:13:20.123456789 UTC
	mk := func(i uint64, tid int64, ppme string, params ...[]byte) *event.Event {
		return &event.Event{Raw: event.Append(nil, ts+i*1000, tid, typeID(t, ppme), params...), Num: i + 1}
	}
	open := func(i uint64, name string) *event.Event {
		return mk(i, 300, "PPME_SYSCALL_OPEN_X", event.I64(3), event.CStr(name), event.U32(1), event.U32(0), event.U32(0))
	}
	shadow := &state.FD{Type: state.FDFile, Name: "/etc/shadow"}
	tmp := &state.FD{Type: state.FDFile, Name: "/tmp/x"}
	ctxs := []*state.EventContext{
		{Ev: open(0, "/etc/shadow"), Thread: v.threads[300], FD: shadow},
		{Ev: open(1, "/tmp/x"), Thread: v.threads[300], FD: tmp},
		{Ev: mk(2, 100, "PPME_SYSCALL_EXECVE_19_X", event.I64(0), event.CStr("bash")), Thread: v.threads[100]},
		{Ev: mk(3, 100, "PPME_SYSCALL_CLOSE_X", event.I64(0)), Thread: v.threads[100], FD: tmp},
	}
	return v, ctxs
}

func compileTest(t *testing.T, text string, opts *rules.Options) *rules.Engine {
	t.Helper()
	rs := rules.NewRuleset()
	if err := rs.Load("test.yaml", []byte(text)); err != nil {
		t.Fatal(err)
	}
	eng, errs, _ := rs.Compile(opts)
	if len(errs) > 0 {
		t.Fatalf("compile: %v", errs)
	}
	return eng
}

func TestEngineFirstMatch(t *testing.T) {
	v, ctxs := testEvents(t)
	eng := compileTest(t, testRules, nil)
	var got []rules.Alert
	for _, ctx := range ctxs {
		eng.Process(ctx, v, func(a *rules.Alert) { got = append(got, *a) })
	}
	var lines []string
	for _, a := range got {
		lines = append(lines, a.Text(time.UTC))
	}
	want := []string{
		"22:13:20.123456789: Warning cat read /etc/shadow as bob (open)",
		"22:13:20.123457789: Debug cat opened /tmp/x",
		"22:13:20.123458789: Notice shell bash started by root",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("alerts:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	st := eng.Stats()
	if st.Events != 4 || st.Alerts != 3 {
		t.Errorf("stats %+v", st)
	}
	// The event-type index: open exits are tested against the two open rules, the close
	// exit against none.
	if n := eng.RulesFor(ctxs[0].Ev.Type()); n != 2 {
		t.Errorf("open exits are tested against %d rules, want 2", n)
	}
	if n := eng.RulesFor(ctxs[3].Ev.Type()); n != 0 {
		t.Errorf("close exits are tested against %d rules, want 0", n)
	}
	if n := eng.RulesFor(typeID(t, "PPME_SYSCALL_OPEN_E")); n != 0 {
		t.Errorf("open enters are tested against %d rules, want 0 (evt.dir = <)", n)
	}
	if st.Evaluated != 4 { // 0: the first rule matches; 1: two tested; 2: one; 3: none
		t.Errorf("%d conditions evaluated, want 4", st.Evaluated)
	}
}

func TestEngineAllMatches(t *testing.T) {
	v, ctxs := testEvents(t)
	eng := compileTest(t, testRules, &rules.Options{AllMatches: true})
	var names []string
	n := eng.Process(ctxs[0], v, func(a *rules.Alert) { names = append(names, a.Rule) })
	if n != 2 || !slices.Equal(names, []string{"Read shadow", "Any open by cat"}) {
		t.Errorf("all matches: %d %v", n, names)
	}
	hidden := *ctxs[0]
	hidden.Hidden = true
	if eng.Process(&hidden, v, func(*rules.Alert) { t.Error("alert on a hidden event") }) != 0 {
		t.Error("hidden events raise alerts")
	}
	if h := eng.Hits(); h["Read shadow"] != 1 || h["Any open by cat"] != 1 {
		t.Errorf("hits %v", h)
	}
}

func TestAlertJSON(t *testing.T) {
	v, ctxs := testEvents(t)
	eng := compileTest(t, testRules, nil)
	var a rules.Alert
	eng.Process(ctxs[0], v, func(x *rules.Alert) { a = *x })
	line := a.AppendJSON(nil, time.UTC, "host1")
	var obj map[string]any
	if err := json.Unmarshal(line, &obj); err != nil {
		t.Fatalf("alert JSON %s: %v", line, err)
	}
	want := map[string]any{
		"hostname": "host1",
		"output":   "22:13:20.123456789: Warning cat read /etc/shadow as bob (open)",
		"priority": "Warning",
		"rule":     "Read shadow",
		"source":   "syscall",
		"tags":     []any{"filesystem", "credentials"},
		"time":     "2023-11-14T22:13:20.123456789Z",
		"output_fields": map[string]any{
			"proc.name": "cat", "fd.name": "/etc/shadow", "user.name": "bob", "evt.type": "open",
		},
	}
	gotJSON, _ := json.Marshal(obj)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("alert JSON\n%s\nwant\n%s", gotJSON, wantJSON)
	}
	if !strings.HasPrefix(string(line), `{"hostname":"host1","output":`) {
		t.Errorf("keys are not in Falco's order: %s", line)
	}
}

func TestEngineDoesNotAllocateWithoutAlerts(t *testing.T) {
	v, ctxs := testEvents(t)
	eng := compileTest(t, testRules, nil)
	ctx := ctxs[3] // close: no rule can match its type
	miss := ctxs[1]
	eng2 := compileTest(t, "- rule: R\n  desc: d\n  condition: evt.type = open and fd.name = /nothing\n  output: x\n  priority: info\n", nil)
	eng.Process(ctx, v, func(*rules.Alert) {})
	eng2.Process(miss, v, func(*rules.Alert) {})
	if n := testing.AllocsPerRun(100, func() {
		eng.Process(ctx, v, func(*rules.Alert) {})
		eng2.Process(miss, v, func(*rules.Alert) {})
	}); n != 0 {
		t.Errorf("%v allocations per event without alerts", n)
	}
}
