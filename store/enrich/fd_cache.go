package enrich

import (
	"unsafe"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// fdColumns are the enriched columns whose values, for an event with an fd entry, are a
// function of the entry alone (its type, name, protocol, role, addresses and ports; not
// of the event or its thread). fd_num is the thread's last fd, cheap to extract.
var fdColumns = map[int]bool{
	parquet.ColFdName: true, parquet.ColFdType: true, parquet.ColFdTypechar: true,
	parquet.ColFdDirectory: true, parquet.ColFdFilename: true, parquet.ColFdL4proto: true,
	parquet.ColFdSip: true, parquet.ColFdCip: true, parquet.ColFdSport: true,
	parquet.ColFdCport: true,
}

// fdKey is what the fd columns read of an entry.
type fdKey struct {
	fd           *state.FD
	typ          int8
	l4           uint8
	flags        uint32
	sport, dport uint16
	sip, dip     [16]byte
	name         string
}

// roleFlags are the flags the fd columns read (whether a socket has a client or server
// role); the others change from event to event.
const roleFlags = state.FDRoleClient | state.FDRoleServer

func (k *fdKey) read(fd *state.FD) {
	*k = fdKey{fd: fd, typ: fd.Type, l4: fd.L4Proto, flags: fd.Flags & roleFlags, sport: fd.SPort, dport: fd.DPort,
		sip: fd.SIP, dip: fd.DIP, name: fd.Name}
}

func (k *fdKey) matches(fd *state.FD) bool {
	return k.fd == fd && k.typ == fd.Type && k.l4 == fd.L4Proto && k.flags == fd.Flags&roleFlags &&
		k.sport == fd.SPort && k.dport == fd.DPort && k.sip == fd.SIP && k.dip == fd.DIP && k.name == fd.Name
}

// fdCacheSlots is the number of fd entries whose values are kept (by address).
const fdCacheSlots = 1024

// fdCache keeps the fd columns' values of recently seen fd entries.
type fdCache struct {
	values  valueSet
	entries []fdEntry
}

type fdEntry struct {
	key  fdKey
	used bool
	vals valueRow
}

func newFDCache(cols []column) *fdCache {
	c := &fdCache{values: valueSet{cols: cols}, entries: make([]fdEntry, fdCacheSlots)}
	for i := range c.entries {
		c.entries[i].vals = c.values.newRow()
	}
	return c
}

// fill sets the fd columns of en for the event of ctx: from the cache when the event's
// fd entry reads as before, else by extraction (then remembered).
func (c *fdCache) fill(ctx *state.EventContext, eng *state.Engine, v *fields.Value, en *parquet.Enriched) {
	_, fd, ok := fields.EventFD(ctx, eng)
	if !ok {
		return // every fd column is null (fields.EventFD)
	}
	if fd == nil || fields.FailedConnect(ctx.Ev) {
		extract(c.values.cols, ctx, eng, v, en)
		return
	}
	e := &c.entries[(uintptr(unsafe.Pointer(fd))>>4)%fdCacheSlots]
	if e.used && e.key.matches(fd) {
		c.values.set(&e.vals, en)
		return
	}
	extract(c.values.cols, ctx, eng, v, en)
	e.key.read(fd)
	e.used = true
	c.values.keep(&e.vals, en)
}
