package parquet

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// FuzzDecodeSection: any bytes decode to a section or an ErrSnapshot error, never a
// panic; what decodes re-encodes to the same bytes.
func FuzzDecodeSection(f *testing.F) {
	f.Add(AppendSection(nil, testSection()))
	f.Add([]byte("SCSN\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := DecodeSection(b)
		if err != nil {
			if !errors.Is(err, ErrSnapshot) {
				t.Fatalf("error %v is not ErrSnapshot", err)
			}
			return
		}
		again, err := DecodeSection(AppendSection(nil, s))
		if err != nil || !reflect.DeepEqual(again, s) {
			t.Fatalf("re-encoded section differs: %v", err)
		}
	})
}

// FuzzReader: a damaged scry file is refused or read with an error, never a panic.
func FuzzReader(f *testing.F) {
	var buf bytes.Buffer
	w := NewWriter(&buf, WriterOptions{PageRows: 50})
	w.AddSection(1, testSection())
	for _, ev := range testEvents(200) {
		w.Write(&ev, nil)
	}
	w.Close()
	good := buf.Bytes()
	f.Add(good, uint32(len(good)/2), byte(0xff))
	f.Add(good, uint32(len(good)-20), byte(1))
	// A short capture's file: brotli chunks and sections, rows grouped by thread,
	// parameters patched against evt_args, chunks without their dictionary.
	var small bytes.Buffer
	w = NewWriter(&small, WriterOptions{PackSmall: true, SortSmall: true})
	w.AddSection(1, testSection())
	var en Enriched
	for i, ev := range testEvents(300) {
		en.Reset()
		en.SetString(ColProcName, []byte("proc"+strconv.FormatInt(ev.Tid(), 10)))
		en.SetString(ColEvtArgs, []byte("fd="+strconv.Itoa(i)+" name=/etc/passwd flags=1(O_RDONLY) mode=0 dev=803"))
		w.Write(&ev, &en)
	}
	w.Close()
	f.Add(small.Bytes(), uint32(small.Len()/3), byte(0x10))
	f.Add(small.Bytes(), uint32(small.Len()/2), byte(0x01))
	f.Fuzz(func(t *testing.T, b []byte, at uint32, x byte) {
		b = bytes.Clone(b)
		if len(b) > 0 {
			b[int(at)%len(b)] ^= x
		}
		r, err := NewReader(bytes.NewReader(b), int64(len(b)), "fuzz")
		if err != nil {
			return
		}
		defer r.Close()
		var ev event.Event
		for i := 0; i < 1000 && r.Next(&ev) == nil; i++ {
		}
	})
}
