package parquet

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

const (
	typeOpenX  = 3 // PPME_SYSCALL_OPEN_X: fd, name (fspath), flags, mode, dev
	typeWriteX = 9 // PPME_SYSCALL_WRITE_X: res, data (bytebuf)
)

var writeParams = schema.Events[typeWriteX].Params

// dotted renders a buffer as sysdig's default format does: unprintable bytes as dots.
func dotted(b []byte) string {
	out := []byte(string(b))
	for i, c := range out {
		if c < 0x20 || c > 0x7e {
			out[i] = '.'
		}
	}
	return string(out)
}

// unpatch decodes a raw_params value of ev's type back to the event body.
func unpatch(t *testing.T, ev *event.Event, enc, args []byte) []byte {
	t.Helper()
	body, err := appendUnpatched(nil, enc, ev.Info().Params, args)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return body
}

// TestParamsPatchRoundTrip: every raw_params value decodes to the event's bytes, with
// evt_args that render the parameters, that render them in part, that do not render
// them, and without evt_args; patched values are smaller where the rendering holds the
// bytes.
func TestParamsPatchRoundTrip(t *testing.T) {
	http := []byte("GET /index.html HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")
	path := []byte("/var/log/nginx/access.log\x00")
	binary := make([]byte, 80)
	for i := range binary {
		binary[i] = byte(i * 37)
	}
	write := func(data []byte) event.Event {
		return event.Event{Raw: event.Append(nil, 1, 7, typeWriteX, event.I64(int64(len(data))), data)}
	}
	open := event.Event{Raw: event.Append(nil, 1, 7, typeOpenX, event.I64(3), path, event.U32(1), event.U32(0), event.U32(0x803))}
	cases := []struct {
		name    string
		ev      event.Event
		args    string
		smaller bool
	}{
		{"text buffer", write(http), "res=62 data=" + dotted(http), true},
		{"text buffer, rendering cut", write(http), "res=62 data=" + dotted(http[:30]), true},
		{"binary buffer", write(binary), "res=80 data=" + dotted(binary), false},
		{"path", open, "fd=3(<f>/var/log/nginx/access.log) name=/var/log/nginx/access.log flags=1(O_RDONLY) mode=0 dev=803", true},
		{"path after a lookalike", open, "fd=3(<f>/x) xname=/tmp name=/var/log/nginx/access.log flags=1(O_RDONLY)", true},
		{"the second of two anchors", open, "fd=3 name=/tmp/elsewhere/x.log name=/var/log/nginx/access.log flags=1(O_RDONLY)", true},
		{"no rendering", write(http), "res=62", false},
		{"other text", write(http), "res=62 data=something else entirely", false},
		{"no evt_args", write(http), "", false},
		{"empty buffer", write(nil), "res=0 data=", false},
	}
	var e ParamsEncoder
	for _, c := range cases {
		var args []byte
		if c.args != "" {
			args = []byte(c.args)
		}
		body := c.ev.Raw[event.HeaderLen:]
		enc := e.Encode(&c.ev, args)
		if got := unpatch(t, &c.ev, enc, args); !bytes.Equal(got, body) {
			t.Errorf("%s: decodes to %q, want %q", c.name, got, body)
		}
		if c.smaller && len(enc) >= len(body) {
			t.Errorf("%s: %d bytes stored for %d", c.name, len(enc), len(body))
		}
		if !c.smaller && len(enc) > len(body)+1 {
			t.Errorf("%s: %d bytes stored for %d: more than the mask", c.name, len(enc), len(body))
		}
	}
}

