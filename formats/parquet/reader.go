package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// Reader reads the events of a scry Parquet file back as event views, row group by row
// group, decoding only the columns that rebuild the wire bytes.
type Reader struct {
	name    string
	file    *os.File
	pf      *pq.File
	version int
	secs    []SectionStart
	secsRaw []byte // the encoded sections: the dictionary of the state image
	stats   *Stats
	groups  []int // row groups to read, in order
	next    int   // index into groups

	// the row group being read
	nums, ts, tids          []int64
	cpus, types, nps, flags []int32
	params                  [][]byte
	order                   []int32  // the rows in capture order, nil when they are in it
	args                    [][]byte // evt_args, loaded for the first patched parameter
	argsLoaded              bool
	group                   int // the row group loaded
	body                    []byte
	pages                   []pq.Page
	scratch                 []pq.Value
	row, rows               int
	raw                     []byte
	sec                     int // index of the section of the last event
	numRead                 int64
}

// Open opens a scry Parquet file and checks its metadata.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	r, err := NewReader(f, st.Size(), path)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.file = f
	return r, nil
}

// NewReader reads a scry Parquet file of size bytes from ra; name is used in errors.
func NewReader(ra io.ReaderAt, size int64, name string) (*Reader, error) {
	var pf *pq.File
	err := guard(func() (err error) {
		pf, err = OpenFile(ra, size, pq.SkipBloomFilters(true))
		return err
	})
	if err != nil {
		return nil, &FileError{File: name, Err: fmt.Errorf("%w: open parquet: %w", ErrNotScry, err)}
	}
	r := &Reader{name: name, pf: pf}
	if err := guard(r.checkMeta); err != nil { // parquet-go panics on some damaged schemas
		return nil, &FileError{File: name, Err: err}
	}
	for i := range pf.RowGroups() {
		r.groups = append(r.groups, i)
	}
	return r, nil
}

