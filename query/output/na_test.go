package output

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/state"
)

// Fields that extract a value whose display is <NA> (a UINT32 or SOCKADDR evt.rawarg)
// drop the line without a leading '*', in text and JSON alike, and show <NA> or null
// with it. Expected values as sysdig 0.29.3 printed them for a live recording:
// -p '%evt.num %evt.rawarg.uid' and -j -p '%evt.num %evt.rawarg.addr' print nothing,
// -p '*%evt.num %evt.rawarg.addr' prints "N <NA>" for connect and mmap enters.
func TestValuesShownAsNADropTheLine(t *testing.T) {
	r := &replay{eng: state.New(state.Options{})}
	// connect enter: fd, addr (AF_UNIX /run/x).
	addr := append([]byte{1}, "/run/x\x00"...)
	r.feed(1, event.Append(nil, 1_000_000_000, 77, 22, event.I64(3), addr))
	o := DefaultOptions()
	for _, format := range []string{"%evt.num %evt.rawarg.addr"} {
		if got, ok := line(t, format, o, r); ok {
			t.Errorf("%q printed %q; sysdig drops the line", format, got)
		}
		if got, ok := line(t, "*"+format, o, r); !ok || got != "1 <NA>" {
			t.Errorf("'*'%q = %q, %v; want \"1 <NA>\"", format, got, ok)
		}
	}
	// read enter: fd, size (UINT32, shown <NA> as a rawarg).
	r.feed(2, event.Append(nil, 1_000_000_100, 77, 6, event.I64(9), event.U32(200)))
	if got, ok := line(t, "%evt.num %evt.rawarg.size", o, r); ok {
		t.Errorf("rawarg.size line printed %q; sysdig drops it", got)
	}
	o.JSON = true
	for format, want := range map[string]string{
		"%evt.num %evt.rawarg.size":  "",
		"*%evt.num %evt.rawarg.size": `{"evt.num":2,"evt.rawarg.size":null}`,
		"%evt.num %evt.rawarg.res":   "",
		"%evt.num %evt.type":         `{"evt.num":2,"evt.type":"read"}`,
	} {
		f, err := Parse(format, o)
		if err != nil {
			t.Fatal(err)
		}
		b, ok := f.AppendJSON(nil, r.ctx, r.eng)
		if string(b) != want || ok != (want != "") {
			t.Errorf("-j %q = %q, %v; want %q", format, b, ok, want)
		}
	}
}
