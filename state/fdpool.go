package state

// maxSpareFDs bounds the entries an fdPool keeps for reuse.
const maxSpareFDs = 4096

// fdPool recycles the fd entries that closes erase, so that the open/close churn of a
// capture allocates nothing in the steady state. An entry is reused only after its fd
// was erased, which happens at the start of an event, when no context points to it any
// more.
type fdPool struct {
	spare []*FD
}

// get returns a zeroed entry.
func (p *fdPool) get() *FD {
	if n := len(p.spare); n > 0 {
		f := p.spare[n-1]
		p.spare = p.spare[:n-1]
		return f
	}
	return new(FD)
}

// put takes back an entry no table holds any more.
func (p *fdPool) put(f *FD) {
	if len(p.spare) >= maxSpareFDs {
		return
	}
	*f = FD{}
	p.spare = append(p.spare, f)
}
