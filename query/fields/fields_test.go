package fields

import (
	"errors"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/state"
)

// replay feeds events built with event.Append through a state engine and returns the
// engine and the context of the last one.
type replay struct {
	eng *state.Engine
	ev  event.Event
	ctx *state.EventContext
	num uint64
}

func newReplay() *replay { return &replay{eng: state.New(state.Options{})} }

func (r *replay) feed(raw []byte) *state.EventContext {
	r.num++
	r.ev = event.Event{Raw: raw, Num: r.num, CPU: 1}
	r.ctx = r.eng.Process(&r.ev)
	r.eng.EndEvent(r.ctx)
	return r.ctx
}

const tid = 4242

// fileSession opens /etc/passwd as fd 4 and reads from it; the last event is the read exit.
func fileSession(r *replay) {
	r.feed(event.Append(nil, 1000, tid, 2, event.CStr("/etc/passwd"), event.U32(1), event.U32(0)))
	r.feed(event.Append(nil, 2000, tid, 3, event.I64(4), event.CStr("/etc/passwd"), event.U32(1), event.U32(0), event.U32(0)))
	r.feed(event.Append(nil, 3000, tid, 6, event.I64(4), event.U32(100)))
	r.feed(event.Append(nil, 3500, tid, 7, event.I64(5), []byte("hello")))
}

func text(t *testing.T, r *replay, name string) string {
	t.Helper()
	f, n, err := Lookup(name)
	if err != nil {
		t.Fatalf("Lookup(%q): %v", name, err)
	}
	if n != len(name) {
		t.Fatalf("Lookup(%q) consumed %d bytes", name, n)
	}
	var v Value
	f.Extract(r.ctx, r.eng, &v)
	return string(AppendText(nil, f, &v))
}

func TestFieldsOnFileIO(t *testing.T) {
	r := newReplay()
	fileSession(r)
	want := map[string]string{
		"evt.num":          "4",
		"evt.type":         "read",
		"evt.dir":          "<",
		"evt.cpu":          "1",
		"evt.args":         "res=5 data=hello ",
		"evt.arg.data":     "hello",
		"evt.arg[0]":       "5",
		"evt.rawarg.res":   "5",
		"evt.res":          "SUCCESS",
		"evt.rawres":       "5",
		"evt.failed":       "false",
		"evt.is_io_read":   "true",
		"evt.io_dir":       "read",
		"evt.category":     "file",
		"evt.buflen":       "5",
		"evt.latency":      "500",
		"evt.count.exit":   "1",
		"fd.num":           "4",
		"fd.name":          "/etc/passwd",
		"fd.typechar":      "f",
		"fd.type":          "file",
		"fd.directory":     "/etc",
		"fd.filename":      "passwd",
		"fd.l4proto":       "<NA>",
		"fd.cip":           "<NA>",
		"thread.tid":       "4242",
		"proc.pid":         "4242",
		"proc.name":        "<NA>", // placeholder thread
		"user.uid":         "4294967295",
		"user.name":        "<NA>",
		"container.id":     "host",
		"container.name":   "host",
		"evt.type.is.read": "<NA>", // uint32 without print format
		"evt.rawtime.ns":   "000003500",
		"evt.reltime":      "000002500",
	}
	for name, w := range want {
		if got := text(t, r, name); got != w {
			t.Errorf("%s = %q, want %q", name, got, w)
		}
	}
	// The read enter shows the fd resolved against the table.
	r2 := newReplay()
	r2.feed(event.Append(nil, 1000, tid, 2, event.CStr("/etc/passwd"), event.U32(1), event.U32(0)))
	r2.feed(event.Append(nil, 2000, tid, 3, event.I64(4), event.CStr("/etc/passwd"), event.U32(1), event.U32(0), event.U32(0)))
	r2.feed(event.Append(nil, 3000, tid, 6, event.I64(4), event.U32(100)))
	if got := text(t, r2, "evt.args"); got != "fd=4(<f>/etc/passwd) size=100 " {
		t.Errorf("read enter args = %q", got)
	}
	if got := text(t, r2, "evt.arg.fd"); got != "<f>/etc/passwd" {
		t.Errorf("evt.arg.fd = %q", got)
	}
}

func TestFailedOpenName(t *testing.T) {
	r := newReplay()
	r.feed(event.Append(nil, 1000, tid, 2, event.CStr("nofile"), event.U32(1), event.U32(0)))
	r.feed(event.Append(nil, 2000, tid, 3, event.I64(-2), event.CStr("nofile"), event.U32(1), event.U32(0), event.U32(0)))
	if got := text(t, r, "evt.res"); got != "ENOENT" {
		t.Errorf("evt.res = %q", got)
	}
	if got := text(t, r, "evt.failed"); got != "true" {
		t.Errorf("evt.failed = %q", got)
	}
	// A placeholder thread has no cwd: the relative name stays relative.
	if got := text(t, r, "fd.name"); got != "nofile" {
		t.Errorf("failed open fd.name = %q", got)
	}
	if got := text(t, r, "fd.filename"); got != "<NA>" {
		t.Errorf("failed open fd.filename = %q", got)
	}
	if got := text(t, r, "fd.directory"); got != "/" {
		t.Errorf("failed open fd.directory = %q", got)
	}
}

