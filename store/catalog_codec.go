package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/scrylabs/scry/formats/parquet"
)

// The catalog file: a header, a fixed-size index record per segment sorted by start
// time (so that a time range is found by binary search without reading the rest), then
// each segment's entry (path, statistics) and column summaries.
//
//	header  magic "SCRYCAT2" | segments u32 | 0 u32 | longest span u64 (ns)
//	record  min_ts u64 | max_ts u64 | size i64 | mtime_ns i64 | offset u64 | entry u32 | summary u32
//	entry   path | host | snapshot kind | schema version | statistics   (varints, strings)
const (
	catalogMagic     = "SCRYCAT2"
	catalogHeaderLen = 24
	catalogRecordLen = 48
)

var errCatalog = errors.New("malformed catalog")

// indexRecord is one segment's fixed-size index record.
type indexRecord struct {
	minTs, maxTs     uint64
	size, mtime      int64
	off              uint64
	entryLen, sumLen uint32
}

// encodeCatalog encodes segments already in catalog order.
func encodeCatalog(segs []Segment) []byte {
	var span uint64
	for i := range segs {
		if st := &segs[i].Stats; st.MaxTs > st.MinTs {
			span = max(span, st.MaxTs-st.MinTs)
		}
	}
	b := make([]byte, catalogHeaderLen+catalogRecordLen*len(segs))
	copy(b, catalogMagic)
	binary.LittleEndian.PutUint32(b[8:], uint32(len(segs)))
	binary.LittleEndian.PutUint64(b[16:], span)
	for i := range segs {
		seg := &segs[i]
		off := len(b)
		e := catEnc{b: b}
		e.str(seg.Rel)
		e.str(seg.Host)
		e.str(seg.Snapshot)
		e.uv(uint64(seg.SchemaVersion))
		st := &seg.Stats
		e.uv(uint64(st.Events))
		for _, v := range []uint64{st.FirstTs, st.LastTs, st.MinTs, st.MaxTs, st.FirstNum, st.LastNum} {
			e.uv(v)
		}
		e.str(st.Hostname)
		names := make([]string, 0, len(st.Types))
		for name := range st.Types {
			names = append(names, name)
		}
		slices.Sort(names)
		e.uv(uint64(len(names)))
		for _, name := range names {
			e.str(name)
			e.uv(uint64(st.Types[name]))
		}
		entryLen := len(e.b) - off
		e.b = append(e.b, seg.summary...)
		b = e.b
		r := b[catalogHeaderLen+catalogRecordLen*i:]
		binary.LittleEndian.PutUint64(r[0:], st.MinTs)
		binary.LittleEndian.PutUint64(r[8:], st.MaxTs)
		binary.LittleEndian.PutUint64(r[16:], uint64(seg.Size))
		binary.LittleEndian.PutUint64(r[24:], uint64(seg.ModTimeNs))
		binary.LittleEndian.PutUint64(r[32:], uint64(off))
		binary.LittleEndian.PutUint32(r[40:], uint32(entryLen))
		binary.LittleEndian.PutUint32(r[44:], uint32(len(seg.summary)))
	}
	return b
}

// catalogHeader parses the header: the number of segments and the longest span.
func catalogHeader(b []byte) (n int, span uint64, err error) {
	if len(b) < catalogHeaderLen || string(b[:8]) != catalogMagic {
		return 0, 0, fmt.Errorf("%w: bad header", errCatalog)
	}
	return int(binary.LittleEndian.Uint32(b[8:])), binary.LittleEndian.Uint64(b[16:]), nil
}

func parseRecord(r []byte) indexRecord {
	return indexRecord{
		minTs: binary.LittleEndian.Uint64(r[0:]), maxTs: binary.LittleEndian.Uint64(r[8:]),
		size: int64(binary.LittleEndian.Uint64(r[16:])), mtime: int64(binary.LittleEndian.Uint64(r[24:])),
		off: binary.LittleEndian.Uint64(r[32:]), entryLen: binary.LittleEndian.Uint32(r[40:]),
		sumLen: binary.LittleEndian.Uint32(r[44:]),
	}
}

