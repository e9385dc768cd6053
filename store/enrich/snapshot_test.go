package enrich

import (
	"encoding"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
	"github.com/scrylabs/scry/store"
)

// propertyFields are the fields the snapshot property compares.
var propertyFields = []string{"proc.name", "proc.cmdline", "fd.name", "user.name", "container.id"}

// extractor renders the property fields of an event as one string.
type extractor struct {
	fs  []*fields.Field
	v   fields.Value
	buf []byte
}

func newExtractor(t testing.TB) *extractor {
	x := &extractor{}
	for _, name := range propertyFields {
		f, _, err := fields.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		x.fs = append(x.fs, f)
	}
	return x
}

// step processes ev the way Tracker does and returns the fields' text.
func (x *extractor) step(eng *state.Engine, ev *event.Event) string {
	ctx := eng.Process(ev)
	x.buf = x.buf[:0]
	for _, f := range x.fs {
		x.v = fields.Value{}
		if !f.Extract(ctx, eng, &x.v) {
			x.v.Kind = fields.KindNone
		}
		x.buf = fields.AppendText(x.buf, f, &x.v)
		x.buf = append(x.buf, '|')
	}
	if !ctx.Hidden && !ctx.Filtered {
		eng.EndEvent(ctx)
	}
	return string(x.buf)
}

// requireImages skips the test when the state engine cannot write and restore binary
// state images, without which a segment cannot be replayed exactly from its start.
func requireImages(t *testing.T) {
	var e any = state.New(state.Options{})
	_, m := e.(encoding.BinaryMarshaler)
	_, r := e.(restorer)
	if !m || !r {
		t.Skip("state.Engine has no MarshalBinary/Restore yet: segments cannot carry an exact state image")
	}
}

// TestSegmentReplayMatchesWholeCapture imports every corpus capture into segments of 500
// events and replays each segment alone from its snapshot: every event must show the same
// proc.name, proc.cmdline, fd.name, user.name and container.id as when the whole capture
// is replayed from its start.
func TestSegmentReplayMatchesWholeCapture(t *testing.T) {
	files := corpusFiles(t)
	requireImages(t)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := wholeReplay(t, path)
			root := t.TempDir()
			tr, err := New()
			if err != nil {
				t.Fatal(err)
			}
			importCapture(t, path, root, store.WriterOptions{MaxEvents: 500, Tracker: tr})
			s, err := store.Open(root)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Problems()) > 0 {
				t.Fatalf("store problems: %v", s.Problems())
			}
			checked, bad := 0, 0
			x := newExtractor(t)
			for _, seg := range s.Segments() {
				r, err := store.OpenSegment(seg.Path)
				if err != nil {
					t.Fatal(err)
				}
				snap, err := r.Snapshot()
				if err != nil {
					t.Fatal(err)
				}
				eng := state.New(state.Options{})
				if err := Restore(eng, snap); err != nil {
					t.Fatal(err)
				}
				var ev event.Event
				for {
					err := r.Next(&ev)
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					got := x.step(eng, &ev)
					checked++
					if got != want[ev.Num] {
						if bad++; bad <= 5 {
							t.Errorf("%s event %d: segment replay %q, whole capture %q", seg.Rel, ev.Num, got, want[ev.Num])
						}
					}
				}
				r.Close()
			}
			if checked != len(want) {
				t.Errorf("segments hold %d events, the capture %d", checked, len(want))
			}
			if bad > 0 {
				t.Errorf("%d of %d events differ", bad, checked)
			}
		})
	}
}

// wholeReplay replays a capture from its start and returns the fields of each event by
// evt.num.
func wholeReplay(t *testing.T, path string) map[uint64]string {
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.ReturnUnknown(true)
	eng := state.New(state.Options{})
	x := newExtractor(t)
	out := map[uint64]string{}
	var sec *scap.Section
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if s := r.Section(); s != sec {
			sec = s
			eng.LoadSection(s)
		}
		out[ev.Num] = x.step(eng, &ev)
	}
}

// importCapture writes a capture into a store.
func importCapture(t testing.TB, path, root string, opts store.WriterOptions) {
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.ReturnUnknown(true)
	w, err := store.NewWriter(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	var sec *scap.Section
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if s := r.Section(); s != sec {
			sec = s
			if err := w.BeginSection(s); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Write(&ev); err != nil {
			t.Fatal(fmt.Errorf("event %d: %w", ev.Num, err))
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestStateOnlyTrackerSnapshots checks that a state-only tracker leaves the enriched
// columns null but gives later segments a tracked snapshot.
func TestStateOnlyTrackerSnapshots(t *testing.T) {
	files := corpusFiles(t)
	requireImages(t)
	var path string
	for _, f := range files {
		if filepath.Base(f) == "libs-e2e--curl_google.scap" {
			path = f
		}
	}
	if path == "" {
		t.Skip("libs-e2e--curl_google.scap is not in the corpus")
	}
	root := t.TempDir()
	importCapture(t, path, root, store.WriterOptions{MaxEvents: 500, Tracker: NewStateOnly()})
	s, err := store.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Segments()) != 4 {
		t.Fatalf("%d segments, want 4 (1536 events by 500)", len(s.Segments()))
	}
	for i, seg := range s.Segments() {
		want := store.SnapshotState
		if i == 0 {
			want = store.SnapshotCapture
		}
		r, err := store.OpenSegment(seg.Path)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := r.Snapshot()
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if snap.Kind != want || len(snap.State) == 0 {
			t.Errorf("segment %d: kind %q, %d image bytes; want %q with an image", i, snap.Kind, len(snap.State), want)
		}
	}
}
