package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
)

// nameTracker fills proc_name with a name that changes every hour of event time and
// fd_num with the event's position in its hour, so that segments have distinct values.
type nameTracker struct{}

func (nameTracker) LoadSection(*scap.Section) error { return nil }
func (nameTracker) Snapshot() (*scap.Section, []byte, error) {
	return testSection("box"), nil, nil
}
func (nameTracker) Track(ev *event.Event, en *parquet.Enriched) {
	en.SetString(parquet.ColProcName, []byte(fmt.Sprintf("prog-%d", ev.Ts()/hourNs%24)))
	en.SetInt(parquet.ColFdNum, int64(ev.Ts()%hourNs/uint64(time.Minute)))
}

// hourlyStore writes events every 5 minutes over 10 hours, 4 events a segment.
func hourlyStore(t *testing.T) (string, []SegmentInfo) {
	t.Helper()
	root := t.TempDir()
	segs := importEvents(t, root, testSection("box"), testEvents(120, t0, uint64(5*time.Minute)),
		WriterOptions{MaxEvents: 4, Tracker: nameTracker{}})
	if _, err := Open(root); err != nil { // writes the catalog
		t.Fatal(err)
	}
	return root, segs
}

func rels(segs []Segment) []string {
	var out []string
	for _, s := range segs {
		out = append(out, s.Rel)
	}
	return out
}

func TestOpenRangeMatchesOpenAndRange(t *testing.T) {
	root, segs := hourlyStore(t)
	full, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if full.Rebuilt() || len(full.Segments()) != len(segs) {
		t.Fatalf("second open: rebuilt %v, %d segments, want %d", full.Rebuilt(), len(full.Segments()), len(segs))
	}
	last := segs[len(segs)-1].MaxTs
	for _, r := range [][2]uint64{
		{t0, t0}, {t0 + 3*hourNs, t0 + 3*hourNs + uint64(20*time.Minute)}, {t0 + hourNs - 1, t0 + hourNs + 1},
		{0, t0 + 2*hourNs}, {t0 + 5*hourNs, ^uint64(0)}, {last + 1, last + hourNs}, {0, t0 - 1},
	} {
		got, err := OpenRange(root, r[0], r[1])
		if err != nil {
			t.Fatal(err)
		}
		want := full.Range(r[0], r[1])
		if !slices.Equal(rels(got.Segments()), rels(want)) || got.Rebuilt() {
			t.Errorf("OpenRange(%d, %d) = %v (rebuilt %v), want %v", r[0], r[1], rels(got.Segments()), got.Rebuilt(), rels(want))
			continue
		}
		for i, seg := range got.Segments() {
			w := want[i]
			if seg.Path != w.Path || seg.Size != w.Size || seg.Stats.Events != w.Stats.Events || seg.Stats.Types["open"] != w.Stats.Types["open"] {
				t.Errorf("OpenRange entry %+v, Open's %+v", seg, w)
			}
		}
	}
}