// TestParamsPatchIntegers: integer parameters shown in decimal, negative, upper-case hex
// or octal are stored as anchors; generic events and events whose parameter count
// differs from the table are stored as they are.
func TestParamsPatchIntegers(t *testing.T) {
	var e ParamsEncoder
	read := event.Event{Raw: event.Append(nil, 1, 7, 6, event.I64(3), event.U32(64))} // read enter: fd, size
	openX := event.Event{Raw: event.Append(nil, 1, 7, typeOpenX, event.I64(-2), []byte("/etc/x\x00"), event.U32(0x8241), event.U32(0o644), event.U32(0x803))}
	cases := []struct {
		name    string
		ev      event.Event
		args    string
		smaller bool
	}{
		{"decimal", read, "fd=3(<f>/etc/passwd) size=64", true},
		{"wrong value", read, "fd=4(<f>/etc/passwd) size=65", false},
		{"negative, hex, octal", openX, "fd=-2(ENOENT) name=/etc/x flags=8241(O_CREAT|O_WRONLY) mode=0644 dev=803", true},
		{"lower-case hex", openX, "fd=-2(ENOENT) name=/etc/x flags=8241(O_CREAT|O_WRONLY) mode=0644 dev=80f", true},
	}
	for _, c := range cases {
		body := c.ev.Raw[event.HeaderLen:]
		enc := e.Encode(&c.ev, []byte(c.args))
		if got := unpatch(t, &c.ev, enc, []byte(c.args)); !bytes.Equal(got, body) {
			t.Errorf("%s: decodes to %x, want %x", c.name, got, body)
		}
		if c.smaller == (len(enc) > len(body)) {
			t.Errorf("%s: %d bytes stored for %d", c.name, len(enc), len(body))
		}
	}
	generic := event.Event{Raw: event.Append(nil, 1, 7, 1, event.U16(42), event.U16(42))}
	if got := e.Encode(&generic, []byte("ID=42(io_setup) nativeID=42")); !bytes.Equal(got, generic.Raw[event.HeaderLen:]) {
		t.Errorf("generic exit stored as %x", got)
	}
	short := event.Event{Raw: event.Append(nil, 1, 7, typeWriteX, event.I64(5))}
	if got := e.Encode(&short, []byte("res=5")); !bytes.Equal(got, short.Raw[event.HeaderLen:]) {
		t.Errorf("write exit of one parameter stored as %x", got)
	}
	if patchedRow(typeWriteX, 1) || !patchedRow(typeWriteX, 0) || patchedRow(0, 0) || patchedRow(1, 0) {
		t.Error("patchedRow marks the wrong rows")
	}
}

// TestParamsPatchRandom: random buffers against random renderings of them (bytes
// replaced, cut, shifted) round-trip.
func TestParamsPatchRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var e ParamsEncoder
	for i := range 2000 {
		data := make([]byte, rng.IntN(300))
		for j := range data {
			data[j] = byte('a' + rng.IntN(4))
			if rng.IntN(8) == 0 {
				data[j] = byte(rng.IntN(256))
			}
		}
		r := []byte(dotted(data))
		switch rng.IntN(4) {
		case 1:
			r = r[:rng.IntN(len(r)+1)]
		case 2:
			r = append([]byte("zz"), r...)
		case 3:
			for k := range r {
				if rng.IntN(5) == 0 {
					r[k] = byte(rng.IntN(256))
				}
			}
		}
		args := append([]byte("res=1 data="), r...)
		ev := event.Event{Raw: event.Append(nil, 1, 7, typeWriteX, event.I64(1), data)}
		enc := e.Encode(&ev, args)
		if got := unpatch(t, &ev, enc, args); !bytes.Equal(got, ev.Raw[event.HeaderLen:]) {
			t.Fatalf("case %d: %q against %q decodes to %q", i, data, args, got)
		}
	}
}

