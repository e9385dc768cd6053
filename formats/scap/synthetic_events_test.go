package scap

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/scrylabs/scry/formats/event"
)

// assertFormatError checks that err is a *FormatError about block at offset off, of
// kind want, whose message names the file and the offset.
func assertFormatError(t *testing.T, err error, block string, off int64, want error) {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a *FormatError", err, err)
	}
	if fe.Block != block || fe.Offset != off || !errors.Is(err, want) {
		t.Fatalf("error %q: block %q offset %d, want block %q offset %d (%v)", err, fe.Block, fe.Offset, block, off, want)
	}
	msg := err.Error()
	if fe.File == "" || !strings.Contains(msg, fe.File) || !strings.Contains(msg, "offset") || fe.Want == "" {
		t.Fatalf("error %q does not say file, offset and what was expected", msg)
	}
}

// specVector is the 248-byte test vector of scap-file-format.md §14: a section header
// and three EV_V2 blocks (open enter, open exit, connect exit).
const specVector = `
0a0d0d0a1c0000004d3c2b1a01000200 ffffffffffffffff1c00000016020000
44000000000000ca9a3b000000002a00 000000000000340000000200 03000000
0c000400040 02f6574632f7061737377 64000100 0000a4010000 0000440000 00
160200005400000000006 4ca9a3b0000 00002a0000000000000044 0000000300
0500000008000c00040004000400 0300 000000000000 2f6574632f7061737377
6400010000 00a401000003080000 0000 540000001602000044000000 0100c8ca
9a3b000000002a000000000000003300 000017000200000008000d0000000000
0000000002010203 04b3150a00000150 0000000044000000`

func specVectorBytes(t *testing.T) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(specVector), ""))
	if err != nil {
		t.Fatalf("test vector: %v", err)
	}
	if len(b) != 248 {
		t.Fatalf("test vector of %d bytes, want 248", len(b))
	}
	return b
}

func TestSpecTestVector(t *testing.T) {
	data := specVectorBytes(t)
	r, evs := mustRead(t, data)
	if h := r.Section().Header; h.Major != 1 || h.Minor != 2 || h.SectionLength != ^uint64(0) {
		t.Errorf("section header %+v", h)
	}
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3", len(evs))
	}
	for i, want := range []struct {
		ts  uint64
		cpu uint16
		typ uint16
		n   int
	}{{1000000000, 0, 2, 3}, {1000000100, 0, 3, 5}, {1000000200, 1, 23, 2}} {
		ev := &evs[i]
		if ev.Num != uint64(i+1) || ev.Ts() != want.ts || ev.CPU != want.cpu || ev.Tid() != 42 || ev.Type() != want.typ || ev.NumParams() != want.n {
			t.Errorf("event %d: num %d ts %d cpu %d tid %d type %d params %d", i, ev.Num, ev.Ts(), ev.CPU, ev.Tid(), ev.Type(), ev.NumParams())
		}
	}
	if s := string(evs[0].Str(0)); s != "/etc/passwd" {
		t.Errorf("open name %q", s)
	}
	if f, _ := evs[0].Uint64(1); f != 1 {
		t.Errorf("open flags %d", f)
	}
	if m, _ := evs[0].Uint64(2); m != 0o644 {
		t.Errorf("open mode %o", m)
	}
	if fd, _ := evs[1].Int64(0); fd != 3 {
		t.Errorf("open fd %d", fd)
	}
	if dev, _ := evs[1].Uint64(4); dev != 0x803 {
		t.Errorf("open dev %x", dev)
	}
	tuple := evs[2].Param(1)
	if !bytes.Equal(tuple, []byte{2, 1, 2, 3, 4, 0xb3, 0x15, 10, 0, 0, 1, 0x50, 0}) {
		t.Errorf("connect tuple % x", tuple)
	}
	// The writer produces the vector byte for byte from the events.
	var out bytes.Buffer
	w, err := NewWriter(&out, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := w.WriteEvent(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), data) {
		t.Errorf("writer output differs from the spec vector:\n%x\n%x", out.Bytes(), data)
	}
}

