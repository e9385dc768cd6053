package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/formats/parquet"
)

// t0 is 2024-03-05 10:00:00 UTC.
var t0 = uint64(time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC).UnixNano())

func TestDefaultDir(t *testing.T) {
	env := map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/u"}
	get := func(k string) string { return env[k] }
	if d := defaultDir(0, get); d != "/var/lib/scry" {
		t.Errorf("root: %s", d)
	}
	if d := defaultDir(1000, get); d != "/data/scry" {
		t.Errorf("user with XDG_DATA_HOME: %s", d)
	}
	delete(env, "XDG_DATA_HOME")
	if d := defaultDir(1000, get); d != "/home/u/.local/share/scry" {
		t.Errorf("user without XDG_DATA_HOME: %s", d)
	}
}

func TestTimestampsBeyondInt64(t *testing.T) {
	// 2425-01-01T00:30:00Z does not fit an int64 of ns: it must not wrap to the 1800s.
	ts := uint64(time.Date(2425, 1, 1, 0, 30, 0, 0, time.UTC).Unix()) * 1e9
	if ts < 1<<63 {
		t.Fatal("test timestamp fits an int64")
	}
	if got := TimeOf(ts).Format(time.RFC3339); got != "2425-01-01T00:30:00Z" {
		t.Fatalf("TimeOf = %s", got)
	}
	if p := SegmentPath("/s", "h", ts, ts); !strings.Contains(p, "/date=2425-01-01/hour=00/") {
		t.Errorf("SegmentPath = %s", p)
	}
	segs := importEvents(t, t.TempDir(), testSection("h"), testEvents(4, ts, uint64(20*time.Minute)), WriterOptions{})
	if len(segs) != 2 || !strings.Contains(segs[1].Path, "/hour=01/") {
		t.Errorf("segments over the 00:00-01:30 hours of 2425: %+v", segs)
	}
}

