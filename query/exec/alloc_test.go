package exec

import "testing"

// TestAggregationAllocatesNothingPerRow checks the per-row work of a grouped query (key
// lookup, aggregate updates) once its groups exist: no allocation.
func TestAggregationAllocatesNothingPerRow(t *testing.T) {
	aggs := []aggSpec{{kind: aggCountStar}, {kind: aggSum}, {kind: aggMin}, {kind: aggMax}, {kind: aggAvg}, {kind: aggCount}}
	g := newGroupTable(aggs)
	names := []Value{Str("bash"), Str("nginx"), Str("sshd"), Int(42), Null()}
	args := []Value{{}, Int(10), Int(3), Int(7), Float(1.5), Str("x")}
	var cache byteKeyCache
	keys := make([]Value, 1)
	for _, n := range names {
		keys[0] = n
		g.add(g.group(keys), args, 1, 1)
	}
	allocs := testing.AllocsPerRun(100, func() {
		cache.reset()
		for i := range 1000 {
			keys[0] = names[i%len(names)]
			g.add(cache.group(g, keys), args, int64(i), 1)
		}
	})
	if allocs != 0 {
		t.Errorf("aggregating 1000 rows into existing groups allocates %v times", allocs)
	}
	// AllocsPerRun runs the function once more than asked, to warm up.
	if got := g.states[0][0].result(aggCountStar); got.Int != 1+101*200 {
		t.Errorf("count(*) of bash = %d, want %d", got.Int, 1+101*200)
	}
}
