package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// replay runs events built with event.Append through a state engine.
type replay struct {
	eng *state.Engine
	ev  event.Event
	ctx *state.EventContext
}

func (r *replay) feed(num uint64, raw []byte) {
	r.ev = event.Event{Raw: raw, Num: num}
	r.ctx = r.eng.Process(&r.ev)
	r.eng.EndEvent(r.ctx)
}

// readExit leaves the replay on a read exit of an unknown thread with a buffer of data.
func readExit(data []byte) *replay {
	r := &replay{eng: state.New(state.Options{})}
	r.feed(1, event.Append(nil, 1_000_000_000, 77, 6, event.I64(9), event.U32(200)))
	r.feed(2, event.Append(nil, 1_000_000_500, 77, 7, event.I64(int64(len(data))), data))
	return r
}

func line(t *testing.T, format string, o Options, r *replay) (string, bool) {
	t.Helper()
	f, err := Parse(format, o)
	if err != nil {
		t.Fatalf("Parse(%q): %v", format, err)
	}
	b, ok := f.AppendText(nil, r.ctx, r.eng)
	return string(b), ok
}

func TestTextWidthsAndSuppression(t *testing.T) {
	r := readExit([]byte("abc"))
	o := DefaultOptions()
	if got, _ := line(t, "[%6evt.type][%2evt.type][%evt.num]", o, r); got != "[read  ][re][2]" {
		t.Errorf("widths = %q", got)
	}
	// A host thread has no container image: without '*' the line is dropped.
	if _, ok := line(t, "%evt.num %container.image", o, r); ok {
		t.Error("line without '*' printed although container.image has no value")
	}
	if got, ok := line(t, "*%evt.num %container.image", o, r); !ok || got != "2 <NA>" {
		t.Errorf("'*' line = %q, %v", got, ok)
	}
	if got, _ := line(t, "%evt.dir %evt.args", o, r); got != "< res=3 data=abc " {
		t.Errorf("args line = %q", got)
	}
}

func TestBufferOptions(t *testing.T) {
	data := []byte(strings.Repeat("A", 90))
	r := readExit(data)
	o := DefaultOptions()
	if got, _ := line(t, "%evt.arg.data", o, r); got != strings.Repeat("A", 77)+"..." {
		t.Errorf("truncated = %q", got)
	}
	o.Truncate = 0
	if got, _ := line(t, "%evt.arg.data", o, r); got != string(data) {
		t.Errorf("-v = %q", got)
	}
	o.Buffer = render.BufferBase64
	if got, _ := line(t, "%evt.arg.data", o, readExit([]byte("ping"))); got != "cGluZw==" {
		t.Errorf("base64 = %q", got)
	}
}

func TestJSON(t *testing.T) {
	r := readExit([]byte("q\"\n"))
	o := DefaultOptions()
	o.JSON = true
	f, err := Parse("*%evt.num %evt.type lit %evt.info %evt.outputtime %container.image %evt.dir %evt.num", o)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := f.AppendJSON(nil, r.ctx, r.eng)
	want := `{"container.image":null,"evt.dir":"<","evt.info":"res=3 data=q\". ","evt.num":2,"evt.outputtime":1000000500,"evt.type":"read"}`
	if !ok || string(got) != want {
		t.Errorf("JSON =\n %s\nwant\n %s", got, want)
	}
	f2, _ := Parse("%evt.num %container.image", o)
	if _, ok := f2.AppendJSON(nil, r.ctx, r.eng); ok {
		t.Error("JSON line without '*' printed although a field has no value")
	}
	// evt.deltatime is extracted twice per JSON line, so it is always 0.
	f3, _ := Parse("*%evt.deltatime", o)
	f3.AppendJSON(nil, r.ctx, r.eng)
	if got, _ := f3.AppendJSON(nil, r.ctx, r.eng); string(got) != `{"evt.deltatime":0}` {
		t.Errorf("deltatime JSON = %s", got)
	}
}