func TestLookupArguments(t *testing.T) {
	cases := []struct {
		expr, name, arg string
		typ             schema.ParamType
	}{
		{"proc.aname[2] rest", "proc.aname[2]", "2", schema.TypeCharbuf},
		{"evt.arg.fd)", "evt.arg.fd", "fd", schema.TypeCharbuf},
		{"evt.arg[0]", "evt.arg[0]", "0", schema.TypeCharbuf},
		{"evt.rawarg.res", "evt.rawarg.res", "res", schema.TypeErrno},
		{"evt.type.is.open", "evt.type.is.open", "open", schema.TypeUint32},
		{"thread.cgroup.cpuacct x", "thread.cgroup.cpuacct", "cpuacct", schema.TypeCharbuf},
		{"k8s.pod.label.app.kubernetes.io/name=x", "k8s.pod.label.app.kubernetes.io/name", "app.kubernetes.io/name", schema.TypeCharbuf},
		{"container.mount[/data*]", "container.mount[/data*]", "/data*", schema.TypeCharbuf},
		{"evt.abspath.dst", "evt.abspath.dst", "dst", schema.TypeCharbuf},
		{"evt.time.s,", "evt.time.s", "", schema.TypeCharbuf},
		{"evt.args ", "evt.args", "", schema.TypeCharbuf},
	}
	for _, c := range cases {
		f, n, err := Lookup(c.expr)
		if err != nil {
			t.Errorf("Lookup(%q): %v", c.expr, err)
			continue
		}
		if f.Name != c.name || n != len(c.name) || f.Arg != c.arg || f.Type != c.typ {
			t.Errorf("Lookup(%q) = name %q n %d arg %q type %d; want %q %d %q %d", c.expr, f.Name, n, f.Arg, f.Type, c.name, len(c.name), c.arg, c.typ)
		}
	}
	_, _, err := Lookup("proc.nmae")
	if !errors.Is(err, ErrUnknownField) || !strings.Contains(err.Error(), "proc.name") {
		t.Errorf("unknown field error = %v, want one naming proc.name", err)
	}
	for _, bad := range []string{"evt.arg.nosuchparam", "thread.cgroup", "proc.aname[x]", "evt.type.is.nosuch"} {
		if _, _, err := Lookup(bad); err == nil {
			t.Errorf("Lookup(%q) accepted", bad)
		}
	}
}

func TestEveryFieldResolves(t *testing.T) {
	r := newReplay()
	fileSession(r)
	for i := range schema.Fields {
		info := &schema.Fields[i]
		expr := info.Name
		switch info.ArgSyntax {
		case "[N]", "[T]", "[N or PATH]":
			expr += "[0]"
		case ".NAME or [N]", ".NAME":
			expr += ".res"
		case ".TYPE":
			expr += ".read"
		case ".SUBSYS", ".KEY":
			expr += ".x"
		}
		f, n, err := Lookup(expr)
		if err != nil || n != len(expr) {
			t.Errorf("Lookup(%q) = %d, %v", expr, n, err)
			continue
		}
		var v Value
		f.Extract(r.ctx, r.eng, &v) // must not panic
		_ = AppendText(nil, f, &v)
	}
}

