package parquet

import (
	"bytes"
	"encoding/binary"
	"errors"
	"runtime"
	"testing"
)

// TestOpenRefusesFooterBeyondFile: a footer length beyond the file is refused before
// anything of that size is allocated.
func TestOpenRefusesFooterBeyondFile(t *testing.T) {
	b := writeFile(t, testEvents(50), WriterOptions{}, SectionStart{FirstNum: 1, Section: testSection()})
	for _, n := range []uint32{uint32(len(b)), 1 << 31, ^uint32(0)} {
		bad := bytes.Clone(b)
		binary.LittleEndian.PutUint32(bad[len(bad)-8:], n)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := NewReader(bytes.NewReader(bad), int64(len(bad)), "t")
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("footer of %d bytes: %v, want ErrCorrupt", n, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Errorf("footer of %d bytes: %d bytes allocated on the way to the error", n, grew)
		}
	}
}

// TestBrotliBombs: a brotli stream that decompresses to more than declared is refused,
// as a page (readBounded, which checkBrotliPages applies to every page of a BROTLI
// chunk) and as a key/value blob.
func TestBrotliBombs(t *testing.T) {
	zeros := make([]byte, maxBrotliBlob+1)
	stream := appendBrotli(nil, zeros) // a few hundred bytes
	if _, err := readBounded(nil, bytes.NewReader(nil), 0); err != nil {
		t.Fatalf("empty input: %v", err)
	}
	if _, err := readBounded(nil, newBrotliReader(stream), 1000); err == nil {
		t.Error("a page declared 1000 bytes decompressed to more without an error")
	}
	if got, err := readBounded(nil, newBrotliReader(stream), len(zeros)); err != nil || len(got) != len(zeros) {
		t.Errorf("a page of its declared size: %d bytes, %v", len(got), err)
	}
	if _, err := DecodeBlob(brotliMagic + string(stream)); !errors.Is(err, ErrSnapshot) {
		t.Errorf("blob beyond %d bytes: %v, want ErrSnapshot", maxBrotliBlob, err)
	}
}
