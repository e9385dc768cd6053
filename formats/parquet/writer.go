package parquet

import (
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// Defaults of WriterOptions.
const (
	DefaultRowGroupRows = 256 << 10
	DefaultPageRows     = 32 << 10
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
	// FastCompression trades some size for speed (zstd's fastest level instead of better).
	FastCompression bool
	// PackSmall packs a file of one small row group smallest (smallGroup): zstd's best
	// level, alternative page encodings, uncompressed chunks where smaller. It costs CPU on
	// the few thousand rows of a short capture, and the best level's 34 MiB of match
	// tables on first use: for files kept as they are (scry convert), not for store
	// segments written by the thousand.
	PackSmall bool
	// SortSmall groups the rows of such a file by thread (thread_order.go) when it holds
	// one capture section.
	SortSmall bool
}

// Writer writes events as rows of a scry Parquet file. Call AddSection for the capture's
// metadata (at least once, before Close), Write per event in order, then Close.
type Writer struct {
	out    io.Writer
	off    int64 // bytes written to out
	opts   WriterOptions
	chunks [NumColumns]*chunkWriter
	long   []*chunkWriter // LongPages columns
	state  []byte
	foot   footer
	page   int // rows in the current page
	group  int // rows in the current row group
	stats  Stats
	secs   []SectionStart
	extra  [][2]string
	err    error // the first write error: the file is unusable after it
	closed bool
	// typeCount counts rows per known event type; folded into stats.Types by Stats.
	typeCount [schema.NumEvents]int64
	params    ParamsEncoder
	tids      []int64 // thread of each row of the row group, for SortSmall
	shown     []bool  // whether sysdig shows each row's event, for SortSmall
}

// stateColumns lists the SourceState columns.
var stateColumns = func() []int {
	var s []int
	for i := range Columns {
		if Columns[i].Source == SourceState {
			s = append(s, i)
		}
	}
	return s
}()

// NewWriter returns a Writer that writes a file to w.
func NewWriter(w io.Writer, opts WriterOptions) *Writer {
	if opts.RowGroupRows <= 0 {
		opts.RowGroupRows = DefaultRowGroupRows
	}
	if opts.PageRows <= 0 {
		opts.PageRows = DefaultPageRows
	}
	level := levelDefault
	if opts.FastCompression {
		level = levelFast
	}
	wr := &Writer{out: w, opts: opts}
	for i := range wr.chunks {
		wr.chunks[i] = newChunkWriter(i, level)
		if Columns[i].LongPages {
			wr.long = append(wr.long, wr.chunks[i])
		}
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
// reusing its buffers. Key/value pairs of SetMetadata must be set again for each file.
func (w *Writer) Reset(out io.Writer) {
	w.out, w.off = out, 0
	for _, cw := range w.chunks {
		cw.reset()
	}
	w.foot.reset()
	w.page, w.group = 0, 0
	w.stats = Stats{Types: map[string]int64{}}
	w.typeCount = [schema.NumEvents]int64{}
	w.secs = w.secs[:0]
	w.state = nil
	w.extra = w.extra[:0]
	w.err, w.closed = nil, false
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
func (w *Writer) Size() int64 {
	n := w.off
	for _, cw := range w.chunks {
		n += int64(len(cw.body) + cw.pending()/4) // open pages compress about 4:1
	}
	return n
}

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

// patching reports whether the row being written has its parameters patched against
// its evt_args (params_patch.go): in a file packed smallest (PackSmall), the rows of its
// first bestRows, which are the whole of a short capture's file. Patching takes about a
// tenth of a conversion's CPU time, which the busy captures of many rows, where zstd
// sees long repetitions, do not spend on it.
func (w *Writer) patching() bool {
	return w.opts.PackSmall && len(w.foot.groups) == 0 && w.group < bestRows
}

// PatchedRows is how many leading rows of a file packed smallest, of row groups of
// rowGroupRows rows, have their parameters patched against evt_args.
func PatchedRows(rowGroupRows int) int { return min(rowGroupRows, bestRows) }

// Write appends one event. en holds the SourceState columns and may be nil (those
// columns are then null). ev's bytes are copied: they need only be valid during the call.
func (w *Writer) Write(ev *event.Event, en *Enriched) error {
	if w.closed {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	if len(ev.Raw) < event.HeaderLen {
		return fmt.Errorf("write event %d: %w: %d bytes", ev.Num, event.ErrMalformed, len(ev.Raw))
	}
	// Types no table knows are kept too: their parameter count is stored as is.
	ts := ev.Ts()
	name, typeName := unknownType, unknownTypeBytes
	nparams := int64(ev.NParams())
	if info := ev.Info(); info != nil {
		name, typeName = info.Name, typeNames()[ev.Type()]
		nparams -= int64(len(info.Params))
	}
	c := &w.chunks
	if w.opts.SortSmall && len(w.tids) < bestRows+1 { // a larger group is not small
		w.tids = append(w.tids, ev.Tid())
		w.shown = append(w.shown, Shown(ev))
	}
	c[ColEvtNum].appendInt(int64(ev.Num))
	c[ColEvtRawtime].appendInt(int64(ts))
	c[ColEvtCPU].appendInt(int64(ev.CPU))
	c[ColThreadTid].appendInt(ev.Tid())
	if ev.IsEnter() {
		c[ColEvtDir].appendBytes(dirEnter)
	} else {
		c[ColEvtDir].appendBytes(dirExit)
	}
	c[ColRawType].appendInt(int64(ev.Type()))
	c[ColRawNparams].appendInt(int64(int32(nparams)))
	c[ColRawFlags].appendInt(int64(int32(ev.Flags)))
	var args []byte
	if en != nil && en.set[ColEvtArgs] && w.patching() {
		args = en.strs[ColEvtArgs]
	}
	c[ColRawParams].appendBytes(w.params.Encode(ev, args))
	switch {
	case en != nil && en.set[ColEvtType] && en.hints[ColEvtType] != nil:
		c[ColEvtType].appendHinted(en, ColEvtType)
	case en != nil && en.set[ColEvtType]:
		c[ColEvtType].appendBytes(en.strs[ColEvtType])
	default:
		c[ColEvtType].appendBytes(typeName)
	}
	for _, col := range stateColumns {
		cw := c[col]
		switch {
		case en == nil || !en.set[col]:
			cw.appendNull()
		case en.hints[col] != nil && cw.dict:
			if h := en.hints[col]; h.dict == cw.dictSerial {
				cw.appendCode(h.code) // the hint's code is the chunk's: no lookup
			} else {
				cw.appendHinted(en, col)
			}
		case cw.kind == KindInt32:
			cw.appendInt(int64(int32(en.ints[col])))
		case cw.kind == KindString || cw.kind == KindBytes:
			cw.appendBytes(en.strs[col])
		default:
			cw.appendInt(en.ints[col])
		}
	}
	w.account(ev, ts, name)
	w.page++
	w.group++
	switch {
	case w.group >= w.opts.RowGroupRows:
		return w.flushGroup()
	case w.page >= w.opts.PageRows:
		w.page = 0
		for _, cw := range c {
			if !cw.c.LongPages {
				cw.cutPage(false)
			}
		}
	}
	for _, cw := range w.long {
		if cw.pending() >= pageBufferSize {
			cw.cutPage(false)
		}
	}
	return nil
}

var (
	unknownType      = "unknown"
	unknownTypeBytes = []byte(unknownType)
	dirEnter         = []byte(">")
	dirExit          = []byte("<")
	// typeNames are the event types' names as bytes, built on first use (not at start-up:
	// most commands write no Parquet file).
	typeNames = sync.OnceValue(func() [][]byte {
		t := make([][]byte, schema.NumEvents)
		for i := range t {
			t[i] = []byte(schema.Events[i].Name)
		}
		return t
	})
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

// write sends b to the output, remembering the first error.
func (w *Writer) write(b []byte) error {
	if w.err != nil {
		return w.err
	}
	n, err := w.out.Write(b)
	w.off += int64(n)
	if err != nil {
		w.err = fmt.Errorf("write parquet file: %w", err)
	}
	return w.err
}

// flushGroup writes the buffered rows as a row group.
func (w *Writer) flushGroup() error {
	if w.group == 0 {
		return w.err
	}
	if w.off == 0 {
		w.write([]byte(magic))
	}
	w.foot.writeGroup(w, int64(w.group))
	w.page, w.group = 0, 0
	w.tids, w.shown = w.tids[:0], w.shown[:0]
	for _, cw := range w.chunks {
		cw.reset()
	}
	return w.err
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
	if err := w.flushGroup(); err != nil {
		return err
	}
	if w.off == 0 {
		w.write([]byte(magic))
	}
	kv := make([][2]string, 0, len(w.extra)+4)
	for _, e := range w.extra {
		if e[0] != KeySchemaVersion && e[0] != KeySections && e[0] != KeyState && e[0] != KeyStats {
			kv = append(kv, e)
		}
	}
	secs := AppendSections(nil, w.secs)
	kv = append(kv, [2]string{KeySchemaVersion, schemaVersionText}, [2]string{KeySections, encodeSections(secs, w.foot.smallOnly)})
	if w.state != nil {
		st, err := encodeState(w.state, secs)
		if err != nil {
			return fmt.Errorf("close parquet writer: %w", err)
		}
		kv = append(kv, [2]string{KeyState, st})
	}
	kv = append(kv, [2]string{KeyStats, encodeStats(w.Stats(), w.foot.smallOnly)})
	if err := w.foot.write(w, kv); err != nil {
		return fmt.Errorf("write parquet footer: %w", err)
	}
	return nil
}
