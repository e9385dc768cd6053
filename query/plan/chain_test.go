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
