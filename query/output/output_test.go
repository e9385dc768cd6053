package output

import (
	"errors"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
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
