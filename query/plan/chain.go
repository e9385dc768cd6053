package plan

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/store"
)

// chainPart replays consecutive segments of one recording as one stream, through one
// engine, as sysdig reads the capture they were cut from. With a filter this matters:
// the engine does not parse further what the filter rejects (sysdig's behaviour), so the
// state a segment starts from depends on the filter, and the segment's snapshot (the
// state without a filter) would not give sysdig's answer; continuing the previous
// segment's engine does.
type chainPart struct{ parts []*replayPart }

func (c *chainPart) String() string {
	return fmt.Sprintf("replay %s .. %s", c.parts[0].src.path, c.parts[len(c.parts)-1].src.path)
}

func (c *chainPart) Scan(ctx context.Context, emit func(*exec.Batch) error) error {
	return replayChain(ctx, c.parts, emit)
}

// continues reports whether segment b carries on segment a's recording: its snapshot
// is the state tracked up to it, and its first event follows a's last. Segments count
// whether they come from a store directory or from a glob of its files.
func continues(a, b source) bool {
	sa, _, ha, ok := segmentOf(a)
	if !ok {
		return false
	}
	sb, kb, hb, ok := segmentOf(b)
	return ok && kb == store.SnapshotState && ha == hb && sa.Events > 0 &&
		sb.FirstNum == sa.LastNum+1 && sb.FirstTs >= sa.LastTs
}

// segmentOf returns the statistics, start-state kind and host of a source that is a
// segment (of a store, or a Parquet file written as one).
func segmentOf(s source) (stats *parquet.Stats, snapshot, host string, ok bool) {
	switch {
	case s.kind == kindSegment && s.seg != nil:
		return &s.seg.Stats, s.seg.Snapshot, s.seg.Host, true
	case s.kind == kindParquet && s.stats != nil && s.snapshot != "":
		return s.stats, s.snapshot, hostPartition(s.path), true
	}
	return nil, "", "", false
}

// hostPartition is the host of a store file's path (its host=NAME folder), "" for a
// path outside a store's layout.
func hostPartition(path string) string {
	for _, dir := range strings.Split(filepath.ToSlash(filepath.Dir(path)), "/") {
		if h, ok := strings.CutPrefix(dir, "host="); ok {
			return h
		}
	}
	return ""
}

// chainReplays joins the replayed parts of consecutive segments that continue each other
// into chains, when the scan has a filter or reads a field that carries state from event
// to event (without either, each segment's snapshot is the state the segment before
// leaves, and the segments replay in parallel). parts and srcs are in the same order;
// nil parts (pruned sources) break chains.
func chainReplays(parts []exec.Partition, srcs []source, spec *scanSpec) []exec.Partition {
	var out []exec.Partition
	var chain *chainPart
	for i, part := range parts {
		if part == nil {
			chain = nil
			continue
		}
		rp, ok := part.(*replayPart)
		if !ok || !chainsSegments(spec) {
			out = append(out, part)
			chain = nil
			continue
		}
		if chain != nil && continues(srcs[i-1], srcs[i]) {
			chain.parts = append(chain.parts, rp)
			continue
		}
		chain = &chainPart{parts: []*replayPart{rp}}
		out = append(out, chain)
	}
	for i, part := range out {
		if c, ok := part.(*chainPart); ok && len(c.parts) == 1 {
			out[i] = c.parts[0]
		}
	}
	return out
}

// replaysWithFilter reports whether the scan replays enriched segments with a filter:
// the filter or an input needs a field that no column stores as itself.
func replaysWithFilter(spec *scanSpec, flt *filter.Filter, path Path) bool {
	switch {
	case flt == nil || path == PathStored:
		return false
	case path == PathReplay:
		return true
	}
	for _, name := range spec.inputs {
		if _, ok := storedField(name, true); !ok {
			return true
		}
	}
	for _, f := range flt.Fields() {
		if _, ok := storedField(f.Name, true); !ok || notStoredInFilters[f.Name] {
			return true
		}
	}
	return false
}

// eventToEventFields are the fields whose extractor keeps state from one event to the
// next (the previous event's time, its own count, a thread's previous CPU reading): a
// replay from a segment's snapshot would start them afresh (sysdig prints evt.deltatime
// of the first event of a segment against the event before it).
var eventToEventFields = map[string]bool{
	"evt.deltatime": true, "evt.deltatime.s": true, "evt.deltatime.ns": true, "util.cnt": true,
	"thread.cpu": true, "thread.cpu.user": true, "thread.cpu.system": true,
}

// chainsSegments reports whether the scan replays consecutive segments as one chain.
func chainsSegments(spec *scanSpec) bool {
	if spec.filter != "" {
		return true
	}
	for _, name := range spec.inputs {
		if eventToEventFields[name] {
			return true
		}
	}
	return false
}