// decodeCatalog decodes a whole catalog file. Summaries alias b.
func decodeCatalog(b []byte) ([]Segment, error) {
	n, _, err := catalogHeader(b)
	if err != nil {
		return nil, err
	}
	if catalogHeaderLen+catalogRecordLen*n > len(b) {
		return nil, fmt.Errorf("%w: %d records do not fit", errCatalog, n)
	}
	segs := make([]Segment, 0, n)
	for i := 0; i < n; i++ {
		r := parseRecord(b[catalogHeaderLen+catalogRecordLen*i:])
		end := r.off + uint64(r.entryLen) + uint64(r.sumLen)
		if end > uint64(len(b)) || end < r.off {
			return nil, fmt.Errorf("%w: entry %d outside the file", errCatalog, i)
		}
		seg, err := decodeEntry(r, b[r.off:end])
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
		segs = append(segs, seg)
	}
	return segs, nil
}

// decodeEntry decodes one segment's entry and summaries (b, which they alias).
func decodeEntry(r indexRecord, b []byte) (Segment, error) {
	d := catDec{b: b[:r.entryLen]}
	seg := Segment{Size: r.size, ModTimeNs: r.mtime}
	seg.Rel, seg.Host, seg.Snapshot = d.str(), d.str(), d.str()
	seg.SchemaVersion = int(d.uv())
	st := &seg.Stats
	st.Events = int64(d.uv())
	st.FirstTs, st.LastTs, st.MinTs, st.MaxTs, st.FirstNum, st.LastNum = d.uv(), d.uv(), d.uv(), d.uv(), d.uv(), d.uv()
	st.Hostname = d.str()
	nt := d.count()
	st.Types = make(map[string]int64, nt)
	for i := 0; i < nt && !d.bad; i++ {
		name := d.str()
		st.Types[name] = int64(d.uv())
	}
	if d.bad || len(d.b) != 0 {
		return Segment{}, fmt.Errorf("%w: bad entry", errCatalog)
	}
	seg.summary = b[r.entryLen:]
	return seg, nil
}

// catEnc appends varints and strings.
type catEnc struct{ b []byte }

func (e *catEnc) uv(v uint64)    { e.b = binary.AppendUvarint(e.b, v) }
func (e *catEnc) sv(v int64)     { e.b = binary.AppendVarint(e.b, v) }
func (e *catEnc) str(s string)   { e.uv(uint64(len(s))); e.b = append(e.b, s...) }
func (e *catEnc) bytes(s []byte) { e.uv(uint64(len(s))); e.b = append(e.b, s...) }

// catDec reads what catEnc wrote; bad is set (and zero values returned) past the end.
type catDec struct {
	b   []byte
	bad bool
}

func (d *catDec) uv() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *catDec) sv() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *catDec) byte() byte {
	if len(d.b) == 0 {
		d.bad = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// count reads a length that must fit in what is left.
func (d *catDec) count() int {
	n := d.uv()
	if n > uint64(len(d.b)) {
		d.bad, d.b = true, nil
		return 0
	}
	return int(n)
}

func (d *catDec) bytes() []byte {
	n := d.count()
	if d.bad {
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *catDec) str() string { return string(d.bytes()) }

// readRecords reads index records [i, j) of an open catalog file.
func readRecords(f io.ReaderAt, i, j int) ([]indexRecord, error) {
	if j <= i {
		return nil, nil
	}
	buf := make([]byte, catalogRecordLen*(j-i))
	if _, err := f.ReadAt(buf, int64(catalogHeaderLen+catalogRecordLen*i)); err != nil {
		return nil, fmt.Errorf("read catalog index: %w", err)
	}
	out := make([]indexRecord, j-i)
	for k := range out {
		out[k] = parseRecord(buf[catalogRecordLen*k:])
	}
	return out, nil
}

// summaryColumns is every column the catalog summarizes, for callers that want to know.
func summaryColumns() []int {
	var out []int
	for c := range parquet.Columns {
		if summarized(c) {
			out = append(out, c)
		}
	}
	return out
}
