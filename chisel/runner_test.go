package chisel

import (
	"errors"
	"strings"
	"testing"
)

const lifecycleChisel = `
description = "records the callbacks it receives"
short_description = "lifecycle"
category = "Test"
args = {
	{name = "first", description = "a value", argtype = "string"},
	{name = "second", description = "another", argtype = "int", optional = true},
}
print("load")
function on_set_arg(name, val) print("set_arg", name, val) return true end
function on_init()
	print("init", sysdig.is_live(), sysdig.get_filter(), sysdig.get_output_format())
	fnum = chisel.request_field("evt.num")
	ftype = chisel.request_field("evt.type")
	return true
end
function on_capture_start() print("capture_start") return true end
function on_event() print("event", evt.field(fnum), evt.field(ftype), evt.get_num(), evt.get_type(), evt.get_cpuid()) return true end
function on_capture_end(s, ns, delta) print("capture_end", s, ns, delta) end
`

func TestCallbacksRunInSysdigOrder(t *testing.T) {
	dir := chiselDir(t, map[string]string{"life": lifecycleChisel})
	src := testWorld()
	src.ctxs = src.ctxs[:3]
	out, err := runChisel(t, dir, "life", []string{"a", "7"}, src, func(o *Options) { o.Filter = "proc.name=cat" })
	if err != nil {
		t.Fatal(err)
	}
	want := "load\nset_arg\tfirst\ta\nset_arg\tsecond\t7\ninit\tfalse\tproc.name=cat\tnormal\ncapture_start\n" +
		"event\t1\topen\t1\topen\t1\n" +
		"event\t2\topen\t2\topen\t2\n" +
		"event\t3\tread\t3\tread\t3\n" +
		"capture_end\t1700000000\t300\t200\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestMissingAndExtraArguments(t *testing.T) {
	dir := chiselDir(t, map[string]string{"life": lifecycleChisel})
	if _, err := runChisel(t, dir, "life", nil, testWorld(), nil); !errors.Is(err, ErrMissingArgs) {
		t.Errorf("no arguments: err = %v, want ErrMissingArgs", err)
	}
	if _, err := runChisel(t, dir, "life", []string{"a", "b", "c"}, testWorld(), nil); err == nil {
		t.Error("three arguments for two: no error")
	}
	if _, err := runChisel(t, dir, "absent", nil, testWorld(), nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown chisel: err = %v, want ErrNotFound", err)
	}
}

