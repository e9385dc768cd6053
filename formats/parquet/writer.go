package parquet

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// Defaults of WriterOptions.
const (
	DefaultRowGroupRows = 256 << 10
	DefaultPageRows     = 32 << 10
	bloomBitsPerValue   = 10
	batchRows           = 256
	// pageBufferSize bounds a page. Columns cut their pages every PageRows rows, except the
	// LongPages ones, whose pages run to the end of the row group or to this size.
	pageBufferSize = 8 << 20
)

// ErrClosed is returned by a Writer used after Close.
var ErrClosed = errors.New("parquet writer closed")

// WriterOptions tune the layout of a file; the zero value uses the defaults.
type WriterOptions struct {
	RowGroupRows int // rows per row group: the unit of pruning by statistics and bloom filters
	PageRows     int // rows per data page (all columns cut pages at the same rows)
	// FastCompression trades some size for speed (zstd fastest instead of default).
	FastCompression bool
}

// Writer writes events as rows of a scry Parquet file. Call AddSection for the capture's
// metadata (at least once, before Close), Write per event in order, then Close.
type Writer struct {
	pw     *pq.GenericWriter[any]
	cw     []*pq.ColumnWriter
	opts   WriterOptions
	vals   [NumColumns][]pq.Value
	null   [NumColumns]pq.Value // a null of each column
	arena  []byte
	batch  int // rows buffered in vals
	page   int // rows in the current page
	group  int // rows in the current row group
	stats  Stats
	secs   []SectionStart
	state  []byte
	extra  [][2]string
	reused bool // Reset was called: the Parquet writer keeps earlier key/value pairs
	// typeCount counts rows per known event type; folded into stats.Types by Stats.
	typeCount [schema.NumEvents]int64
	closed    bool
}

// NewWriter returns a Writer that writes a file to w.
func NewWriter(w io.Writer, opts WriterOptions) *Writer {
	if opts.RowGroupRows <= 0 {
		opts.RowGroupRows = DefaultRowGroupRows
	}
	if opts.PageRows <= 0 {
		opts.PageRows = DefaultPageRows
	}
	level := zstd.SpeedDefault
	if opts.FastCompression {
		level = zstd.SpeedFastest
	}
	var blooms []pq.BloomFilterColumn
	var extra []pq.WriterOption
	for i := range Columns {
		if Columns[i].Bloom {
			blooms = append(blooms, pq.SplitBlockFilter(bloomBitsPerValue, Columns[i].Name))
		}
		if Columns[i].NoBounds {
			extra = append(extra, pq.SkipPageBounds(Columns[i].Name))
		}
		// Page headers carry min/max for the numeric columns; strings have theirs in the
		// column index only (a page header copy of long values costs more than it saves).
		if k := Columns[i].Kind; k == KindString || k == KindBytes {
			extra = append(extra, pq.SkipPageStatistics(Columns[i].Name))
		}
	}
	pw := pq.NewGenericWriter[any](w, append([]pq.WriterOption{Schema(),
		pq.Compression(&zstd.Codec{Level: level}),
		pq.PageBufferSize(pageBufferSize),
		pq.WriteBufferSize(1 << 20),
		pq.DataPageStatistics(true),
		pq.BloomFilters(blooms...),
		pq.CreatedBy("scry", strconv.Itoa(SchemaVersion), ""),
	}, extra...)...)
	wr := &Writer{pw: pw, cw: pw.ColumnWriters(), opts: opts}
	for i := range wr.vals {
		wr.vals[i] = make([]pq.Value, 0, batchRows)
		wr.null[i] = pq.Value{}.Level(0, 0, leafIndex[i])
	}
	wr.stats.Types = map[string]int64{}
	return wr
}

// AddSection records a capture section and the evt.num of its first event; the first
// call gives the state at the file's start.
func (w *Writer) AddSection(firstNum uint64, s *scap.Section) {
	w.secs = append(w.secs, SectionStart{FirstNum: firstNum, Section: s})
	if s.Machine != nil && w.stats.Hostname == "" {
		w.stats.Hostname = s.Machine.Hostname
	}
}