// TestEventV1 reads v1 event blocks (22-byte header, no nparams): the parameter count is
// inferred from the lengths, the event comes out in the v2 layout.
func TestEventV1(t *testing.T) {
	v2 := []([]byte){
		event.Append(nil, 10, 7, 2, event.CStr("/etc/hosts"), event.U32(1), event.U32(0o644)),           // open E, all 3 params
		event.Append(nil, 11, 7, 3, event.I64(4), event.CStr("/etc/hosts"), event.U32(1), event.U32(0)), // open X, 4 of 5 params
		event.Append(nil, 12, 7, 4, event.I64(4)),                                                       // close E
		event.Append(nil, 13, 7, 5), // close X with no params
	}
	toV1 := func(raw []byte) []byte {
		v1 := append([]byte(nil), raw[:22]...)
		v1 = append(v1, raw[26:]...)
		return append(v1[:16], append(new(leb).u32(uint32(len(v1))).b, v1[20:]...)...)
	}
	var data []byte
	data = append(data, shb(1, 0)...)
	data = append(data, evBlock(BlockEV, 1, 0, toV1(v2[0]))...)
	data = append(data, evBlock(BlockEVInt, 2, 0, toV1(v2[1]))...)
	data = append(data, evBlock(BlockEVF, 3, event.FlagStateOnly, toV1(v2[2]))...)
	data = append(data, evBlock(BlockEV, 0, 0, toV1(v2[3]))...)
	_, evs := mustRead(t, data)
	if len(evs) != len(v2) {
		t.Fatalf("%d events, want %d", len(evs), len(v2))
	}
	for i := range evs {
		if !bytes.Equal(evs[i].Raw, v2[i]) {
			t.Errorf("v1 event %d converted to\n%x, want\n%x", i, evs[i].Raw, v2[i])
		}
	}
	if evs[2].Flags != event.FlagStateOnly || evs[2].CPU != 3 || evs[0].Flags != 0 || evs[1].CPU != 2 {
		t.Errorf("flags/cpu of v1 events: %+v", []uint32{evs[0].Flags, evs[2].Flags})
	}
}

func TestEventV1Notification(t *testing.T) {
	// Old writers stored notification (280) lengths 3 bytes too long.
	v2 := event.Append(nil, 5, 1, 280, event.CStr("1"), event.CStr("hello"))
	v1 := append([]byte(nil), v2[:22]...)
	v1 = append(v1, v2[26:]...)
	v1 = append(v1, 0, 0, 0)
	copy(v1[16:], new(leb).u32(uint32(len(v1))).b)
	data := append(shb(1, 0), evBlock(BlockEV, 0, 0, v1)...)
	_, evs := mustRead(t, data)
	if len(evs) != 1 || !bytes.Equal(evs[0].Raw, v2) {
		t.Fatalf("notification event read as %x, want %x", evs[0].Raw, v2)
	}
}

func TestEventV1Uninferable(t *testing.T) {
	v1 := event.Append(nil, 5, 1, 4, event.I64(3))
	v1 = append(v1[:22:22], v1[26:]...)
	v1 = append(v1, 1, 2, 3) // bytes no parameter count explains
	copy(v1[16:], new(leb).u32(uint32(len(v1))).b)
	data := append(shb(1, 0), evBlock(BlockEV, 0, 0, v1)...)
	r, err := NewReader(bytes.NewReader(data), "v1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = readAllEvents(r)
	assertFormatError(t, err, "EV", 28, ErrCorrupt)
}

func TestEventFlagsAndLargePayload(t *testing.T) {
	big := strings.Repeat("x", 100000)
	jsonText := `{"container":{"id":"` + big + `"}}`
	json := event.Append(nil, 3, -1, 324, event.CStr(jsonText))
	plugin := event.Append(nil, 4, -1, 322, event.U32(999), []byte("payload"))
	open := event.Append(nil, 5, 9, 2, event.CStr("/x"), event.U32(0), event.U32(0))
	var data []byte
	data = append(data, shb(1, 2)...)
	data = append(data, evBlock(BlockEVV2Large, 0, 0, json)...)
	data = append(data, evBlock(BlockEVFV2Large, 1, event.FlagStateOnly, plugin)...)
	data = append(data, evBlock(BlockEVFV2, 2, event.FlagTracer, open)...)
	data = append(data, evBlock(BlockEVFV2, 3, event.FlagStateOnly|event.FlagTracer, open)...)
	r, evs := mustRead(t, data)
	if len(evs) != 4 {
		t.Fatalf("%d events, want 4", len(evs))
	}
	wantFlags := []uint32{0, event.FlagStateOnly, event.FlagTracer, event.FlagStateOnly | event.FlagTracer}
	for i, raw := range [][]byte{json, plugin, open, open} {
		if !bytes.Equal(evs[i].Raw, raw) || evs[i].Flags != wantFlags[i] || evs[i].CPU != uint16(i) {
			t.Errorf("event %d: flags %d cpu %d, bytes equal %v", i, evs[i].Flags, evs[i].CPU, bytes.Equal(evs[i].Raw, raw))
		}
	}
	if got := string(evs[0].Str(0)); got != jsonText {
		t.Errorf("container json of %d bytes, want %d", len(got), len(jsonText))
	}
	if id, _ := evs[1].Uint64(0); id != 999 || string(evs[1].Param(1)) != "payload" {
		t.Errorf("plugin event id %d data %q", id, evs[1].Param(1))
	}
	if inv := r.Blocks(); len(inv) != 4 {
		t.Errorf("inventory %v", inv)
	}
	// The writer picks the same block codes back.
	out := rewrite(t, data, CompressNone)
	if !bytes.Equal(out, data) {
		t.Errorf("rewrite of flagged and large events is not byte-identical")
	}
}

func TestOversizedEventBlockRejected(t *testing.T) {
	big := event.Append(nil, 3, 1, 3, event.I64(3), make([]byte, 40000), make([]byte, 30000))
	data := append(shb(1, 2), oneEvent()...)
	at := len(data)
	data = append(data, evBlock(BlockEVV2, 0, 0, big)...)
	r, err := NewReader(bytes.NewReader(data), "big")
	if err != nil {
		t.Fatal(err)
	}
	evs, err := readAllEvents(r)
	if len(evs) != 1 {
		t.Errorf("%d events before the oversized block", len(evs))
	}
	assertFormatError(t, err, "EV_V2", int64(at), ErrCorrupt)
	var out bytes.Buffer
	w, _ := NewWriter(&out, WriterOptions{})
	ev := event.Event{Raw: big}
	if err := w.WriteEvent(&ev); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("writer accepted an event too large for a non-large block: %v", err)
	}
}

