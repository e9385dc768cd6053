package plan

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
)

// TestCatalogPrunesSegments checks that a store's catalog summaries skip the segments that
// cannot hold a filter's value without opening them, and that the answer is the one the
// capture gives. Thread ids of processes forked during the workload appear in some
// segments only.
func TestCatalogPrunesSegments(t *testing.T) {
	d := synth(t)
	all := explain(t, fmt.Sprintf("SELECT count(*) FROM '%s'", d.StoreDir), Options{}).Sources
	if len(all) < 3 {
		t.Fatalf("store has %d segments, want several", len(all))
	}
	// Which segments each thread appears in, from the stored rows.
	seen := map[string]map[string]bool{}
	for _, s := range all {
		out := runQuery(t, fmt.Sprintf("SELECT thread.tid, count(*) FROM '%s' GROUP BY 1", s.Path), Options{})
		for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			tid := strings.SplitN(line, ",", 2)[0]
			if seen[tid] == nil {
				seen[tid] = map[string]bool{}
			}
			seen[tid][s.Path] = true
		}
	}
	checked := 0
	for tid, segs := range seen {
		if len(segs) == len(all) || tid == "" {
			continue
		}
		checked++
		q := "SELECT count(*) FROM '%s' WHERE thread.tid = " + tid
		ex := explain(t, fmt.Sprintf(q, d.StoreDir), Options{})
		for _, s := range ex.Sources {
			if strings.HasPrefix(s.Pruned, "catalog") == segs[s.Path] {
				t.Errorf("thread %s: segment %s (holds it: %v) pruned %q", tid, s.Path, segs[s.Path], s.Pruned)
			}
		}
		if got, want := runQuery(t, fmt.Sprintf(q, d.StoreDir), Options{}), runQuery(t, fmt.Sprintf(q, d.ScapPath), Options{}); got != want {
			t.Errorf("thread %s: the store counts %q, the capture %q", tid, got, want)
		}
	}
	if checked == 0 {
		t.Fatal("every thread is in every segment: nothing for the catalog to prune")
	}
	// A value in no segment prunes them all; a value in every one prunes none.
	ex := explain(t, fmt.Sprintf("SELECT count(*) FROM '%s' WHERE proc.name in (nonesuch, nothere)", d.StoreDir), Options{})
	for _, s := range ex.Sources {
		if s.Pruned != "catalog dictionary" {
			t.Errorf("proc.name in (nonesuch, nothere): %s pruned %q, want by the catalog's values", s.Path, s.Pruned)
		}
	}
	ex = explain(t, fmt.Sprintf("SELECT count(*) FROM '%s' WHERE proc.name exists or thread.tid = 424242", d.StoreDir), Options{})
	for _, s := range ex.Sources {
		if s.Pruned != "" {
			t.Errorf("a condition every segment may match pruned %s: %q", s.Path, s.Pruned)
		}
	}
}

// TestCatalogKeepsSegmentsWithoutState: a store written without state tracking has null
// state columns and its segments are replayed, so the catalog's summaries of those
// columns must not rule any segment out.
func TestCatalogKeepsSegmentsWithoutState(t *testing.T) {
	d := synth(t)
	root := filepath.Join(t.TempDir(), "store")
	r, err := scap.Open(d.ScapPath)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w, err := store.NewWriter(root, store.WriterOptions{MaxEvents: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.BeginSection(r.Section()); err != nil {
		t.Fatal(err)
	}
	var ev event.Event
	for {
		if err := r.Next(&ev); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	q := "SELECT count(*) FROM '%s' WHERE proc.name = bash"
	ex := explain(t, fmt.Sprintf(q, root), Options{})
	if len(ex.Sources) < 2 {
		t.Fatalf("%d segments, want several", len(ex.Sources))
	}
	for _, s := range ex.Sources {
		if s.Pruned != "" {
			t.Errorf("segment without state %s pruned: %q", s.Path, s.Pruned)
		}
	}
	// Segments without state replay from the capture's start state (an approximation):
	// what matters here is that the catalog leaves the answer to the replay.
	got, want := runQuery(t, fmt.Sprintf(q, root), Options{}), runQuery(t, fmt.Sprintf(q, root), Options{Path: PathReplay})
	if got != want || want == "count(*)\n0\n" {
		t.Errorf("the store without state counts %q, its replay %q", got, want)
	}
}
