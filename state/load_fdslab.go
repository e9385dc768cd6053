package state

import "github.com/scrylabs/scry/formats/scap"

// reserve puts n zeroed entries of one fresh slab on the pool's free list, so that
// loading a section's fd lists allocates its entries at once. They are handed out in
// slab order.
func (p *fdPool) reserve(n int) {
	if n <= 0 {
		return
	}
	slab := make([]FD, n)
	p.spare = append(make([]*FD, 0, len(p.spare)+n), p.spare...)
	for i := n - 1; i >= 0; i-- {
		p.spare = append(p.spare, &slab[i])
	}
}

// reserveLow sizes an empty table's slice of low fds for the fd numbers of lists at
// once (as put would grow it, at least 16 entries), taking it from slab; a table that
// already has one, or lists without a low fd, are left alone.
func (t *FDTable) reserveLow(lists []*scap.FDList, slab *[]*FD) {
	if t.low != nil {
		return
	}
	top := int64(-1)
	for _, l := range lists {
		for i := range l.FDs {
			if fd := l.FDs[i].Fd; fd >= 0 && fd < denseFDs && fd > top {
				top = fd
			}
		}
	}
	if top < 0 {
		return
	}
	n := max(int(top)+1, 16)
	if len(*slab) < n {
		*slab = make([]*FD, max(n, 4096))
	}
	t.low = (*slab)[:n:n]
	*slab = (*slab)[n:]
}