func TestUnknownEventTypeSkippedButCounted(t *testing.T) {
	var data []byte
	data = append(data, shb(1, 2)...)
	data = append(data, evBlock(BlockEVV2, 0, 0, event.Append(nil, 1, 1, 4, event.I64(1)))...)
	data = append(data, evBlock(BlockEVV2, 0, 0, event.Append(nil, 2, 1, 999, []byte("?")))...)
	data = append(data, evBlock(BlockEVV2, 0, 0, event.Append(nil, 3, 1, 5, event.I64(0)))...)
	r, evs := mustRead(t, data)
	if len(evs) != 2 || evs[1].Num != 3 || r.Skipped() != 1 || r.EventsRead() != 3 {
		t.Fatalf("events %d, second num %d, skipped %d", len(evs), evs[1].Num, r.Skipped())
	}
	r2, _ := NewReader(bytes.NewReader(data), "mem")
	r2.ReturnUnknown(true)
	all, err := readAllEvents(r2)
	if err != nil || len(all) != 3 || all[1].Type() != 999 || all[1].Info() != nil {
		t.Fatalf("with ReturnUnknown: %d events, err %v", len(all), err)
	}
	if !bytes.Equal(rewrite(t, data, CompressNone), data) {
		t.Errorf("a rewrite drops or changes the unknown event")
	}
}

// twoSections builds a capture of two concatenated sections with different metadata.
func twoSections() []byte {
	var data []byte
	data = append(data, shb(1, 2)...)
	data = append(data, block(BlockPLV9, plEntry(9, Process{Tid: 1, Pid: 1, Comm: "init"}, nil))...)
	data = append(data, evBlock(BlockEVV2, 0, 0, event.Append(nil, 10, 1, 4, event.I64(1)))...)
	data = append(data, evBlock(BlockEVV2, 0, 0, event.Append(nil, 11, 1, 5, event.I64(0)))...)
	data = append(data, shb(1, 0)...)
	data = append(data, block(BlockPLV6, plEntry(6, Process{Tid: 2, Pid: 2, Comm: "second"}, nil))...)
	data = append(data, block(BlockUL, new(leb).u8(0).u32(0).u32(0).str("root").str("/root").str("/bin/sh").b)...)
	data = append(data, evBlock(BlockEV, 1, 0, func() []byte {
		raw := event.Append(nil, 20, 2, 4, event.I64(2))
		v1 := append(raw[:22:22], raw[26:]...)
		copy(v1[16:], new(leb).u32(uint32(len(v1))).b)
		return v1
	}())...)
	return data
}

func TestConcatenatedSections(t *testing.T) {
	data := twoSections()
	r, err := NewReader(bytes.NewReader(data), "two")
	if err != nil {
		t.Fatal(err)
	}
	first := r.Section()
	var ev event.Event
	var nums []uint64
	var sections []*Section
	for r.Next(&ev) == nil {
		nums = append(nums, ev.Num)
		sections = append(sections, r.Section())
	}
	if len(nums) != 3 || nums[2] != 3 {
		t.Fatalf("event numbers %v, want 1 2 3", nums)
	}
	if sections[0] != first || sections[1] != first || sections[2] == first {
		t.Fatalf("Section() does not change at the second section")
	}
	s2 := sections[2]
	if s2.Index != 1 || s2.Header.Minor != 0 || len(s2.Processes) != 1 || s2.Processes[0].Comm != "second" || !s2.HasUsers || first.HasUsers {
		t.Errorf("second section %+v", s2)
	}
	if first.Processes[0].Comm != "init" || len(first.Processes) != 1 {
		t.Errorf("first section changed: %+v", first.Processes)
	}
	want := readCapture(t, data)
	for _, c := range []Compression{CompressNone, CompressGzip, CompressZstd} {
		got := readCapture(t, rewrite(t, data, c))
		compareCaptures(t, want, got)
	}
}