func TestTextAndJSONConversion(t *testing.T) {
	mk := func(typ schema.ParamType, f schema.PrintFormat) *Field {
		return &Field{Info: &schema.Field{Name: "x"}, Type: typ, Format: f}
	}
	cases := []struct {
		f          *Field
		v          Value
		text, json string
	}{
		{mk(schema.TypeUint32, schema.FormatNA), Value{Kind: KindUint, Uint: 7}, "<NA>", "null"},
		{mk(schema.TypeUint32, schema.FormatDec), Value{Kind: KindUint, Uint: 7}, "7", "7"},
		{mk(schema.TypeInt32, schema.FormatHex), Value{Kind: KindInt, Int: 255}, "FF", `"FF"`},
		{mk(schema.TypeInt64, schema.FormatNA), Value{Kind: KindInt, Int: -3}, "-3", "-3"},
		{mk(schema.TypeReltime, schema.Format10PaddedDec), Value{Kind: KindUint, Uint: 42}, "000000042", "42"},
		{mk(schema.TypeUint64, schema.FormatOct), Value{Kind: KindUint, Uint: 8}, "10", `"10"`},
		{mk(schema.TypeBool, schema.FormatNA), Value{Kind: KindBool, Bool: true}, "true", "true"},
		{mk(schema.TypeDouble, schema.FormatDec), Value{Kind: KindDouble, Double: 12.345}, "12.3", "12.3"},
		{mk(schema.TypeIpaddr, schema.FormatNA), Value{Kind: KindIP, Bytes: []byte{10, 0, 0, 1}}, "10.0.0.1", `"10.0.0.1"`},
		{mk(schema.TypeCharbuf, schema.FormatNA), Value{Kind: KindString, Bytes: []byte("a\"b")}, `a"b`, `"a\"b"`},
		{mk(schema.TypeCharbuf, schema.FormatNA), Value{}, "<NA>", "null"},
	}
	for i, c := range cases {
		if got := string(AppendText(nil, c.f, &c.v)); got != c.text {
			t.Errorf("%d: text = %q, want %q", i, got, c.text)
		}
		if got := string(AppendJSON(nil, c.f, &c.v)); got != c.json {
			t.Errorf("%d: json = %q, want %q", i, got, c.json)
		}
	}
}

func TestJSONStringEscaping(t *testing.T) {
	cases := map[string]string{
		"plain/path":     `"plain/path"`,
		"q\"b\\s":        `"q\"b\\s"`,
		"\n\t\r\b\f\x01": `"\n\t\r\b\f\u0001"`,
		"\xc3\xa9\xff":   `"\u00e9\ufffd"`,
		"\U0001F600":     `"\ud83d\ude00"`,
		"\x7f":           "\"\x7f\"",
	}
	for in, want := range cases {
		if got := string(AppendJSONString(nil, []byte(in))); got != want {
			t.Errorf("AppendJSONString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLatencyHuman(t *testing.T) {
	for ns, want := range map[uint64]string{2127245180: "2.12s", 61683: "61us", 0: "0ns", 1402: "1.40us", 3135: "3.13us", 15e6: "15ms", 3661e9: "01:01:01", 125e9: "2:5"} {
		if got := string(appendHumanDuration(nil, ns)); got != want {
			t.Errorf("human(%d) = %q, want %q", ns, got, want)
		}
	}
}

func TestNumericExtractionDoesNotAllocate(t *testing.T) {
	r := newReplay()
	fileSession(r)
	var fs []*Field
	for _, name := range []string{"evt.num", "thread.tid", "evt.cpu", "fd.num", "evt.rawtime", "proc.pid", "user.uid", "evt.latency"} {
		f, _, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	var v Value
	allocs := testing.AllocsPerRun(200, func() {
		for _, f := range fs {
			f.Extract(r.ctx, r.eng, &v)
		}
	})
	if allocs != 0 {
		t.Errorf("numeric extraction allocates %.1f times per event", allocs)
	}
	// String fields reuse their buffers once grown.
	var sfs []*Field
	for _, name := range []string{"evt.args", "fd.name", "proc.name", "evt.type", "evt.time"} {
		f, _, _ := Lookup(name)
		sfs = append(sfs, f)
	}
	buf := make([]byte, 0, 512)
	allocs = testing.AllocsPerRun(200, func() {
		b := buf[:0]
		for _, f := range sfs {
			f.Extract(r.ctx, r.eng, &v)
			b = AppendText(b, f, &v)
		}
	})
	if allocs != 0 {
		t.Errorf("string extraction allocates %.1f times per event", allocs)
	}
}

func TestRenderingWithStateDoesNotAllocate(t *testing.T) {
	r := newReplay()
	r.feed(event.Append(nil, 1000, tid, 2, event.CStr("rel/file"), event.U32(1), event.U32(0)))
	r.feed(event.Append(nil, 2000, tid, 3, event.I64(4), event.CStr("rel/file"), event.U32(1), event.U32(0), event.U32(0)))
	r.feed(event.Append(nil, 3000, tid, 6, event.I64(4), event.U32(100)))
	var fs []*Field
	for _, name := range []string{"evt.args", "evt.info", "evt.arg.fd", "fd.name", "fd.directory", "fd.typechar", "evt.category", "proc.cmdline", "evt.res"} {
		f, _, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	var v Value
	buf := make([]byte, 0, 1024)
	allocs := testing.AllocsPerRun(200, func() {
		b := buf[:0]
		for _, f := range fs {
			f.Extract(r.ctx, r.eng, &v)
			b = AppendText(b, f, &v)
		}
	})
	if allocs != 0 {
		t.Errorf("rendering with fd lookups allocates %.1f times per event", allocs)
	}
	if got := text(t, r, "evt.args"); got != "fd=4(<f>rel/file) size=100 " {
		t.Errorf("evt.args = %q", got)
	}
}