func (r *Reader) checkMeta() error {
	v, ok := r.pf.Lookup(KeySchemaVersion)
	if !ok {
		return fmt.Errorf("%w: no %s key/value metadata", ErrNotScry, KeySchemaVersion)
	}
	n, err := parseVersion(v)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if n > SchemaVersion {
		return fmt.Errorf("%w: file has version %d, this build reads up to %d", ErrVersion, n, SchemaVersion)
	}
	r.version = n
	for i := range Columns {
		c := &Columns[i]
		leaf, ok := r.pf.Schema().Lookup(c.Name)
		if !ok {
			return fmt.Errorf("%w: column %s missing", ErrCorrupt, c.Name)
		}
		if leaf.ColumnIndex != LeafIndex(i) || leaf.Node.Type().Kind() != columnNode(c).Type().Kind() {
			return fmt.Errorf("%w: column %s has another type or position than schema version %d gives it", ErrCorrupt, c.Name, n)
		}
	}
	if err := r.checkChunks(); err != nil {
		return err
	}
	blob, ok := r.pf.Lookup(KeySections)
	if !ok {
		return fmt.Errorf("%w: no %s metadata (the capture's section and start state)", ErrSnapshot, KeySections)
	}
	b, err := DecodeBlob(blob)
	if err != nil {
		return fmt.Errorf("decode %s: %w", KeySections, err)
	}
	r.secsRaw = b
	if r.secs, err = DecodeSections(b); err != nil {
		return fmt.Errorf("decode %s: %w", KeySections, err)
	}
	if len(r.secs) == 0 {
		return fmt.Errorf("%w: %s lists no section", ErrSnapshot, KeySections)
	}
	if s, ok := r.pf.Lookup(KeyStats); ok {
		if r.stats, err = decodeStats(s); err != nil {
			return fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
	} else {
		r.stats = &Stats{Events: r.pf.NumRows()}
	}
	if r.stats.Events != r.pf.NumRows() {
		return fmt.Errorf("%w: %s counts %d events, the file has %d rows", ErrCorrupt, KeyStats, r.stats.Events, r.pf.NumRows())
	}
	return nil
}

// maxChunkBytes bounds a column chunk's decompressed size: what the writer produces is
// far below it, and damaged sizes must not become giant allocations.
const maxChunkBytes = 1 << 30

// checkChunks refuses column chunks that a scry writer cannot have produced (another
// codec, sizes beyond the file) before any page is decoded.
func (r *Reader) checkChunks() error {
	size := r.pf.Size()
	for g, rg := range r.pf.Metadata().RowGroups {
		if len(rg.Columns) != NumColumns || rg.NumRows < 0 {
			return fmt.Errorf("%w: row group %d has %d columns and %d rows", ErrCorrupt, g, len(rg.Columns), rg.NumRows)
		}
		for i, c := range rg.Columns {
			md := &c.MetaData
			if md.Codec != format.Zstd && md.Codec != format.Uncompressed && md.Codec != format.Brotli {
				return fmt.Errorf("%w: row group %d column %d uses codec %v, scry writes zstd, brotli or none", ErrCorrupt, g, i, md.Codec)
			}
			if md.TotalCompressedSize < 0 || md.TotalCompressedSize > size || md.TotalUncompressedSize < 0 ||
				md.TotalUncompressedSize > maxChunkBytes || md.TotalUncompressedSize > 4096*(md.TotalCompressedSize+1024) ||
				md.NumValues < 0 || md.NumValues > rg.NumRows {
				return fmt.Errorf("%w: row group %d column %d has impossible sizes", ErrCorrupt, g, i)
			}
		}
	}
	return nil
}

// Close releases the file (for Open) and the pages held.
func (r *Reader) Close() error {
	r.releasePages()
	if r.file != nil {
		err := r.file.Close()
		r.file = nil
		return err
	}
	return nil
}

// Name is the name the reader reports in errors.
func (r *Reader) Name() string { return r.name }

// Version is the schema version of the file.
func (r *Reader) Version() int { return r.version }

// Sections are the capture sections the file records; the first is the state at the
// file's start.
func (r *Reader) Sections() []SectionStart { return r.secs }

// Section is the section of the last event returned by Next (the first before any).
func (r *Reader) Section() *scap.Section { return r.secs[r.sec].Section }

// State returns the state engine's snapshot stored with the file, if any.
func (r *Reader) State() ([]byte, bool, error) {
	blob, ok := r.pf.Lookup(KeyState)
	if !ok || blob == "" {
		return nil, false, nil
	}
	var b []byte
	var err error
	if r.version >= 2 {
		b, err = decodeState(blob, r.secsRaw)
	} else {
		b, err = DecodeBlob(blob)
	}
	if err != nil {
		return nil, true, &FileError{File: r.name, Err: fmt.Errorf("decode %s: %w", KeyState, err)}
	}
	return b, true, nil
}

// Metadata returns a key/value metadata value of the file; an empty value is absent.
func (r *Reader) Metadata(key string) (string, bool) {
	v, ok := r.pf.Lookup(key)
	return v, ok && v != ""
}

// Stats is the summary recorded when the file was written.
func (r *Reader) Stats() *Stats { return r.stats }

// NumRows is the number of events in the file.
func (r *Reader) NumRows() int64 { return r.pf.NumRows() }

// File gives access to the underlying Parquet file (for column projections and pruning).
func (r *Reader) File() *pq.File { return r.pf }

// SelectTimeRange restricts Next to the row groups whose evt_rawtime statistics overlap
// [from, to] (inclusive, ns). Call it before the first Next. Rows of a selected row group
// outside the range are still returned: the caller filters.
func (r *Reader) SelectTimeRange(from, to uint64) {
	r.groups = r.groups[:0]
	for i, rg := range r.pf.Metadata().RowGroups {
		cc := rg.Columns[LeafIndex(ColEvtRawtime)].MetaData.Statistics
		if len(cc.MinValue) == 8 && len(cc.MaxValue) == 8 {
			lo, hi := binary.LittleEndian.Uint64(cc.MinValue), binary.LittleEndian.Uint64(cc.MaxValue)
			if hi < from || lo > to {
				continue
			}
		}
		r.groups = append(r.groups, i)
	}
}

// Next reads the next event into ev; its bytes stay valid until the next call. It returns
// io.EOF after the last event.
func (r *Reader) Next(ev *event.Event) error {
	for r.row >= r.rows {
		if r.next >= len(r.groups) {
			return io.EOF
		}
		if err := guard(func() error { return r.loadGroup(r.groups[r.next]) }); err != nil {
			return &FileError{File: r.name, Err: err}
		}
		r.next++
	}
	i := r.row
	if r.order != nil {
		i = int(r.order[i])
	}
	r.row++
	typ := uint16(r.types[i])
	np := int64(r.nps[i])
	if info := schema.Info(typ); info != nil {
		np += int64(len(info.Params))
	}
	p := r.params[i]
	if r.version >= 5 && patchedRow(typ, r.nps[i]) {
		var err error
		if p, err = r.unpatch(i, p, schema.Info(typ).Params); err != nil {
			return &FileError{File: r.name, Err: fmt.Errorf("%w: event %d: %w", ErrCorrupt, r.nums[i], err)}
		}
	}
	r.raw = binary.LittleEndian.AppendUint64(r.raw[:0], uint64(r.ts[i]))
	r.raw = binary.LittleEndian.AppendUint64(r.raw, uint64(r.tids[i]))
	r.raw = binary.LittleEndian.AppendUint32(r.raw, uint32(event.HeaderLen+len(p)))
	r.raw = binary.LittleEndian.AppendUint16(r.raw, typ)
	r.raw = binary.LittleEndian.AppendUint32(r.raw, uint32(np))
	r.raw = append(r.raw, p...)
	if _, err := event.Validate(r.raw); err != nil {
		return &FileError{File: r.name, Err: fmt.Errorf("%w: event %d: %w", ErrCorrupt, r.nums[i], err)}
	}
	ev.Raw = r.raw
	ev.Num = uint64(r.nums[i])
	ev.CPU = uint16(r.cpus[i])
	ev.Flags = uint32(r.flags[i])
	for r.sec+1 < len(r.secs) && ev.Num >= r.secs[r.sec+1].FirstNum {
		r.sec++
	}
	r.numRead++
	return nil
}

// guard runs fn, turning a panic of the Parquet decoder on damaged bytes into an
// ErrCorrupt error.
func guard(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: parquet decoder: %v", ErrCorrupt, p)
		}
	}()
	return fn()
}