func TestRecords(t *testing.T) {
	r := readExit([]byte("x,y"))
	f, err := Parse("%evt.num %evt.type %evt.rawtime.ns %evt.failed %evt.arg.data %container.image", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got := string(f.AppendJSONLine(nil, r.ctx, r.eng)); got != `{"evt.num":2,"evt.type":"read","evt.rawtime.ns":500,"evt.failed":false,"evt.arg.data":"x,y","container.image":null}` {
		t.Errorf("jsonl = %s", got)
	}
	if got := string(f.AppendCSVHeader(nil)); got != "evt.num,evt.type,evt.rawtime.ns,evt.failed,evt.arg.data,container.image\n" {
		t.Errorf("csv header = %q", got)
	}
	if got := string(f.AppendCSV(nil, r.ctx, r.eng)); got != "2,read,500,false,\"x,y\",\n" {
		t.Errorf("csv = %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{"%evt.num %", "%12", "%nosuch.field", "%fd.ip", "%evt.arg"} {
		if _, err := Parse(bad, DefaultOptions()); !errors.Is(err, ErrFormat) {
			t.Errorf("Parse(%q) error = %v, want ErrFormat", bad, err)
		}
	}
}

func TestUnescapeAndNamed(t *testing.T) {
	if got := Unescape(`a\tb\\c\e\n\x`); got != "a\tb\\c\x1b\n\\x" {
		t.Errorf("Unescape = %q", got)
	}
	f, err := Parse(Unescape(`%evt.num\e`), DefaultOptions())
	if err != nil || !f.Escapes {
		t.Errorf("format with \\e: escapes=%v err=%v", f != nil && f.Escapes, err)
	}
	if Named("c") != ContainerFormat || Named("kubernetes") != KubernetesFormat || Named("x") != "" {
		t.Error("Named does not map the sysdig names")
	}
}

func TestTimeModes(t *testing.T) {
	r := readExit(nil)
	o := DefaultOptions()
	o.Time = fields.TimeAbsolute
	if got, _ := line(t, "%evt.outputtime", o, r); got != "1.500" {
		t.Errorf("-t a = %q, want 1.500 (fraction not padded)", got)
	}
	o.Time = fields.TimeRelative
	if got, _ := line(t, "%evt.outputtime", o, r); got != "0.000000500" {
		t.Errorf("-t r = %q", got)
	}
}

func TestFormatDoesNotAllocate(t *testing.T) {
	r := readExit([]byte("some data"))
	f, err := Parse(DefaultFormat, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 1024)
	allocs := testing.AllocsPerRun(200, func() { f.AppendText(buf[:0], r.ctx, r.eng) })
	if allocs != 0 {
		t.Errorf("default format allocates %.1f times per event", allocs)
	}
}

func TestDisplayQuirks(t *testing.T) {
	r := readExit(nil)
	o := DefaultOptions()
	// Without [N], proc.apid and proc.aname show the process itself and keep their name
	// as text; evt.type.is shows <NA> and keeps its reference; evt.around is accepted.
	got, ok := line(t, "*[%proc.apid][%proc.aname][%evt.type.is.read][%evt.around[5]]", o, r)
	if want := "[77proc.apid][<NA>proc.aname][<NA>evt.type.is.read][<NA>]"; !ok || got != want {
		t.Errorf("display quirks = %q, want %q", got, want)
	}
}

// catRead leaves the replay on a read exit of cat (77), a child of init (1), from the
// capture's process list.
func catRead() *replay {
	r := &replay{eng: state.New(state.Options{})}
	p := func(tid, ptid int64, comm string) scap.Process {
		return scap.Process{Tid: tid, Pid: tid, Ptid: ptid, Sid: -1, Vpgid: -1, Vtid: tid, Vpid: tid,
			Comm: comm, Exe: comm, Cwd: "/", FDLimit: 1024, UID: 1000, LoginUID: -1}
	}
	r.eng.LoadSection(&scap.Section{Processes: []scap.Process{p(1, 0, "init"), p(77, 1, "cat")}})
	r.feed(1, event.Append(nil, 1_000_000_000, 77, 6, event.I64(9), event.U32(200)))
	r.feed(2, event.Append(nil, 1_000_000_500, 77, 7, event.I64(3), []byte("a,b")))
	return r
}

// Typed records carry JSON integers, numbers and booleans whatever the print format,
// and the values of fields whose sysdig display differs (evt.type.is.X, proc.aname).
func TestRecordsAreTyped(t *testing.T) {
	r := catRead()
	format := "%evt.num %evt.type.is.read %evt.type.is.write %proc.aname %proc.aname[1] %proc.fdusage %evt.failed %evt.latency.ns %user.uid %evt.arg.data %fd.cip"
	f, err := Parse(format, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	line := f.AppendJSONLine(nil, r.ctx, r.eng)
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var got map[string]any
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	want := map[string]any{
		"evt.num": json.Number("2"), "evt.type.is.read": json.Number("1"), "evt.type.is.write": json.Number("0"),
		"proc.aname": "cat", "proc.aname[1]": "init", "proc.fdusage": json.Number("0.0"),
		"evt.failed": false, "evt.latency.ns": json.Number("500"), "user.uid": json.Number("1000"),
		"evt.arg.data": "a,b", "fd.cip": nil,
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("jsonl %s = %#v, want %#v (line %s)", k, got[k], w, line)
		}
	}
	csv := string(f.AppendCSV(nil, r.ctx, r.eng))
	if w := "2,1,0,cat,init,0.0,false,500,1000,\"a,b\",\n"; csv != w {
		t.Errorf("csv = %q, want %q", csv, w)
	}
	// The text line keeps sysdig's display of the same fields.
	all, err := Parse("*"+format, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	text, _ := all.AppendText(nil, r.ctx, r.eng)
	if !strings.HasPrefix(string(text), "2 <NA>evt.type.is.read <NA>evt.type.is.write catproc.aname init ") {
		t.Errorf("text = %q", text)
	}
}

func TestDoubles(t *testing.T) {
	for x, want := range map[float64]string{0: "0.0", 12: "12.0", 0.25: "0.25", 1e21: "1e+21", -3: "-3.0"} {
		if got := string(appendDouble(nil, x)); got != want {
			t.Errorf("appendDouble(%v) = %s, want %s", x, got, want)
		}
	}
}
