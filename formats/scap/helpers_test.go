package scap

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/internal/testshared"
)

// repoRoot is the directory holding go.mod, found from the package directory.
func repoRoot(t testing.TB) string { return testshared.Root(t) }

// sharedPath is ../shared/REL beside the repository; the test skips where it is absent.
func sharedPath(t testing.TB, rel string) string { return testshared.Path(t, rel) }

// corpusFiles lists the corpus captures by name (without .scap).
func corpusFiles(t testing.TB) (dir string, names []string) {
	t.Helper()
	dir = sharedPath(t, "corpus")
	paths, err := filepath.Glob(filepath.Join(dir, "raw", "*.scap"))
	if err != nil || len(paths) == 0 {
		t.Skipf("skipping: no captures in %s/raw", dir)
	}
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(filepath.Base(p), ".scap"))
	}
	return dir, names
}

// manifest reads MANIFEST.tsv into name -> column -> value.
func manifest(t testing.TB, dir string) map[string]map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	cols := strings.Split(lines[0], "\t")
	out := map[string]map[string]string{}
	for _, l := range lines[1:] {
		cells := strings.Split(l, "\t")
		row := map[string]string{}
		for i, c := range cells {
			if i < len(cols) {
				row[cols[i]] = c
			}
		}
		out[strings.TrimSuffix(row["name"], ".scap")] = row
	}
	return out
}

// readAllEvents reads every event (cloned) until the reader stops; err is nil at a clean
// end.
func readAllEvents(r *Reader) ([]event.Event, error) {
	var out []event.Event
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, ev.Clone())
	}
}

// decompress returns the scap stream of a capture file, however it is compressed.
func decompress(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	magic, _ := br.Peek(4)
	rc, err := decompressor(br, sniff(magic))
	if err != nil {
		t.Fatalf("decompress %s: %v", path, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("decompress %s: %v", path, err)
	}
	return b
}

// block builds one block the way the format defines it (header, body, padding,
// trailer), independently of Writer.
func block(typ uint32, body []byte) []byte {
	n := 8 + len(body)
	pad := (4 - n%4) % 4
	total := uint32(n + pad + 4)
	b := binary.LittleEndian.AppendUint32(nil, typ)
	b = binary.LittleEndian.AppendUint32(b, total)
	b = append(b, body...)
	b = append(b, make([]byte, pad)...)
	return binary.LittleEndian.AppendUint32(b, total)
}

// shb builds a section header block of version major.minor.
func shb(major, minor uint16) []byte {
	body := binary.LittleEndian.AppendUint32(nil, sectionMagic)
	body = binary.LittleEndian.AppendUint16(body, major)
	body = binary.LittleEndian.AppendUint16(body, minor)
	body = binary.LittleEndian.AppendUint64(body, ^uint64(0))
	return block(BlockSHB, body)
}

// evBlock builds an event block of code typ with the event bytes raw.
func evBlock(typ uint32, cpu uint16, flags uint32, raw []byte) []byte {
	body := binary.LittleEndian.AppendUint16(nil, cpu)
	if _, hasFlags, _, _ := eventBlock(typ); hasFlags {
		body = binary.LittleEndian.AppendUint32(body, flags)
	}
	return block(typ, append(body, raw...))
}

// mustRead opens an in-memory capture and reads all of it, failing on any error.
func mustRead(t testing.TB, data []byte) (*Reader, []event.Event) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), "mem")
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	evs, err := readAllEvents(r)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return r, evs
}

// leb is a little helper for building metadata bodies field by field.
type leb struct{ b []byte }

func (l *leb) u8(v uint8) *leb   { l.b = append(l.b, v); return l }
func (l *leb) u16(v uint16) *leb { l.b = binary.LittleEndian.AppendUint16(l.b, v); return l }
func (l *leb) u32(v uint32) *leb { l.b = binary.LittleEndian.AppendUint32(l.b, v); return l }
func (l *leb) u64(v uint64) *leb { l.b = binary.LittleEndian.AppendUint64(l.b, v); return l }
func (l *leb) i64(v int64) *leb  { return l.u64(uint64(v)) }
func (l *leb) raw(p []byte) *leb { l.b = append(l.b, p...); return l }
func (l *leb) str(s string) *leb { l.u16(uint16(len(s))); l.b = append(l.b, s...); return l }