func (r *Reader) releasePages() {
	for _, p := range r.pages {
		pq.Release(p)
	}
	clear(r.pages)
	r.pages = r.pages[:0]
}

// loadGroup decodes the lossless columns of row group g.
func (r *Reader) loadGroup(g int) error {
	r.releasePages()
	rg := r.pf.RowGroups()[g]
	n := int(rg.NumRows())
	chunks := rg.ColumnChunks()
	var err error
	read64 := func(col int, dst []int64) []int64 {
		if err != nil {
			return dst[:0]
		}
		dst, err = r.readInts64(chunks[LeafIndex(col)], dst[:0], n, col)
		return dst
	}
	read32 := func(col int, dst []int32) []int32 {
		if err != nil {
			return dst[:0]
		}
		var tmp []int64
		tmp, err = r.readInts64(chunks[LeafIndex(col)], nil, n, col)
		dst = dst[:0]
		for _, v := range tmp {
			dst = append(dst, int32(v))
		}
		return dst
	}
	r.nums = read64(ColEvtNum, r.nums)
	r.ts = read64(ColEvtRawtime, r.ts)
	r.tids = read64(ColThreadTid, r.tids)
	r.cpus = read32(ColEvtCPU, r.cpus)
	r.types = read32(ColRawType, r.types)
	r.nps = read32(ColRawNparams, r.nps)
	r.flags = read32(ColRawFlags, r.flags)
	if err != nil {
		return err
	}
	r.params = r.params[:0]
	if err := r.readBytes(chunks[LeafIndex(ColRawParams)], n); err != nil {
		return err
	}
	r.group, r.argsLoaded = g, false
	r.order = CaptureOrder(r.nums) // rows grouped by thread (thread_order.go)
	r.row, r.rows = 0, n
	return nil
}