// Intervals follow event time: the first event arms the clock; an event in a later
// interval fires on_interval with its own time and the time since the previous call.
func TestIntervalsFollowEventTimestamps(t *testing.T) {
	dir := chiselDir(t, map[string]string{"iv": `
description = "interval"
short_description = "iv"
category = "Test"
args = {}
function on_init() fnum = chisel.request_field("evt.num") chisel.set_interval_s(1) return true end
function on_event() return true end
function on_interval(s, ns, delta) print("interval", s, ns, delta, evt.field(fnum)) return true end
`})
	out, err := runChisel(t, dir, "iv", nil, testWorld(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "interval\t1700000001\t5\t0\t4\n" +
		"interval\t1700000003\t1\t1999999996\t7\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// A chisel filter restricts on_event; the event formatter prints the events on_event
// accepts; end_capture stops the capture after the current event.
func TestFilterFormatterAndEndCapture(t *testing.T) {
	dir := chiselDir(t, map[string]string{"ff": `
description = "filter"
short_description = "ff"
category = "Test"
args = {}
n = 0
function on_init()
	fres = chisel.request_field("evt.rawarg.res")
	chisel.set_filter("evt.type=read and proc.name=cat")
	chisel.set_event_formatter("%evt.num %evt.type")
	return true
end
function on_event()
	n = n + 1
	print("res", evt.field(fres))
	if n == 3 then sysdig.end_capture() end
	return evt.field(fres) > 60
end
function on_capture_end() print("seen", n) end
`})
	out, err := runChisel(t, dir, "ff", nil, testWorld(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "res\t100\n3 read\nres\t50\nres\t0\nseen\t3\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// Field values reach Lua typed: numbers, booleans, strings (text for addresses), nil
// for fields without a value; an invalid handle gives nil as in sysdig.
func TestFieldValueTypes(t *testing.T) {
	dir := typesDir(t)
	src := testWorld()
	src.ctxs = src.ctxs[5:6]
	out, err := runChisel(t, dir, "types", nil, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "number\t1000\nboolean\ttrue\nstring\tbash\nstring\t10.0.0.1\nnil\tnil\nnil\n"
	if out != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
}

func typesDir(t *testing.T) string {
	return chiselDir(t, map[string]string{"types": `
description = "types"
short_description = "types"
category = "Test"
args = {}
function on_init()
	f = {}
	for i, n in ipairs({"evt.rawarg.res", "evt.is_io_read", "proc.name", "fd.sip", "evt.num"}) do f[i] = chisel.request_field(n) end
	return true
end
function on_event()
	for i = 1, 4 do local v = evt.field(f[i]) print(type(v), v) end
	local missing = evt.field(fmissing)
	print(type(missing), missing)
	print(evt.field(nil))
	return true
end
`})
}

func TestChiselExecRunsTheOtherChisel(t *testing.T) {
	dir := chiselDir(t, map[string]string{
		"outer": `
description = "starts inner"
short_description = "outer"
category = "Test"
args = {}
function on_init() chisel.exec("inner", "proc.name", "cat") return true end
function on_capture_end() print("outer end") end
`,
		"inner": `
description = "counts events of a key"
short_description = "inner"
category = "Test"
hidden = true
args = {{name = "field", description = "f", argtype = "string"}, {name = "want", description = "v", argtype = "string"}}
function on_set_arg(n, v) if n == "field" then fld = v else want = v end return true end
function on_init() fh = chisel.request_field(fld) count = 0 return true end
function on_event() if evt.field(fh) == want then count = count + 1 end return true end
function on_capture_end() print("inner", want, count) end
`,
	})
	out, err := runChisel(t, dir, "outer", nil, testWorld(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "outer end\ninner\tcat\t7\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestUnsupportedCallIsNamed(t *testing.T) {
	dir := chiselDir(t, map[string]string{"uc": `
description = "calls what scry lacks"
short_description = "uc"
category = "Test"
args = {}
function on_init() sysdig.run_app("x") return true end
`})
	_, err := runChisel(t, dir, "uc", nil, testWorld(), nil)
	var uc *UnsupportedCallError
	if !errors.As(err, &uc) || uc.Call != "sysdig.run_app" {
		t.Fatalf("err = %v, want an UnsupportedCallError for sysdig.run_app", err)
	}
	if strings.Contains(err.Error(), "stack traceback") || strings.Contains(err.Error(), "\n") {
		t.Errorf("error carries a Lua stack dump: %q", err)
	}
}

func TestLuaErrorsAreReportedWithoutTraceback(t *testing.T) {
	dir := chiselDir(t, map[string]string{"bad": `
description = "fails in on_event"
short_description = "bad"
category = "Test"
args = {}
function on_event() local x = nil return x.y end
function on_capture_end() print("end still runs") end
`})
	out, err := runChisel(t, dir, "bad", nil, testWorld(), nil)
	var ce *CallbackError
	if !errors.As(err, &ce) || ce.Callback != "on_event" || ce.Chisel != "bad" {
		t.Fatalf("err = %v, want a CallbackError from on_event", err)
	}
	if strings.Contains(ce.Msg, "traceback") {
		t.Errorf("message has a traceback: %q", ce.Msg)
	}
	if out != "end still runs\n" {
		t.Errorf("output %q: on_capture_end must run after the error", out)
	}
}

func TestOSExitStopsWithItsStatus(t *testing.T) {
	dir := chiselDir(t, map[string]string{"ex": `
description = "exits"
short_description = "ex"
category = "Test"
args = {{name = "n", description = "n", argtype = "int"}}
function on_set_arg(name, val) print("bad input") os.exit(3) end
function on_capture_end() print("not reached") end
`})
	out, err := runChisel(t, dir, "ex", []string{"x"}, testWorld(), nil)
	var ex *ExitError
	if !errors.As(err, &ex) || ex.Code != 3 {
		t.Fatalf("err = %v, want ExitError 3", err)
	}
	if out != "bad input\n" {
		t.Errorf("output %q", out)
	}
}

func TestInitFailureStopsTheRun(t *testing.T) {
	dir := chiselDir(t, map[string]string{"nf": `
description = "refuses to start"
short_description = "nf"
category = "Test"
args = {}
function on_init() return false end
function on_event() print("event") return true end
`})
	out, err := runChisel(t, dir, "nf", nil, testWorld(), nil)
	if err == nil || !strings.Contains(err.Error(), "init() for chisel nf failed") {
		t.Errorf("err = %v", err)
	}
	if out != "" {
		t.Errorf("events reached a chisel whose init failed: %q", out)
	}
}

func TestThreadTable(t *testing.T) {
	dir := chiselDir(t, map[string]string{"tt": `
description = "dumps the thread table"
short_description = "tt"
category = "Test"
args = {{name = "filter", description = "f", argtype = "filter", optional = true}}
function on_set_arg(n, v) flt = v return true end
function on_event() sysdig.end_capture() return false end
function on_capture_end()
	local tt = sysdig.get_thread_table(flt)
	for tid, p in pairs(tt) do
		print(tid, p.pid, p.ptid, p.comm, p.exe, p.username, p.fdlimit, p.vmsize_kb, #p.args)
		for fd, f in pairs(p.fdtable) do
			print("", fd, f.type, f.name, f.l4proto, f.sip, f.sport, f.cip, f.cport, f.is_server)
		end
	end
	local mi = sysdig.get_machine_info()
	print(mi.hostname, mi.num_cpus, mi.memory_size_bytes)
	local ct = sysdig.get_container_table()
	print(#ct, ct[1].id, ct[1].name, ct[1].image, ct[1].type)
end
`})
	out, err := runChisel(t, dir, "tt", nil, testWorld(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Threads come in the source's order; fds in LuaJIT's order for the keys
	// (0, 1 in the array part before 3).
	want := "200\t200\t100\tcat\tcat\troot\t1024\t0\t0\n" +
		"\t3\tfile\t/etc/passwd\tnil\tnil\tnil\tnil\tnil\tnil\n" +
		"100\t100\t1\tbash\t/bin/bash\talice\t1024\t2048\t1\n" +
		"\t0\tfile\t/var/log/x\tnil\tnil\tnil\tnil\tnil\tnil\n" +
		"\t1\tfile\t/var/log/x\tnil\tnil\tnil\tnil\tnil\tnil\n" +
		"\t3\tipv4\t10.0.0.1:5555->10.0.0.2:80\ttcp\t10.0.0.2\t80\t10.0.0.1\t5555\tfalse\n" +
		"testhost\t4\t8589934592\n" +
		"1\t0123456789ab\tweb\tnginx:1\tdocker\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	out, err = runChisel(t, dir, "tt", []string{"fd.type=file and proc.name=cat"}, testWorld(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if first := strings.SplitN(out, "\n", 3); len(first) < 3 || !strings.HasPrefix(first[0], "200\t") ||
		!strings.HasPrefix(first[1], "\t3\tfile") || !strings.HasPrefix(first[2], "testhost") {
		t.Errorf("filtered table: threads without a matching fd must be left out, got\n%s", out)
	}
}
