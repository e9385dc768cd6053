package output

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/state"
)

// sysdig 0.29.3 stops with "wrong event type N" (status 1) when a format shows an
// evt.rawarg whose parameter type its printer refuses: observed on live recordings with
// -p '%evt.num %evt.rawarg.fd' (14), '%evt.rawarg.sig' (19), and with -j also for
// '%evt.rawarg.res' (11, which the text printer shows as a number). -j shows a PID
// rawarg as a string ({"evt.rawarg.pid":"22946"}).
func TestRawargTypesTheReferenceRefusesStopTheOutput(t *testing.T) {
	r := &replay{eng: state.New(state.Options{})}
	// kill enter: pid 4321, sig 9.
	r.feed(1, event.Append(nil, 1_000_000_000, 77, 128, event.I64(4321), event.U8(9)))
	o := DefaultOptions()
	text := map[string]string{
		"%evt.num %evt.rawarg.sig":         "wrong event type 19",
		"*%evt.num %evt.rawarg.sig":        "wrong event type 19",
		"%evt.num %evt.rawarg.fd":          "", // no fd parameter: the line is dropped, no error
		"*%evt.num %evt.rawarg.pid":        "",
		"%evt.rawarg.size %evt.rawarg.sig": "", // size is missing first: dropped before sig
	}
	for format, want := range text {
		f, err := Parse(format, o)
		if err != nil {
			t.Fatal(err)
		}
		f.AppendText(nil, r.ctx, r.eng)
		if got := errText(f.Err()); got != want {
			t.Errorf("%q: error %q, want %q", format, got, want)
		}
	}
	if got, ok := line(t, "%evt.num %evt.rawarg.pid", o, r); !ok || got != "1 4321" {
		t.Errorf("rawarg.pid = %q, %v; want \"1 4321\"", got, ok)
	}
	// read exit: res 3, data "abc".
	r.feed(2, event.Append(nil, 1_000_000_100, 77, 7, event.I64(3), []byte("abc")))
	if got, ok := line(t, "%evt.num %evt.rawarg.res", o, r); !ok || got != "2 3" {
		t.Errorf("text rawarg.res = %q, %v; want \"2 3\"", got, ok)
	}
	o.JSON = true
	f, err := Parse("%evt.num %evt.rawarg.res", o)
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := f.AppendJSON(nil, r.ctx, r.eng); ok || errText(f.Err()) != "wrong event type 11" {
		t.Errorf("-j rawarg.res = %q, %v, %v; want wrong event type 11", b, ok, f.Err())
	}
	r.feed(3, event.Append(nil, 1_000_000_200, 77, 128, event.I64(4321), event.U8(9)))
	f, err = Parse("%evt.num %evt.rawarg.pid", o)
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := f.AppendJSON(nil, r.ctx, r.eng); !ok || string(b) != `{"evt.num":3,"evt.rawarg.pid":"4321"}` || f.Err() != nil {
		t.Errorf("-j rawarg.pid = %s, %v, %v", b, ok, f.Err())
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// A dynamic parameter has a value, which the reference's printer refuses: sysdig
// 0.29.3 stops at the first setsockopt exit of -p '*%evt.num %evt.rawarg.val' with
// "wrong event type 27".
func TestDynamicRawargStopsTheOutput(t *testing.T) {
	r := &replay{eng: state.New(state.Options{})}
	// setsockopt exit: res 0, fd 3, level SOL_SOCKET, optname SO_KEEPALIVE, val int 1, optlen 4.
	val := append([]byte{2}, event.U32(1)...)
	r.feed(1, event.Append(nil, 1_000_000_000, 77, 45, event.I64(0), event.I64(3), event.U8(1), event.U8(9), val, event.U32(4)))
	for _, json := range []bool{false, true} {
		o := DefaultOptions()
		o.JSON = json
		f, err := Parse("*%evt.num %evt.rawarg.val", o)
		if err != nil {
			t.Fatal(err)
		}
		if json {
			f.AppendJSON(nil, r.ctx, r.eng)
		} else {
			f.AppendText(nil, r.ctx, r.eng)
		}
		if got := errText(f.Err()); got != "wrong event type 27" {
			t.Errorf("json %v: error %q, want wrong event type 27", json, got)
		}
	}
}