func TestOpenRangeReadsOnlyItsPartitions(t *testing.T) {
	root, segs := hourlyStore(t)
	// Removing the first hours' files makes the catalog stale for Open, not for a range
	// hours later: OpenRange did not look there.
	for _, s := range segs {
		if s.MinTs < t0+2*hourNs {
			os.Remove(s.Path)
		}
	}
	from, to := t0+6*hourNs, t0+7*hourNs
	s, err := OpenRange(root, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if s.Rebuilt() || len(s.Segments()) == 0 {
		t.Fatalf("range hours later: rebuilt %v, %d segments", s.Rebuilt(), len(s.Segments()))
	}
	for _, seg := range s.Segments() {
		if seg.Stats.MaxTs < from || seg.Stats.MinTs > to {
			t.Errorf("segment %s [%d, %d] outside the range", seg.Rel, seg.Stats.MinTs, seg.Stats.MaxTs)
		}
	}
	// A range over the removed files notices.
	s, err = OpenRange(root, t0, t0+hourNs)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Rebuilt() || len(s.Segments()) != 0 {
		t.Errorf("range over removed segments: rebuilt %v, segments %v", s.Rebuilt(), rels(s.Segments()))
	}
}

func TestOpenRangeSeesChangedPartitions(t *testing.T) {
	root, segs := hourlyStore(t)
	in := segs[len(segs)/2]
	from, to := in.MinTs, in.MaxTs
	// A new segment in the range's partition.
	extra := importEvents(t, root, testSection("box"), testEvents(3, in.MinTs+1, 1), WriterOptions{Tracker: nameTracker{}})
	s, err := OpenRange(root, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rels(s.Segments()), mustRel(t, root, extra[0].Path)) {
		t.Errorf("new segment %s not listed: %v", extra[0].Path, rels(s.Segments()))
	}
	// A segment rewritten in place (another size).
	if err := os.WriteFile(extra[0].Path, []byte("not a segment any more"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = OpenRange(root, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(rels(s.Segments()), mustRel(t, root, extra[0].Path)) || len(s.Problems()) == 0 {
		t.Errorf("broken segment still listed (%v) or not reported (%v)", rels(s.Segments()), s.Problems())
	}
	// A stray file in the partition is reported, the range still answered.
	os.Remove(extra[0].Path)
	Open(root)
	os.WriteFile(filepath.Join(filepath.Dir(in.Path), "notes.txt"), []byte("x"), 0o644)
	s, err = OpenRange(root, from, to)
	if err != nil || len(s.Problems()) != 1 || !slices.Contains(rels(s.Segments()), mustRel(t, root, in.Path)) {
		t.Errorf("with a stray file: %v, problems %v, segments %v", err, s.Problems(), rels(s.Segments()))
	}
}

func mustRel(t *testing.T, root, p string) string {
	t.Helper()
	r, err := filepath.Rel(root, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCatalogSummaries(t *testing.T) {
	root, _ := hourlyStore(t)
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, seg := range s.Segments() {
		// The values the tracker gave the segment's events.
		names := map[string]bool{}
		var lo, hi int64 = 1 << 62, -1
		for ts := seg.Stats.MinTs; ts <= seg.Stats.MaxTs; ts += uint64(5 * time.Minute) {
			names[fmt.Sprintf("prog-%d", ts/hourNs%24)] = true
			m := int64(ts % hourNs / uint64(time.Minute))
			lo, hi = min(lo, m), max(hi, m)
		}
		ps, ok := seg.Column(parquet.ColProcName)
		if !ok || !ps.Complete || ps.AllNull || len(ps.Strs) != len(names) {
			t.Fatalf("%s: proc_name summary %+v, want the values %v", seg.Rel, ps, names)
		}
		for _, v := range ps.Strs {
			if !names[string(v)] {
				t.Errorf("%s: proc_name summary lists %q, not a value of the segment", seg.Rel, v)
			}
		}
		fs, ok := seg.Column(parquet.ColFdNum)
		if !ok || !fs.HasBounds || fs.MinInt != lo || fs.MaxInt != hi || len(fs.Ints) != int(hi-lo)/5+1 {
			t.Errorf("%s: fd_num summary %+v, want [%d, %d]", seg.Rel, fs, lo, hi)
		}
		us, ok := seg.Column(parquet.ColUserName)
		if !ok || !us.AllNull {
			t.Errorf("%s: user_name (never set) summary %+v, want all null", seg.Rel, us)
		}
		if _, ok := seg.Column(parquet.ColRawParams); ok {
			t.Errorf("%s: raw_params has a summary", seg.Rel)
		}
	}
}

func TestCatalogDecodeRejectsDamage(t *testing.T) {
	root, _ := hourlyStore(t)
	b, err := os.ReadFile(filepath.Join(root, CatalogFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decodeCatalog(b); err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{0, 10, catalogHeaderLen + 5, len(b) / 2, len(b) - 1} {
		if _, err := decodeCatalog(b[:cut]); err == nil {
			t.Errorf("catalog cut to %d of %d bytes decoded without error", cut, len(b))
		}
	}
}

func TestLegacyCatalogReplaced(t *testing.T) {
	root, segs := hourlyStore(t)
	legacy := filepath.Join(root, legacyCatalogFile)
	if err := os.WriteFile(legacy, []byte(`{"version":1,"segments":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(root, CatalogFile))
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems()) != 0 || len(s.Segments()) != len(segs) || !s.Rebuilt() {
		t.Errorf("with a JSON catalog of an earlier version: problems %v, %d segments, rebuilt %v", s.Problems(), len(s.Segments()), s.Rebuilt())
	}
	if _, err := os.Stat(legacy); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the JSON catalog is still there after the rewrite: %v", err)
	}
}

// Segments of the range's partitions that lie outside the range are read from the
// catalog by path only; a missing one still sends OpenRange back to the full listing.
func TestOpenRangeChecksTheRestOfItsPartitions(t *testing.T) {
	root, segs := hourlyStore(t)
	k := -1
	for i := 0; i+1 < len(segs); i++ {
		if segs[i].MinTs/hourNs == segs[i+1].MinTs/hourNs && segs[i].MaxTs < segs[i+1].MinTs {
			k = i
			break
		}
	}
	if k < 0 {
		t.Fatal("no hour holds two segments")
	}
	in, other := segs[k], segs[k+1]
	s, err := OpenRange(root, in.MinTs, in.MaxTs)
	if err != nil {
		t.Fatal(err)
	}
	if s.Rebuilt() || !slices.Equal(rels(s.Segments()), []string{mustRel(t, root, in.Path)}) {
		t.Fatalf("range of one segment: rebuilt %v, segments %v", s.Rebuilt(), rels(s.Segments()))
	}
	if got := s.Segments()[0]; got.Stats.Events != in.Events || got.Stats.Types == nil {
		t.Errorf("segment in the range not decoded whole: %+v", got.Stats)
	}
	os.Remove(other.Path)
	s, err = OpenRange(root, in.MinTs, in.MaxTs)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Rebuilt() {
		t.Errorf("a segment of the partition removed: the catalog answered without noticing")
	}
}
