package event

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/scrylabs/scry/formats/schema"
)

func TestAppendLayout(t *testing.T) {
	raw := Append(nil, 1e9, 42, 2, CStr("/etc/passwd"), U32(1), U32(0o644))
	// Header, three u16 lengths (12, 4, 4), then the values: 26 + 6 + 20 bytes.
	if len(raw) != 52 {
		t.Fatalf("open enter event of %d bytes, want 52", len(raw))
	}
	le := binary.LittleEndian
	if le.Uint64(raw) != 1e9 || le.Uint64(raw[8:]) != 42 || le.Uint32(raw[16:]) != 52 || le.Uint16(raw[20:]) != 2 || le.Uint32(raw[22:]) != 3 {
		t.Errorf("header % x", raw[:26])
	}
	if le.Uint16(raw[26:]) != 12 || le.Uint16(raw[28:]) != 4 || le.Uint16(raw[30:]) != 4 {
		t.Errorf("length array % x", raw[26:32])
	}
	if string(raw[32:44]) != "/etc/passwd\x00" {
		t.Errorf("first value %q", raw[32:44])
	}
}

func TestAccessors(t *testing.T) {
	ev := Event{Raw: Append(nil, 77, -1, 3, I64(-2), CStr("/tmp/x"), U32(0x41), U32(0o600), U32(0x803)), CPU: 3}
	if ev.Ts() != 77 || ev.Tid() != -1 || ev.Type() != 3 || ev.NParams() != 5 || ev.NumParams() != 5 || ev.Len() != uint32(len(ev.Raw)) {
		t.Fatalf("header accessors: ts %d tid %d type %d nparams %d", ev.Ts(), ev.Tid(), ev.Type(), ev.NParams())
	}
	if ev.IsEnter() || ev.Info() == nil || ev.Info().Name != "open" {
		t.Errorf("open exit: enter %v info %+v", ev.IsEnter(), ev.Info())
	}
	if fd, ok := ev.Int64(0); !ok || fd != -2 {
		t.Errorf("fd %d %v", fd, ok)
	}
	if s := string(ev.Str(1)); s != "/tmp/x" {
		t.Errorf("name %q", s)
	}
	if p := ev.Param(1); string(p) != "/tmp/x\x00" || cap(p) != len(p) {
		t.Errorf("param view %q cap %d", p, cap(p))
	}
	if dev, ok := ev.Uint64(4); !ok || dev != 0x803 {
		t.Errorf("dev %x", dev)
	}
	if ev.Param(5) != nil || ev.Param(-1) != nil {
		t.Errorf("out-of-range parameters are not nil")
	}
	if _, ok := ev.Int64(1); ok {
		t.Errorf("a 7-byte string read as an integer")
	}
	if i := ev.ParamIndex("dev"); i != 4 {
		t.Errorf("ParamIndex(dev) = %d", i)
	}
	if i := ev.ParamIndex("nope"); i != -1 {
		t.Errorf("ParamIndex(nope) = %d", i)
	}
}

func TestIntegerWidths(t *testing.T) {
	ev := Event{Raw: Append(nil, 1, 1, 3, U8(0xff), U16(0xfffe), U32(0xfffffffd), U64(1<<63))}
	wantSigned := []int64{-1, -2, -3, -1 << 63}
	wantUnsigned := []uint64{0xff, 0xfffe, 0xfffffffd, 1 << 63}
	for i := range wantSigned {
		if v, ok := ev.Int64(i); !ok || v != wantSigned[i] {
			t.Errorf("Int64(%d) = %d %v, want %d", i, v, ok, wantSigned[i])
		}
		if v, ok := ev.Uint64(i); !ok || v != wantUnsigned[i] {
			t.Errorf("Uint64(%d) = %d %v, want %d", i, v, ok, wantUnsigned[i])
		}
	}
}

func TestNumParamsIsBoundedByTable(t *testing.T) {
	// close exit has one parameter in the table; a newer writer added one more.
	ev := Event{Raw: Append(nil, 1, 1, 5, I64(0), I64(9))}
	if ev.NParams() != 2 || ev.NumParams() != 1 {
		t.Errorf("NParams %d NumParams %d, want 2 and 1", ev.NParams(), ev.NumParams())
	}
	if v, ok := ev.Int64(1); !ok || v != 9 {
		t.Errorf("the extra parameter is still addressable: %d %v", v, ok)
	}
	unknown := Event{Raw: Append(nil, 1, 1, 60000, U8(1))}
	if unknown.Info() != nil || unknown.NumParams() != 0 || unknown.ParamIndex("x") != -1 {
		t.Errorf("unknown type: info %v numparams %d", unknown.Info(), unknown.NumParams())
	}
}