// pageValues calls fn with the values of every page of chunk, in order; the chunk may
// hold at most limit values (its row group's rows: the columns are flat).
func (r *Reader) pageValues(chunk pq.ColumnChunk, col int, keep bool, limit int, fn func([]pq.Value)) error {
	pages := chunk.Pages()
	defer pages.Close()
	seen := 0
	for {
		p, err := pages.ReadPage()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: read column %s: %w", ErrCorrupt, Columns[col].Name, err)
		}
		nv := int(p.NumValues())
		if nv < 0 || nv > limit-seen {
			pq.Release(p)
			return fmt.Errorf("%w: column %s: a page of %d values after %d, in a row group of %d rows", ErrCorrupt, Columns[col].Name, nv, seen, limit)
		}
		seen += nv
		if cap(r.scratch) < nv {
			r.scratch = make([]pq.Value, nv)
		}
		vals := r.scratch[:nv]
		got, err := p.Values().ReadValues(vals)
		if err != nil && !errors.Is(err, io.EOF) {
			pq.Release(p)
			return fmt.Errorf("%w: decode column %s: %w", ErrCorrupt, Columns[col].Name, err)
		}
		fn(vals[:got])
		if keep {
			r.pages = append(r.pages, p)
		} else {
			pq.Release(p)
		}
	}
}

func (r *Reader) readInts64(chunk pq.ColumnChunk, dst []int64, n, col int) ([]int64, error) {
	err := r.pageValues(chunk, col, false, n, func(vals []pq.Value) {
		for _, v := range vals {
			dst = append(dst, v.Int64())
		}
	})
	if err == nil && len(dst) != n {
		err = fmt.Errorf("%w: column %s has %d values in a row group of %d rows", ErrCorrupt, Columns[col].Name, len(dst), n)
	}
	return dst, err
}

func (r *Reader) readBytes(chunk pq.ColumnChunk, n int) error {
	err := r.pageValues(chunk, ColRawParams, true, n, func(vals []pq.Value) {
		for _, v := range vals {
			r.params = append(r.params, v.ByteArray())
		}
	})
	if err == nil && len(r.params) != n {
		err = fmt.Errorf("%w: column %s has %d values in a row group of %d rows", ErrCorrupt, Columns[ColRawParams].Name, len(r.params), n)
	}
	return err
}

// unpatch rebuilds the parameters of row i, an event of a patched type with parameters
// params, from its raw_params value enc (see params_patch.go).
func (r *Reader) unpatch(i int, enc []byte, params []schema.ParamInfo) ([]byte, error) {
	var args []byte
	if mask, k := binary.Uvarint(enc); k > 0 && mask != 0 {
		if !r.argsLoaded {
			if err := guard(r.loadArgs); err != nil {
				return nil, err
			}
		}
		args = r.args[i]
	}
	var err error
	r.body, err = appendUnpatched(r.body[:0], enc, params, args)
	return r.body, err
}

// loadArgs decodes the evt_args column of the loaded row group.
func (r *Reader) loadArgs() error {
	n := r.rows
	chunk := r.pf.RowGroups()[r.group].ColumnChunks()[LeafIndex(ColEvtArgs)]
	r.args = r.args[:0]
	err := r.pageValues(chunk, ColEvtArgs, true, n, func(vals []pq.Value) {
		for _, v := range vals {
			if v.IsNull() {
				r.args = append(r.args, nil)
			} else {
				r.args = append(r.args, v.ByteArray())
			}
		}
	})
	if err == nil && len(r.args) != n {
		err = fmt.Errorf("%w: column %s has %d values in a row group of %d rows", ErrCorrupt, Columns[ColEvtArgs].Name, len(r.args), n)
	}
	r.argsLoaded = err == nil
	return err
}