// TestParamsPatchDamage: a patched value decoded against other evt_args, or cut short,
// gives an error, not a panic or a wrong length.
func TestParamsPatchDamage(t *testing.T) {
	http := []byte("GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n")
	args := []byte("res=46 data=" + dotted(http))
	ev := event.Event{Raw: event.Append(nil, 1, 7, typeWriteX, event.I64(46), http)}
	var e ParamsEncoder
	enc := append([]byte(nil), e.Encode(&ev, args)...)
	if enc[0] == 0 {
		t.Fatal("the buffer was not patched")
	}
	for n := range len(enc) {
		if _, err := appendUnpatched(nil, enc[:n], writeParams, args); err == nil {
			body, _ := appendUnpatched(nil, enc[:n], writeParams, args)
			if len(body) == len(ev.Raw)-event.HeaderLen {
				t.Errorf("cut to %d bytes: decodes to a whole body", n)
			}
		}
	}
	if _, err := appendUnpatched(nil, enc, writeParams, args[:20]); !errors.Is(err, errPatch) {
		t.Errorf("against shorter evt_args: %v, want errPatch", err)
	}
	if _, err := appendUnpatched(nil, enc, writeParams, nil); !errors.Is(err, errPatch) {
		t.Errorf("without evt_args: %v, want errPatch", err)
	}
	if _, err := appendUnpatched(nil, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, writeParams, args); !errors.Is(err, errPatch) {
		t.Errorf("bad mask: %v, want errPatch", err)
	}
	if _, err := appendUnpatched(nil, []byte{4}, writeParams, args); !errors.Is(err, errPatch) {
		t.Errorf("mask beyond the parameters: %v, want errPatch", err)
	}
}

// TestParamsPatchFileRoundTrip: a file written with evt_args that render the buffers
// stores smaller raw_params and reads back every event's bytes.
func TestParamsPatchFileRoundTrip(t *testing.T) {
	var evs []event.Event
	var args []string
	for i := range 200 {
		data := []byte(strings.Repeat("line "+string(rune('a'+i%26))+"\r\n", 1+i%5))
		evs = append(evs, event.Event{Num: uint64(i + 1), Raw: event.Append(nil, uint64(1000+i), 7, typeWriteX, event.I64(int64(len(data))), data)})
		args = append(args, "res="+string(rune('0'+i%10))+" data="+dotted(data))
	}
	r := writeEvents(t, evs, WriterOptions{}, []SectionStart{{FirstNum: 1, Section: testSection()}}, func(i int, en *Enriched) {
		if i%7 != 0 { // some rows without evt_args
			en.SetString(ColEvtArgs, []byte(args[i]))
		}
	})
	var ev event.Event
	for i := range evs {
		if err := r.Next(&ev); err != nil {
			t.Fatalf("event %d: %v", i+1, err)
		}
		if !bytes.Equal(ev.Raw, evs[i].Raw) {
			t.Fatalf("event %d reads back as %q, want %q", i+1, ev.Raw, evs[i].Raw)
		}
	}
	stored := 0
	for _, s := range columnStrings(t, r, ColRawParams) {
		stored += len(s)
	}
	raw := 0
	for i := range evs {
		raw += len(evs[i].Raw) - event.HeaderLen
	}
	if stored*2 > raw {
		t.Errorf("raw_params holds %d bytes of %d: the rendered buffers were stored again", stored, raw)
	}
}

// FuzzParamsPatch: any buffer against any evt_args round-trips, and decoding any bytes
// against any evt_args returns an error or a body of the declared lengths, never panics.
func FuzzParamsPatch(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\n"), []byte("res=16 data=GET / HTTP/1.1.."), []byte{1, 2, 0})
	f.Add([]byte{0, 1, 2}, []byte("data=..."), []byte{2, 3, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, data, args, enc []byte) {
		if len(data) > 0xffff {
			return
		}
		ev := event.Event{Raw: event.Append(nil, 1, 7, typeWriteX, event.I64(1), data)}
		var e ParamsEncoder
		got, err := appendUnpatched(nil, e.Encode(&ev, args), writeParams, args)
		if err != nil || !bytes.Equal(got, ev.Raw[event.HeaderLen:]) {
			t.Fatalf("%q against %q: decodes to %q, %v", data, args, got, err)
		}
		appendUnpatched(nil, enc, writeParams, args)
	})
}