func TestSegmentPathLayout(t *testing.T) {
	p := SegmentPath("/s", "web/1", t0+5, t0+9)
	want := "/s/host=web_1/date=2024-03-05/hour=10/" + itoa(t0+5) + "-" + itoa(t0+9) + ".parquet"
	if p != want {
		t.Fatalf("SegmentPath = %s, want %s", p, want)
	}
	rel, _ := filepath.Rel("/s", p)
	n, ok := parseSegmentPath(rel)
	if !ok || n.host != "web_1" || n.start != t0+5 || n.end != t0+9 {
		t.Errorf("parse(%s) = %+v %v", rel, n, ok)
	}
	for _, bad := range []string{"x.parquet", "host=a/date=b/hour=c/9-1.parquet", "host=a/date=b/hour=c/1-2.txt", "host=a/date=b/1-2.parquet"} {
		if _, ok := parseSegmentPath(bad); ok {
			t.Errorf("%s parsed as a segment", bad)
		}
	}
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

func TestWriterRollsByCountAndKeepsEveryEvent(t *testing.T) {
	root := t.TempDir()
	evs := testEvents(2300, t0, 1000)
	segs := importEvents(t, root, testSection("box"), evs, WriterOptions{MaxEvents: 500})
	if len(segs) != 5 {
		t.Fatalf("%d segments, want 5 (2300 events by 500)", len(segs))
	}
	for i, s := range segs {
		snap, got := readSegmentEvents(t, s.Path)
		want := evs[i*500 : min(len(evs), (i+1)*500)]
		if len(got) != len(want) {
			t.Fatalf("segment %d has %d events, want %d", i, len(got), len(want))
		}
		for j := range want {
			if !bytes.Equal(got[j].Raw, want[j].Raw) || got[j].Num != want[j].Num || got[j].CPU != want[j].CPU {
				t.Fatalf("segment %d event %d differs", i, j)
			}
		}
		wantKind := SnapshotStale
		if i == 0 {
			wantKind = SnapshotCapture
		}
		if snap.Kind != wantKind || snap.Section.Machine.Hostname != "box" {
			t.Errorf("segment %d snapshot kind %q host %q", i, snap.Kind, snap.Section.Machine.Hostname)
		}
		if !strings.Contains(s.Path, "/host=box/date=2024-03-05/hour=10/") {
			t.Errorf("segment %d at %s", i, s.Path)
		}
	}
	if _, err := os.Stat(filepath.Join(root, tmpDir)); err == nil {
		if ents, _ := os.ReadDir(filepath.Join(root, tmpDir)); len(ents) != 0 {
			t.Errorf("temporary files left: %v", ents)
		}
	}
}

func TestWriterRollsAtHourAndSpanAndSize(t *testing.T) {
	// 3 hours of events, one every 10 minutes: 18 events, one segment per hour.
	root := t.TempDir()
	segs := importEvents(t, root, testSection("h"), testEvents(18, t0, uint64(10*time.Minute)), WriterOptions{})
	if len(segs) != 3 {
		t.Fatalf("%d segments over three hours, want 3", len(segs))
	}
	for i, s := range segs {
		if want := "/hour=" + []string{"10", "11", "12"}[i] + "/"; !strings.Contains(s.Path, want) {
			t.Errorf("segment %d at %s, want it in %s", i, s.Path, want)
		}
	}
	// A span limit of 20 minutes cuts each hour in three.
	segs = importEvents(t, t.TempDir(), testSection("h"), testEvents(18, t0, uint64(10*time.Minute)), WriterOptions{MaxSpan: 20 * time.Minute})
	if len(segs) != 9 {
		t.Errorf("%d segments with a 20-minute span, want 9", len(segs))
	}
	// Time going back more than a minute starts a segment; a few ms back does not.
	evs := testEvents(6, t0+2*hourNs, 1000)
	evs[2].Raw = append([]byte(nil), evs[2].Raw...)
	binary.LittleEndian.PutUint64(evs[2].Raw, t0+2*hourNs-uint64(5*time.Millisecond))
	evs[4].Raw = append([]byte(nil), evs[4].Raw...)
	binary.LittleEndian.PutUint64(evs[4].Raw, t0)
	segs = importEvents(t, t.TempDir(), testSection("h"), evs, WriterOptions{})
	if len(segs) != 3 || segs[0].Events != 4 || segs[1].Events != 1 {
		t.Errorf("back-jumps: %d segments %+v, want 3 (4, 1, 1 events)", len(segs), segs)
	}
	// A byte limit smaller than one event gives one segment per event.
	segs = importEvents(t, t.TempDir(), testSection("h"), testEvents(7, t0, 1), WriterOptions{MaxBytes: 1})
	if len(segs) != 7 {
		t.Errorf("%d segments with a 1-byte limit, want 7", len(segs))
	}
}

func TestCatalogRebuiltWhenMissingOrStale(t *testing.T) {
	root := t.TempDir()
	segs := importEvents(t, root, testSection("box"), testEvents(1000, t0, 1000), WriterOptions{MaxEvents: 300})
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Rebuilt() || len(s.Segments()) != 4 || len(s.Problems()) != 0 {
		t.Fatalf("first open: rebuilt=%v segments=%d problems=%v", s.Rebuilt(), len(s.Segments()), s.Problems())
	}
	if s, _ = Open(root); s.Rebuilt() {
		t.Errorf("catalog rebuilt although nothing changed")
	}
	var total int64
	for _, seg := range s.Segments() {
		total += seg.Stats.Events
	}
	if total != 1000 || s.Segments()[0].Stats.Types["open"] != 300 {
		t.Errorf("catalog counts %d events, types %v", total, s.Segments()[0].Stats.Types)
	}
	os.Remove(segs[1].Path)
	if s, _ = Open(root); !s.Rebuilt() || len(s.Segments()) != 3 {
		t.Errorf("after removing a segment: rebuilt=%v segments=%d", s.Rebuilt(), len(s.Segments()))
	}
	os.WriteFile(filepath.Join(root, CatalogFile), []byte("{garbage"), 0o644)
	if s, _ = Open(root); !s.Rebuilt() || len(s.Segments()) != 3 {
		t.Errorf("after corrupting the catalog: rebuilt=%v segments=%d", s.Rebuilt(), len(s.Segments()))
	}
	os.Remove(filepath.Join(root, CatalogFile))
	if s, _ = Open(root); !s.Rebuilt() || len(s.Segments()) != 3 {
		t.Errorf("after removing the catalog: rebuilt=%v segments=%d", s.Rebuilt(), len(s.Segments()))
	}
	if r := s.Range(segs[2].MinTs, segs[2].MinTs); len(r) != 1 || r[0].Stats.FirstNum != 601 {
		t.Errorf("Range over the third segment gives %+v", r)
	}
}

func TestBadFilesAreReportedAndTheRestReadable(t *testing.T) {
	root := t.TempDir()
	segs := importEvents(t, root, testSection("box"), testEvents(900, t0, 1000), WriterOptions{MaxEvents: 300})
	dir := filepath.Dir(segs[0].Path)
	// A stray file, a half-written segment, a foreign Parquet file and a scry segment
	// whose snapshot is missing, all under names that look like segments or not.
	os.WriteFile(filepath.Join(root, "notes.txt"), []byte("hello"), 0o644)
	good, _ := os.ReadFile(segs[0].Path)
	half := filepath.Join(dir, "1-2.parquet")
	os.WriteFile(half, good[:len(good)/2], 0o644)
	foreign := filepath.Join(dir, "3-4.parquet")
	writeForeign(t, foreign, false)
	nosnap := filepath.Join(dir, "5-6.parquet")
	writeForeign(t, nosnap, true)
	// A crash leftover in the temporary folder is ignored.
	os.MkdirAll(filepath.Join(root, tmpDir), 0o755)
	os.WriteFile(filepath.Join(root, tmpDir, "segment-1.parquet.tmp"), good[:100], 0o644)

	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Segments()) != 3 {
		t.Errorf("%d readable segments, want the 3 good ones", len(s.Segments()))
	}
	want := map[string]error{"notes.txt": ErrStray, "1-2.parquet": parquet.ErrNotScry, "3-4.parquet": parquet.ErrNotScry, "5-6.parquet": parquet.ErrSnapshot}
	if len(s.Problems()) != len(want) {
		t.Errorf("problems: %v", s.Problems())
	}
	for _, p := range s.Problems() {
		found := false
		for name, sentinel := range want {
			if strings.Contains(p.Error(), name) {
				found = true
				if !errors.Is(p, sentinel) {
					t.Errorf("problem %q does not match %v", p, sentinel)
				}
			}
		}
		if !found {
			t.Errorf("problem %q names none of the bad files", p)
		}
	}
	for _, seg := range s.Segments() {
		if _, evs := readSegmentEvents(t, seg.Path); len(evs) != 300 {
			t.Errorf("%s: %d events", seg.Rel, len(evs))
		}
	}
}