// Reset makes a closed (or unused) writer write a new file to out with the same options,
// reusing its buffers. Key/value pairs of SetMetadata must be set again for each file;
// a key set for an earlier file and not for this one is written with an empty value.
func (w *Writer) Reset(out io.Writer) {
	w.pw.Reset(out)
	w.cw = w.pw.ColumnWriters()
	for col := range w.vals {
		w.vals[col] = w.vals[col][:0]
	}
	w.arena = w.arena[:0]
	w.batch, w.page, w.group = 0, 0, 0
	w.stats = Stats{Types: map[string]int64{}}
	w.typeCount = [schema.NumEvents]int64{}
	w.secs = w.secs[:0]
	w.state = nil
	for i := range w.extra {
		w.extra[i][1] = ""
	}
	w.closed, w.reused = false, true
}

// SetMetadata adds a key/value pair to the file's metadata (keys of this package win).
func (w *Writer) SetMetadata(key, value string) {
	for i := range w.extra {
		if w.extra[i][0] == key {
			w.extra[i][1] = value
			return
		}
	}
	w.extra = append(w.extra, [2]string{key, value})
}

// SetState records the state engine's own snapshot of the state at the file's start.
func (w *Writer) SetState(b []byte) { w.state = append(w.state[:0], b...) }

// Rows is the number of events written so far.
func (w *Writer) Rows() int64 { return w.stats.Events }

// Size estimates the bytes the file holds so far (written plus buffered, before the
// footer).
func (w *Writer) Size() int64 { return w.pw.Size() + int64(len(w.arena)) }

// Stats returns the summary of the rows written so far.
func (w *Writer) Stats() *Stats {
	for t, n := range w.typeCount {
		if n > 0 {
			w.stats.Types[schema.Events[t].Name] += n
			w.typeCount[t] = 0
		}
	}
	return &w.stats
}

// Write appends one event. en holds the SourceState columns and may be nil (those
// columns are then null). ev's bytes are copied: they need only be valid during the call.
func (w *Writer) Write(ev *event.Event, en *Enriched) error {
	if w.closed {
		return ErrClosed
	}
	if len(ev.Raw) < event.HeaderLen {
		return fmt.Errorf("write event %d: %w: %d bytes", ev.Num, event.ErrMalformed, len(ev.Raw))
	}
	// Types no table knows are kept too: their parameter count is stored as is.
	ts := ev.Ts()
	name, typeName := unknownType, unknownTypeBytes
	nparams := int64(ev.NParams())
	if info := ev.Info(); info != nil {
		name, typeName = info.Name, typeNames[ev.Type()]
		nparams -= int64(len(info.Params))
	}
	w.int64(ColEvtNum, int64(ev.Num))
	w.int64(ColEvtRawtime, int64(ts))
	w.int32(ColEvtCPU, int32(ev.CPU))
	w.int64(ColThreadTid, ev.Tid())
	if ev.IsEnter() {
		w.str(ColEvtDir, dirEnter)
	} else {
		w.str(ColEvtDir, dirExit)
	}
	w.int32(ColRawType, int32(ev.Type()))
	w.int32(ColRawNparams, int32(nparams))
	w.int32(ColRawFlags, int32(ev.Flags))
	w.bytes(ColRawParams, ev.Raw[event.HeaderLen:])
	if en != nil && en.set[ColEvtType] {
		w.bytes(ColEvtType, en.strs[ColEvtType])
	} else {
		w.str(ColEvtType, typeName)
	}
	for col := range Columns {
		c := &Columns[col]
		if c.Source != SourceState {
			continue
		}
		if en == nil || !en.set[col] {
			w.vals[col] = append(w.vals[col], w.null[col])
			continue
		}
		var v pq.Value
		switch c.Kind {
		case KindInt64:
			v = pq.Int64Value(en.ints[col])
		case KindInt32:
			v = pq.Int32Value(int32(en.ints[col]))
		case KindBool:
			v = pq.BooleanValue(en.ints[col] != 0)
		default:
			w.arena = append(w.arena, en.strs[col]...)
			v = pq.ByteArrayValue(w.arena[len(w.arena)-len(en.strs[col]):])
		}
		v.SetDefinitionLevel(1)
		v.SetColumnIndex(leafIndex[col])
		w.vals[col] = append(w.vals[col], v)
	}
	w.account(ev, ts, name)
	w.batch++
	if w.batch == batchRows || w.page+w.batch >= w.opts.PageRows || w.group+w.batch >= w.opts.RowGroupRows {
		return w.flushBatch()
	}
	return nil
}

