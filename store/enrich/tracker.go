package enrich

import (
	"fmt"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
)

// column is one enriched column and the field extractor that fills it.
type column struct {
	id    int
	kind  parquet.Kind
	field *fields.Field
	buf   []byte // text of the current value; valid until the next event
}

// Tracker is a store.Tracker on top of a state engine.
type Tracker struct {
	eng     *state.Engine
	cols    []column // the columns extracted for every event
	threads *threadCache
	fds     *fdCache
	args    *argsCache
	types   *typeCache
	val     fields.Value
	base    *scap.Section // the last capture section loaded
}

var _ store.Tracker = (*Tracker)(nil)

// New returns a Tracker with a fresh state engine.
func New() (*Tracker, error) {
	t := &Tracker{eng: state.New(state.Options{})}
	for id := range parquet.Columns {
		c := &parquet.Columns[id]
		if c.Source != parquet.SourceState && id != parquet.ColEvtType {
			continue
		}
		f, _, err := fields.Lookup(c.Field)
		if err != nil {
			return nil, fmt.Errorf("bind column %s to field %s: %w", c.Name, c.Field, err)
		}
		t.cols = append(t.cols, column{id: id, kind: c.Kind, field: f})
	}
	var perThread, perFD, perType, args []column
	t.cols, perThread = splitColumns(t.cols, threadColumns)
	t.cols, perFD = splitColumns(t.cols, fdColumns)
	t.cols, perType = splitColumns(t.cols, typeColumns)
	t.cols, args = splitColumns(t.cols, argsColumns)
	t.threads, t.fds, t.types = newThreadCache(perThread), newFDCache(perFD), newTypeCache(perType)
	t.args = newArgsCache(args)
	return t, nil
}

// NewStateOnly returns a Tracker that follows the state for exact segment snapshots but
// extracts no field: the enriched columns stay null (cheaper, for --no-enrich imports).
func NewStateOnly() *Tracker { return &Tracker{eng: state.New(state.Options{})} }

// Engine is the tracker's state engine.
func (t *Tracker) Engine() *state.Engine { return t.eng }

// LoadSection loads a capture section's metadata into the engine.
func (t *Tracker) LoadSection(s *scap.Section) error {
	t.eng.LoadSection(s)
	t.base = s
	return nil
}

// Track processes ev and extracts the enriched columns, with the values filters see
// (before the engine's end-of-event cleanup). Events sysdig never shows (internal,
// state-only, consumed while opening the capture, newer metaevents) are processed for
// state, and keep only evt_category (which every event of an enriched file has) and
// evt_type: their other columns are null. Nothing reads them (`scry read`, `scry query` and the rules skip
// those rows), and a thread's details repeated on each of its procinfo rows took a tenth
// of a short capture's file.
func (t *Tracker) Track(ev *event.Event, en *parquet.Enriched) {
	ctx := t.eng.Process(ev)
	extract(t.cols, ctx, t.eng, &t.val, en)
	if t.threads != nil {
		t.threads.fill(ctx, t.eng, &t.val, en)
		t.fds.fill(ctx, t.eng, &t.val, en)
		t.types.fill(ctx, t.eng, &t.val, en)
		t.args.fill(ctx, t.eng, &t.val, en)
	}
	if ctx.Hidden || !parquet.Shown(ev) {
		en.KeepOnly(parquet.ColEvtCategory, parquet.ColEvtType)
	}
	if !ctx.Hidden && !ctx.Filtered {
		t.eng.EndEvent(ctx)
	}
}

// extract fills en from the extractors of cols for the event of ctx.
func extract(cols []column, ctx *state.EventContext, view state.View, v *fields.Value, en *parquet.Enriched) {
	for i := range cols {
		c := &cols[i]
		*v = fields.Value{}
		if !c.field.Extract(ctx, view, v) || v.Kind == fields.KindNone {
			continue
		}
		switch c.kind {
		case parquet.KindString, parquet.KindBytes:
			if v.Kind == fields.KindString {
				// The text is the value itself, in the extractor's buffer or the state:
				// valid until this extractor runs again, after the row is written.
				en.SetString(c.id, v.Bytes)
				continue
			}
			c.buf = fields.AppendText(c.buf[:0], c.field, v)
			en.SetString(c.id, c.buf)
		case parquet.KindBool:
			en.SetBool(c.id, v.Bool)
		default:
			switch v.Kind {
			case fields.KindInt:
				en.SetInt(c.id, v.Int)
			case fields.KindUint:
				en.SetInt(c.id, int64(v.Uint))
			case fields.KindBool:
				en.SetBool(c.id, v.Bool)
			}
		}
	}
}

// Snapshot returns the engine's state as a capture section and as its binary image.
func (t *Tracker) Snapshot() (*scap.Section, []byte, error) {
	img, err := marshalState(t.eng)
	if err != nil {
		return nil, nil, fmt.Errorf("snapshot state: %w", err)
	}
	return sectionOf(t.eng, t.base), img, nil
}
