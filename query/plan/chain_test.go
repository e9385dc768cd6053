package plan

import (
	"fmt"
	"strings"
	"testing"
)

// TestChainedSegmentsAnswerLikeTheCapture checks that a filtered replay over a store of
// several segments gives the answer of the capture they were imported from. The engine
// does not parse further what a filter rejects, as sysdig does, so state at a segment's
// start depends on the filter: sysdig 0.29.3 on a live recording counted `proc.vmsize >
// 10000`, `evt.buflen > 0` and `evt.deltatime > 100000` as scry's capture replay does,
// and a store cut into 500-event segments, each replayed from its own snapshot, did not.
func TestChainedSegmentsAnswerLikeTheCapture(t *testing.T) {
	d := synth(t)
	for _, q := range []string{
		"SELECT evt.num, evt.deltatime WHERE evt.deltatime > 0",
		"SELECT count(*) WHERE evt.deltatime > 0",
		"SELECT evt.num, evt.buflen WHERE evt.buflen > 100 and proc.name != nginx",
	} {
		var want string
		for _, src := range []string{d.ScapPath, d.StoreDir} {
			text := strings.Replace(q, " WHERE ", fmt.Sprintf(" FROM '%s' WHERE ", src), 1)
			got := runQuery(t, text, Options{Path: PathReplay})
			if src == d.ScapPath {
				want = got
				if strings.Count(got, "\n") < 2 {
					t.Fatalf("%s: no rows; the test means nothing", text)
				}
				continue
			}
			if got != want {
				t.Errorf("%s: store and capture differ: %s", q, firstDiff(want, got))
			}
		}
	}
	// The store's segments continue each other: one chain replays them all.
	ex := explain(t, fmt.Sprintf("SELECT count(*) FROM '%s' WHERE evt.deltatime > 0", d.StoreDir), Options{Path: PathReplay})
	if len(ex.Sources) < 2 {
		t.Fatalf("the synthetic store has %d segments; the test needs several", len(ex.Sources))
	}
}

// TestFilteredReplayKeepsSegments checks that a filtered replay does not prune segments
// for their content (their events carry the state into the next segment), while the
// stored path still does, and that both answer like the capture.
func TestFilteredReplayKeepsSegments(t *testing.T) {
	d := synth(t)
	replayed := "SELECT evt.num, evt.deltatime FROM '%s' WHERE proc.name = nginx and evt.deltatime > 0"
	ex := explain(t, fmt.Sprintf(replayed, d.StoreDir), Options{})
	for _, s := range ex.Sources {
		if s.Pruned != "" {
			t.Errorf("replay with a filter: %s pruned (%s)", s.Path, s.Pruned)
		}
	}
	want := runQuery(t, fmt.Sprintf(replayed, d.ScapPath), Options{})
	if strings.Count(want, "\n") < 2 {
		t.Fatal("no nginx rows; the test means nothing")
	}
	if got := runQuery(t, fmt.Sprintf(replayed, d.StoreDir), Options{}); got != want {
		t.Errorf("store and capture differ: %s", firstDiff(want, got))
	}
	ex = explain(t, fmt.Sprintf("SELECT count(*) FROM '%s' WHERE fd.name = /nonexistent/file", d.StoreDir), Options{})
	pruned := 0
	for _, s := range ex.Sources {
		if s.Pruned != "" {
			pruned++
		}
	}
	if pruned == 0 {
		t.Error("the stored path pruned no segment for fd.name = /nonexistent/file")
	}
}

// TestUnfilteredDeltatimeAcrossSegments checks evt.deltatime without a filter over a store:
// sysdig 0.29.3 printed the first event of each 500-event segment of a live recording
// with its time since the event before it (10367 ns at event 501), which a replay from the
// segment's snapshot gave as 0.
func TestUnfilteredDeltatimeAcrossSegments(t *testing.T) {
	d := synth(t)
	q := "SELECT evt.num, evt.deltatime FROM '%s'"
	want := runQuery(t, fmt.Sprintf(q, d.ScapPath), Options{})
	if got := runQuery(t, fmt.Sprintf(q, d.StoreDir), Options{}); got != want {
		t.Errorf("store and capture differ: %s", firstDiff(want, got))
	}
	if zeros := strings.Count(want, ",0\n"); zeros > 1 {
		t.Errorf("the capture has %d events with evt.deltatime 0; the test needs distinct times", zeros)
	}
}

// TestGlobOfStoreChains checks that a store's segments named by a glob (Parquet files,
// not catalog entries) chain like the store directory does.
func TestGlobOfStoreChains(t *testing.T) {
	d := synth(t)
	q := "SELECT evt.num, evt.deltatime FROM '%s' WHERE proc.name != init"
	want := runQuery(t, fmt.Sprintf(q, d.ScapPath), Options{})
	glob := d.StoreDir + "/**/*.parquet"
	if got := runQuery(t, fmt.Sprintf(q, glob), Options{}); got != want {
		t.Errorf("glob of the store and capture differ: %s", firstDiff(want, got))
	}
	if h := hostPartition("/s/host=web-1/date=2026-01-02/hour=03/1-2.parquet"); h != "web-1" {
		t.Errorf("hostPartition: %q, want web-1", h)
	}
}