var (
	unknownType      = "unknown"
	unknownTypeBytes = []byte(unknownType)
	dirEnter         = []byte(">")
	dirExit          = []byte("<")
	typeNames        = func() [][]byte {
		t := make([][]byte, schema.NumEvents)
		for i := range t {
			t[i] = []byte(schema.Events[i].Name)
		}
		return t
	}()
)

func (w *Writer) account(ev *event.Event, ts uint64, name string) {
	s := &w.stats
	if s.Events == 0 {
		s.FirstTs, s.MinTs, s.MaxTs, s.FirstNum = ts, ts, ts, ev.Num
	}
	s.Events++
	s.LastTs, s.LastNum = ts, ev.Num
	s.MinTs = min(s.MinTs, ts)
	s.MaxTs = max(s.MaxTs, ts)
	if t := int(ev.Type()); t < len(w.typeCount) {
		w.typeCount[t]++
	} else {
		s.Types[name]++
	}
}

func (w *Writer) int64(col int, x int64) {
	v := pq.Int64Value(x)
	v.SetColumnIndex(leafIndex[col])
	w.vals[col] = append(w.vals[col], v)
}

func (w *Writer) int32(col int, x int32) {
	v := pq.Int32Value(x)
	v.SetColumnIndex(leafIndex[col])
	w.vals[col] = append(w.vals[col], v)
}

// str references b without copying: only for bytes that outlive the batch.
func (w *Writer) str(col int, b []byte) {
	v := pq.ByteArrayValue(b)
	v.SetColumnIndex(leafIndex[col])
	w.vals[col] = append(w.vals[col], v)
}

// bytes copies b into the batch's arena.
func (w *Writer) bytes(col int, b []byte) {
	w.arena = append(w.arena, b...)
	w.str(col, w.arena[len(w.arena)-len(b):])
}

// flushBatch hands the buffered rows to the column writers, cutting a page or a row group
// when they are full.
func (w *Writer) flushBatch() error {
	if w.batch == 0 {
		return nil
	}
	for col := range w.vals {
		if _, err := w.cw[leafIndex[col]].WriteRowValues(w.vals[col]); err != nil {
			return fmt.Errorf("write column %s: %w", Columns[col].Name, err)
		}
		w.vals[col] = w.vals[col][:0] // the stale values point into the reused arena only
	}
	w.arena = w.arena[:0]
	w.page += w.batch
	w.group += w.batch
	w.batch = 0
	if w.group >= w.opts.RowGroupRows {
		w.page, w.group = 0, 0
		if err := w.pw.Flush(); err != nil {
			return fmt.Errorf("write row group: %w", err)
		}
		return nil
	}
	if w.page >= w.opts.PageRows {
		w.page = 0
		for col := range Columns {
			if Columns[col].LongPages {
				continue
			}
			if err := w.cw[leafIndex[col]].Flush(); err != nil {
				return fmt.Errorf("write page: %w", err)
			}
		}
	}
	return nil
}

// Close writes the buffered rows, the metadata and the footer. It does not close the
// underlying writer.
func (w *Writer) Close() error {
	if w.closed {
		return ErrClosed
	}
	w.closed = true
	if len(w.secs) == 0 {
		return errors.New("close parquet writer: no capture section was added")
	}
	if err := w.flushBatch(); err != nil {
		return err
	}
	for _, kv := range w.extra {
		w.pw.SetKeyValueMetadata(kv[0], kv[1])
	}
	w.pw.SetKeyValueMetadata(KeySchemaVersion, strconv.Itoa(SchemaVersion))
	w.pw.SetKeyValueMetadata(KeySections, EncodeBlob(AppendSections(nil, w.secs)))
	if w.state != nil {
		w.pw.SetKeyValueMetadata(KeyState, EncodeBlob(w.state))
	} else if w.reused {
		w.pw.SetKeyValueMetadata(KeyState, "") // a previous file's key stays otherwise
	}
	w.pw.SetKeyValueMetadata(KeyStats, encodeStats(w.Stats()))
	if err := w.pw.Close(); err != nil {
		return fmt.Errorf("write parquet footer: %w", err)
	}
	return nil
}
