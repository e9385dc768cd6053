package enrich

import (
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// typeColumns are the enriched columns whose values are a function of the event's type
// and, for evt_category, of the type of the fd entry the event context names (the
// category of I/O events). Generic events (types 0 and 1) are kept by their syscall
// code (their first parameter), which names them and gives their category; generic
// events without a known code and types no table knows are extracted every time.
var typeColumns = map[int]bool{parquet.ColEvtType: true, parquet.ColEvtCategory: true}

// typeWays is the number of fd types kept per event type (most event types meet one or
// two: files and sockets).
const typeWays = 4

// typeEntry holds the values of typeColumns for one event type and one fd type.
type typeEntry struct {
	used   bool
	fdType int16 // the context fd's type, -1 without one
	vals   valueRow
}

// typeCache keeps the values of typeColumns by event type.
type typeCache struct {
	values  valueSet
	entries [][typeWays]typeEntry // by event type, then generic events by syscall code
	next    []uint8               // by entry: the way replaced on the next miss
}

// numGenericSlots is the number of entries of generic events: enter and exit of every
// syscall code.
var numGenericSlots = 2 * len(schema.SyscallCodes)

func newTypeCache(cols []column) *typeCache {
	n := schema.NumEvents + numGenericSlots
	c := &typeCache{values: valueSet{cols: cols}, entries: make([][typeWays]typeEntry, n), next: make([]uint8, n)}
	for i := range c.entries {
		for w := range c.entries[i] {
			c.entries[i][w].vals = c.values.newRow()
		}
	}
	return c
}

// fill sets typeColumns of en for the event of ctx.
func (c *typeCache) fill(ctx *state.EventContext, eng *state.Engine, v *fields.Value, en *parquet.Enriched) {
	slot := c.slot(ctx)
	if slot < 0 {
		extract(c.values.cols, ctx, eng, v, en)
		return
	}
	fdType := int16(-1)
	if ctx.FD != nil {
		fdType = int16(ctx.FD.Type)
	}
	ways := &c.entries[slot]
	for w := range ways {
		if e := &ways[w]; e.used && e.fdType == fdType {
			c.values.set(&e.vals, en)
			return
		}
	}
	extract(c.values.cols, ctx, eng, v, en)
	e := &ways[c.next[slot]]
	c.next[slot] = (c.next[slot] + 1) % typeWays
	e.used, e.fdType = true, fdType
	c.values.keep(&e.vals, en)
}

// slot is the entry of the event's type, -1 for events extracted every time.
func (c *typeCache) slot(ctx *state.EventContext) int {
	typ := int(ctx.Ev.Type())
	if typ > 1 {
		if typ >= schema.NumEvents || schema.Info(uint16(typ)) == nil {
			return -1
		}
		return typ
	}
	p := ctx.Ev.Param(0)
	if len(p) < 2 {
		return -1
	}
	code := int(p[0]) | int(p[1])<<8
	if code >= len(schema.SyscallCodes) {
		return -1
	}
	return schema.NumEvents + 2*code + typ
}
