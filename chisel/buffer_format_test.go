package chisel

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/state"
)

// A buffer format given on the command line (sysdig -x, -A ...) renders the buffers of
// the chisel's event formatter and requested fields, and wins over the chisel's own
// sysdig.set_output_format. Expected forms from sysdig 0.29.3 on a live recording:
// "sysdig -x -c echo_fds" printed the data of its %evt.arg.data formatter as hex rows,
// and "sysdig -x -c spy_file" hex rows although spy_file asks for "ascii".
func TestCommandLineBufferFormat(t *testing.T) {
	cat := &state.Thread{Tid: 200, Pid: 200, Ptid: 1, Comm: "cat", Exe: "cat"}
	data := []byte("AB\x00\n")
	newSource := func() *fakeSource {
		ev := &event.Event{Raw: event.Append(nil, 1e9, 200, readX, event.I64(int64(len(data))), data), Num: 1}
		return &fakeSource{threads: []*state.Thread{cat}, ctxs: []state.EventContext{{Ev: ev, Thread: cat}}}
	}
	dir := chiselDir(t, map[string]string{
		"fmt": `description = "d"; short_description = "s"; category = "c"; args = {}
function on_init() chisel.set_event_formatter("%evt.arg.data") return true end
function on_event() return true end`,
		"ask": `description = "d"; short_description = "s"; category = "c"; args = {}
function on_init() sysdig.set_output_format("ascii"); f = chisel.request_field("evt.arg.data") return true end
function on_event() print(evt.field(f)) return true end`,
	})
	// The forms are sysdig's on a live recording: hex rows open with a line feed and
	// end with one, and print adds another; the ascii form opens with a line feed.
	cases := []struct {
		chisel, format, want string
	}{
		{"fmt", "", "AB..\n"},
		{"fmt", "hex", "\n\t0x0000: 4142 000a\n\n"},
		{"fmt", "hexascii", "\n\t0x0000: 4142 000a                                AB..\n\n"},
		{"ask", "", "\nAB\n\n"},
		{"ask", "hex", "\n\t0x0000: 4142 000a\n\n"},
		{"ask", "base64", "QUIACg==\n"},
	}
	for _, c := range cases {
		out, err := runChisel(t, dir, c.chisel, nil, newSource(), func(o *Options) {
			o.Toolkit = DefaultToolkit()
			o.BufferFormat = c.format
		})
		if err != nil {
			t.Fatalf("%s with %q: %v", c.chisel, c.format, err)
		}
		if out != c.want {
			t.Errorf("%s with %q: %q, want %q", c.chisel, c.format, out, c.want)
		}
	}
}

// With -j the event formatter prints one JSON object per event and the chisel's
// set_output_format is ignored. Expected forms from sysdig 0.29.3 on a live recording:
// "sysdig -j -c echo_fds" printed {"evt.arg.data":"..."} lines, and "sysdig -j -c
// spy_file" the buffers with line ends as '.' ("alias data base..# Copyright")
// although spy_file asks for "ascii".
func TestJSONChiselOutput(t *testing.T) {
	cat := &state.Thread{Tid: 200, Pid: 200, Ptid: 1, Comm: "cat", Exe: "cat"}
	data := []byte("AB\x00\n")
	ev := &event.Event{Raw: event.Append(nil, 1e9, 200, readX, event.I64(int64(len(data))), data), Num: 1}
	dir := chiselDir(t, map[string]string{
		"fmt": `description = "d"; short_description = "s"; category = "c"; args = {}
function on_init() chisel.set_event_formatter("%evt.arg.data") return true end
function on_event() return true end`,
		"ask": `description = "d"; short_description = "s"; category = "c"; args = {}
function on_init() sysdig.set_output_format("ascii"); f = chisel.request_field("evt.arg.data") return true end
function on_event() print(evt.field(f)) return true end`,
	})
	for _, c := range []struct{ chisel, want string }{
		{"fmt", `{"evt.arg.data":"AB.."}` + "\n"},
		{"ask", "AB..\n"},
	} {
		src := &fakeSource{threads: []*state.Thread{cat}, ctxs: []state.EventContext{{Ev: ev, Thread: cat}}}
		out, err := runChisel(t, dir, c.chisel, nil, src, func(o *Options) {
			o.Toolkit = DefaultToolkit()
			o.JSON = true
		})
		if err != nil {
			t.Fatalf("%s: %v", c.chisel, err)
		}
		if out != c.want {
			t.Errorf("%s with -j: %q, want %q", c.chisel, out, c.want)
		}
	}
}