func gzipBytes(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func zstdBytes(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	zw, _ := zstd.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCompressedInput(t *testing.T) {
	data := twoSections()
	want := readCapture(t, data)
	half := bytes.Index(data[4:], shb(1, 0)[:8]) + 4
	cases := map[string]struct {
		data []byte
		comp Compression
	}{
		"gzip":                  {gzipBytes(t, data), CompressGzip},
		"zstd":                  {zstdBytes(t, data), CompressZstd},
		"gzip members":          {append(gzipBytes(t, data[:half]), gzipBytes(t, data[half:])...), CompressGzip},
		"gzip trailing garbage": {append(gzipBytes(t, data), "not gzip"...), CompressGzip},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(c.data), name)
			if err != nil {
				t.Fatal(err)
			}
			if r.Compression() != c.comp {
				t.Errorf("compression %v, want %v", r.Compression(), c.comp)
			}
			compareCaptures(t, want, readCapture(t, c.data))
		})
	}
}

func TestHeaderErrors(t *testing.T) {
	badMagic := shb(1, 2)
	badMagic[8] ^= 0xff
	cases := map[string]struct {
		data  []byte
		block string
		want  error
	}{
		"empty":           {nil, "", ErrTruncated},
		"not a capture":   {[]byte("hello, this is text and no capture"), "0x6C6C6568", ErrCorrupt},
		"byte order":      {badMagic, "SHB", ErrCorrupt},
		"major version 2": {shb(2, 0), "SHB", ErrVersion},
		"short header":    {shb(1, 2)[:5], "", ErrTruncated},
		"cut section":     {shb(1, 2)[:20], "SHB", ErrTruncated},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := NewReader(bytes.NewReader(c.data), name)
			assertFormatError(t, err, c.block, 0, c.want)
		})
	}
}

func TestSectionWithoutEvents(t *testing.T) {
	data := append(shb(1, 2), block(BlockPLV9, plEntry(9, Process{Tid: 5, Comm: "x"}, nil))...)
	r, evs := mustRead(t, data)
	if len(evs) != 0 || len(r.Section().Processes) != 1 {
		t.Fatalf("%d events, %d processes", len(evs), len(r.Section().Processes))
	}
	back := readCapture(t, rewrite(t, data, CompressNone))
	if len(back.sections) != 1 || back.sections[0].Processes[0].Comm != "x" {
		t.Errorf("a section without events is lost by a rewrite: %+v", back.sections)
	}
}

func TestInventoryStaysSmallWhenEventKindsInterleave(t *testing.T) {
	data := shb(1, 2)
	raw := event.Append(nil, 1, 1, 4, event.I64(3))
	for i := 0; i < 1000; i++ {
		data = append(data, evBlock(BlockEVV2, 0, 0, raw)...)
		data = append(data, evBlock(BlockEVFV2, 0, event.FlagStateOnly, raw)...)
	}
	data = append(data, shb(1, 2)...)
	data = append(data, evBlock(BlockEVFV2, 0, event.FlagStateOnly, raw)...)
	r, evs := mustRead(t, data)
	want := []BlockRun{{BlockSHB, 1}, {BlockEVV2, 1000}, {BlockEVFV2, 1000}, {BlockSHB, 1}, {BlockEVFV2, 1}}
	if len(evs) != 2001 || !reflect.DeepEqual(r.Blocks(), want) {
		t.Errorf("%d events, inventory %v, want %v", len(evs), r.Blocks(), want)
	}
}

func TestSectionsWithoutEventsAreKept(t *testing.T) {
	var data []byte
	data = append(data, shb(1, 2)...)
	data = append(data, block(BlockPLV9, plEntry(9, Process{Tid: 1, Comm: "empty-first"}, nil))...)
	data = append(data, twoSections()...)
	data = append(data, shb(1, 2)...)
	data = append(data, block(BlockPLV9, plEntry(9, Process{Tid: 3, Comm: "empty-last"}, nil))...)
	got := readCapture(t, data)
	var comms []string
	for _, s := range got.sections {
		comms = append(comms, s.Processes[0].Comm)
	}
	if strings.Join(comms, ",") != "empty-first,init,second,empty-last" {
		t.Fatalf("sections seen: %v", comms)
	}
	for _, c := range []Compression{CompressNone, CompressGzip} {
		compareCaptures(t, got, readCapture(t, rewrite(t, data, c)))
	}
}
