package plan

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// scanSpec is what every partition of a plan computes: the rows that pass the filter
// and the time range, with the query's input fields.
type scanSpec struct {
	filter   string      // filter text, "" for none
	node     filter.Node // the parsed filter, shared read-only by every compile
	inputs   []string    // field names, in exec slot order
	from, to uint64      // inclusive time range in ns
	timed    bool        // whether the range restricts anything
	weighted bool        // the query accepts pre-aggregated rows (exec.Query.Weighable)
	needTs   bool        // the query reads timestamps (exec.Query.NeedsTimestamps)
}

// inRange reports whether ts is inside the time range.
func (s *scanSpec) inRange(ts uint64) bool { return ts >= s.from && ts <= s.to }

// fieldResolver resolves filter fields with the real extractors.
type fieldResolver struct{}

func (fieldResolver) Lookup(expr string) (*fields.Field, int, error) { return fields.Lookup(expr) }

// compileFilter compiles the spec's filter for one scan; nil when there is none.
func (s *scanSpec) compileFilter(res filter.Resolver) (*filter.Filter, error) {
	if s.filter == "" {
		return nil, nil
	}
	if s.node == nil {
		return filter.Compile(s.filter, &filter.Options{Resolver: res})
	}
	return filter.CompileNode(s.node, &filter.Options{Resolver: res})
}

// lookupField resolves a whole field reference.
func lookupField(name string) (*fields.Field, error) {
	f, n, err := fields.Lookup(name)
	if err != nil {
		return nil, err
	}
	if n != len(name) {
		return nil, fmt.Errorf("%w %q", fields.ErrUnknownField, name)
	}
	return f, nil
}

// eventSource is a stream of events with their capture sections: a scap.Reader or a
// parquet.Reader.
type eventSource interface {
	Next(ev *event.Event) error
	Section() *scap.Section
	Close() error
}

// openEvents opens a source for reading its events in order and loads its start state
// into eng: a capture's metadata, or a Parquet file's (segment's) start snapshot.
func openEvents(src source, eng *state.Engine) (eventSource, error) {
	if src.kind == kindScap {
		r, err := scap.Open(src.path)
		if err != nil {
			return nil, err
		}
		eng.LoadSection(r.Section())
		return r, nil
	}
	r, err := store.OpenSegment(src.path)
	if err != nil {
		return nil, err
	}
	snap, err := r.Snapshot()
	if err == nil {
		err = enrich.Restore(eng, snap)
	}
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("%s: start state: %w", src.path, err)
	}
	return r, nil
}

// replayPart computes every field by replaying its source through the state engine,
// from the source's start state: the capture's metadata, or the segment's snapshot.
type replayPart struct {
	src  source
	spec *scanSpec
}

func (p *replayPart) String() string { return fmt.Sprintf("replay %s", p.src.path) }

// shown reports whether sysdig prints an event the engine kept: internal events and the
// newer metaevents are never printed.
func shown(ev *event.Event) bool {
	info := ev.Info()
	if info == nil || info.Category == schema.CatInternal {
		return false
	}
	return info.Source&(schema.SourceMetaevent|schema.SourceIter) == 0 || info.Legacy
}

// checkEvery is how many events pass between checks for cancellation.
const checkEvery = 4096

func (p *replayPart) Scan(ctx context.Context, emit func(*exec.Batch) error) error {
	return replayChain(ctx, []*replayPart{p}, emit)
}

// replayChain replays parts one after the other through one engine: the first from its
// start state, each next one (a segment continuing the one before) from where the one
// before left the engine.
func replayChain(ctx context.Context, parts []*replayPart, emit func(*exec.Batch) error) error {
	p := parts[0]
	eng := state.New(state.Options{})
	flt, err := p.spec.compileFilter(fieldResolver{})
	if err != nil {
		return err
	}
	inputs := make([]*fields.Field, len(p.spec.inputs))
	for i, name := range p.spec.inputs {
		if inputs[i], err = lookupField(name); err != nil {
			return err
		}
	}
	if flt != nil {
		// The filter runs inside the engine, as sysdig's does: what it rejects is not
		// parsed further. The time range only cuts the output, so values inside the
		// window are those of the query without SINCE/UNTIL.
		eng.SetFilter(func(c *state.EventContext) bool { return flt.Match(c, eng) })
	}
	var b exec.Batch
	b.Reset(len(inputs))
	row := make([]exec.Value, len(inputs))
	for i, part := range parts {
		var src eventSource
		if i == 0 {
			src, err = openEvents(part.src, eng)
		} else {
			src, err = store.OpenSegment(part.src.path)
		}
		if err != nil {
			return err
		}
		err = part.replay(ctx, eng, src, inputs, row, &b, emit)
		src.Close()
		if err != nil {
			return err
		}
	}
	if b.Len > 0 {
		return emit(&b)
	}
	return nil
}

// replay runs the events of src through eng and adds the rows it keeps to b, emitting
// full batches.
func (p *replayPart) replay(ctx context.Context, eng *state.Engine, src eventSource, inputs []*fields.Field, row []exec.Value, b *exec.Batch, emit func(*exec.Batch) error) error {
	sorted := p.src.kind == kindSegment // segments hold events in time order
	var ev event.Event
	sec := src.Section() // loaded by openEvents, or continued from the segment before
	var v fields.Value
	for n := 0; ; n++ {
		if n%checkEvery == 0 && ctx.Err() != nil {
			return context.Cause(ctx)
		}
		if err := src.Next(&ev); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return fmt.Errorf("replay %s: %w", p.src.path, err)
		}
		if s := src.Section(); s != sec {
			sec = s
			eng.LoadSection(s)
		}
		if sorted && ev.Ts() > p.spec.to {
			break
		}
		c := eng.Process(&ev)
		if c.Filtered || c.Hidden {
			continue
		}
		eng.EndEvent(c)
		if !shown(&ev) || p.spec.timed && !p.spec.inRange(ev.Ts()) {
			continue
		}
		for i, f := range inputs {
			row[i] = exec.Null()
			if f.Extract(c, eng, &v) {
				row[i] = b.Keep(v)
			}
		}
		b.Append(int64(ev.Ts()), row)
		if b.Len == exec.BatchSize {
			if err := emit(b); err != nil {
				return err
			}
			b.Reset(len(inputs))
		}
	}
	return nil
}
