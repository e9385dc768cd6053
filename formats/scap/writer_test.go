package scap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

func TestWriterBareCapture(t *testing.T) {
	var out bytes.Buffer
	w, err := NewWriter(&out, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), shb(WriteMajor, WriteMinor)) {
		t.Fatalf("empty capture % x, want a lone 1.2 section header", out.Bytes())
	}
	if err := w.WriteEvent(&event.Event{Raw: event.Append(nil, 1, 1, 4, event.I64(1))}); err == nil {
		t.Errorf("WriteEvent after Close succeeded")
	}
}

func TestWriterBlockCodes(t *testing.T) {
	open := event.Append(nil, 1, 1, 2, event.CStr("/a"), event.U32(0), event.U32(0))
	json := event.Append(nil, 2, -1, 324, event.CStr("{}"))
	cases := []struct {
		ev   event.Event
		code uint32
	}{
		{event.Event{Raw: open}, BlockEVV2},
		{event.Event{Raw: open, Flags: event.FlagTracer}, BlockEVFV2},
		{event.Event{Raw: open, Flags: event.FlagLarge}, BlockEVV2Large},
		{event.Event{Raw: json}, BlockEVV2Large},
		{event.Event{Raw: json, Flags: event.FlagStateOnly}, BlockEVFV2Large},
	}
	for _, c := range cases {
		var out bytes.Buffer
		w, _ := NewWriter(&out, WriterOptions{})
		if err := w.WriteEvent(&c.ev); err != nil {
			t.Fatal(err)
		}
		w.Close()
		b := out.Bytes()[28:]
		code, total := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])
		if code != c.code || int(total) != len(b) || total%4 != 0 || binary.LittleEndian.Uint32(b[len(b)-4:]) != total {
			t.Errorf("flags %d type %d: block %s of %d bytes (%d written)", c.ev.Flags, c.ev.Type(), BlockName(code), total, len(b))
		}
		_, evs := mustRead(t, out.Bytes())
		if len(evs) != 1 || !bytes.Equal(evs[0].Raw, c.ev.Raw) || evs[0].Flags != c.ev.Flags&^event.FlagLarge {
			t.Errorf("%s block reads back as %+v", BlockName(code), evs)
		}
	}
}

func TestWriterRejectsMalformedEvents(t *testing.T) {
	w, _ := NewWriter(&bytes.Buffer{}, WriterOptions{})
	raw := event.Append(nil, 1, 1, 4, event.I64(1))
	for name, bad := range map[string][]byte{"short": raw[:10], "length mismatch": append(raw, 0)} {
		if err := w.WriteEvent(&event.Event{Raw: bad}); !errors.Is(err, event.ErrMalformed) {
			t.Errorf("%s: error %v, want ErrMalformed", name, err)
		}
	}
	if _, err := NewWriter(&bytes.Buffer{}, WriterOptions{Compression: Compression(9)}); err == nil {
		t.Errorf("unknown compression accepted")
	}
	if _, err := Create(filepath.Join(t.TempDir(), "no", "such", "dir.scap"), WriterOptions{}); err == nil {
		t.Errorf("Create in a missing directory succeeded")
	}
}

func TestWriterRejectsOverlongMetadata(t *testing.T) {
	w, _ := NewWriter(&bytes.Buffer{}, WriterOptions{})
	long := string(bytes.Repeat([]byte{'x'}, 2000))
	for name, s := range map[string]*Section{
		"comm":       {Processes: []Process{{Comm: long}}},
		"fd name":    {FDLists: []FDList{{Tid: 1, FDs: []FD{{Fd: 3, Type: FDFile, Name: long}}}}},
		"user name":  {Users: []User{{Name: long[:300]}}},
		"iface type": {Interfaces: []Interface{{Type: 9, Name: "x"}}},
	} {
		if err := w.WriteSection(s); err == nil {
			t.Errorf("%s: overlong or unknown metadata accepted", name)
		}
	}
}

func TestParseCompression(t *testing.T) {
	for in, want := range map[string]Compression{"none": CompressNone, "gzip": CompressGzip, "gz": CompressGzip, "zstd": CompressZstd} {
		if got, err := ParseCompression(in); err != nil || got != want {
			t.Errorf("ParseCompression(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseCompression("lz4"); err == nil {
		t.Errorf("lz4 accepted")
	}
}
