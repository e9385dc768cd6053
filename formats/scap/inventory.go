package scap

// BlockRun counts blocks of one type, for a capture's block inventory. Metadata blocks
// form runs of consecutive types; the event blocks of a section are tallied per type, in
// order of first appearance, so the inventory stays small however events interleave.
type BlockRun struct {
	Type  uint32
	Count int
}

// count adds a block to the inventory.
func (r *Reader) count(t uint32, isEvent bool) {
	n := len(r.runs)
	if n > 0 && r.runs[n-1].Type == t {
		r.runs[n-1].Count++
		return
	}
	if isEvent {
		if r.eventRuns < 0 {
			r.eventRuns = n
		}
		for i := r.eventRuns; i < n; i++ {
			if r.runs[i].Type == t {
				r.runs[i].Count++
				return
			}
		}
	}
	r.runs = append(r.runs, BlockRun{Type: t, Count: 1})
}