// writeForeign writes a Parquet file with scry's schema but no section metadata
// (scry=true: it claims scry's schema version) or without any scry metadata.
func writeForeign(t *testing.T, path string, scry bool) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := pq.NewGenericWriter[any](f, parquet.Schema())
	if scry {
		w.SetKeyValueMetadata(parquet.KeySchemaVersion, "1")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestPrune(t *testing.T) {
	root := t.TempDir()
	// Four hourly segments.
	importEvents(t, root, testSection("p"), testEvents(8, t0, uint64(30*time.Minute)), WriterOptions{})
	s, _ := Open(root)
	if len(s.Segments()) != 4 {
		t.Fatalf("%d segments, want 4", len(s.Segments()))
	}
	now := time.Unix(0, int64(t0+4*hourNs))
	removed, err := Prune(root, PruneOptions{MaxAge: 150 * time.Minute, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	// Segment last events at 10:30, 11:30, 12:30, 13:30; older than 11:30 (now 14:00 - 2h30) goes.
	if len(removed) != 1 || !strings.Contains(removed[0].Rel, "hour=10") {
		t.Fatalf("age pruning removed %+v", removed)
	}
	if _, err := os.Stat(filepath.Dir(removed[0].Path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("empty partition folder left behind")
	}
	s, _ = Open(root)
	one := s.Segments()[0].Size
	removed, err = Prune(root, PruneOptions{MaxSize: s.Size() - one, Now: now})
	if err != nil || len(removed) != 1 || !strings.Contains(removed[0].Rel, "hour=11") {
		t.Fatalf("size pruning removed %+v (%v)", removed, err)
	}
	if s, _ = Open(root); len(s.Segments()) != 2 || s.Rebuilt() {
		t.Errorf("after pruning: %d segments, catalog rebuilt again: %v", len(s.Segments()), s.Rebuilt())
	}
}