func TestLargePayloadLengths(t *testing.T) {
	big := bytes.Repeat([]byte{'j'}, 70000)
	ev := Event{Raw: Append(nil, 1, -1, 324, append(big, 0))}
	if got := binary.LittleEndian.Uint32(ev.Raw[26:]); got != 70001 {
		t.Fatalf("large payload length entry %d, want 70001 as u32", got)
	}
	if len(ev.Str(0)) != 70000 {
		t.Errorf("json of %d bytes", len(ev.Str(0)))
	}
	plugin := Event{Raw: Append(nil, 1, -1, 322, U32(7), []byte("abc"))}
	if id, ok := plugin.Uint64(0); !ok || id != 7 || string(plugin.Param(1)) != "abc" {
		t.Errorf("plugin event: id %d data %q", id, plugin.Param(1))
	}
}

func TestClone(t *testing.T) {
	raw := Append(nil, 5, 6, 4, I64(3))
	ev := Event{Raw: raw, Num: 9, CPU: 2, Flags: FlagStateOnly}
	c := ev.Clone()
	raw[0] = 0xEE
	if c.Ts() != 5 || c.Num != 9 || c.CPU != 2 || c.Flags != FlagStateOnly {
		t.Errorf("clone shares bytes or lost fields: %+v", c)
	}
}

func TestValidate(t *testing.T) {
	good := Append(nil, 1, 1, 3, I64(3), CStr("/x"), U32(0), U32(0), U32(0))
	if n, err := Validate(append(good, 1, 2, 3)); err != nil || n != len(good) {
		t.Fatalf("Validate(good + padding) = %d, %v", n, err)
	}
	mutate := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	cases := map[string][]byte{
		"short header":     good[:20],
		"length too small": mutate(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[16:], 10); return b }),
		"length too large": mutate(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[16:], 1000); return b }),
		"too many params":  mutate(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[22:], 1<<30); return b }),
		"param past end":   mutate(func(b []byte) []byte { binary.LittleEndian.PutUint16(b[26:], 500); return b }),
	}
	for name, raw := range cases {
		if _, err := Validate(raw); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Validate error %v, want ErrMalformed", name, err)
		}
	}
}

func TestAccessorsAllocateNothing(t *testing.T) {
	ev := Event{Raw: Append(nil, 77, 5, 3, I64(3), CStr("/tmp/x"), U32(1), U32(0), U32(2))}
	var sink uint64
	allocs := testing.AllocsPerRun(1000, func() {
		v, _ := ev.Int64(0)
		u, _ := ev.Uint64(4)
		sink += uint64(v) + u + uint64(len(ev.Str(1))) + uint64(ev.NumParams()) + ev.Ts()
	})
	if allocs != 0 {
		t.Errorf("%.1f allocations per accessor round, want 0", allocs)
	}
	_ = sink
}

func BenchmarkParam(b *testing.B) {
	ev := Event{Raw: Append(nil, 77, 5, 3, I64(3), CStr("/tmp/x"), U32(1), U32(0), U32(2))}
	b.ReportAllocs()
	var sink int
	for b.Loop() {
		sink += len(ev.Param(4))
	}
	_ = sink
}

// Param returns each parameter as built, for events of 0 to 24 parameters of random
// lengths (the lengths summed four at a time and one by one), in u16- and u32-length
// layouts.
func TestParamReturnsEachParameter(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	large := uint16(0)
	for i := range schema.Events {
		if schema.Events[i].LargePayload() {
			large = uint16(i)
			break
		}
	}
	for round := range 5000 {
		params := make([][]byte, rng.IntN(25))
		for i := range params {
			params[i] = make([]byte, rng.IntN(40))
			for k := range params[i] {
				params[i][k] = byte(rng.IntN(256))
			}
		}
		typ := uint16(3)
		if round%5 == 0 && large != 0 {
			typ = large
		}
		ev := Event{Raw: Append(nil, 1, 2, typ, params...)}
		for i := range params {
			if got := ev.Param(i); !bytes.Equal(got, params[i]) {
				t.Fatalf("round %d: parameter %d of %d is %x, want %x", round, i, len(params), got, params[i])
			}
		}
		if ev.Param(len(params)) != nil {
			t.Fatalf("round %d: a parameter past the last", round)
		}
	}
}
