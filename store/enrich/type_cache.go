package enrich

import (
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// typeColumns are the enriched columns whose values are a function of the event's type
// and, for evt_category, of the type of the fd entry the event context names (the
// category of I/O events). Generic events (types 0 and 1), whose type is their syscall
// parameter's, and types no table knows are extracted every time.
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
	entries [][typeWays]typeEntry // by event type
	next    []uint8               // by event type: the way replaced on the next miss
}

func newTypeCache(cols []column) *typeCache {
	c := &typeCache{values: valueSet{cols: cols}, entries: make([][typeWays]typeEntry, schema.NumEvents),
		next: make([]uint8, schema.NumEvents)}
	for i := range c.entries {
		for w := range c.entries[i] {
			c.entries[i][w].vals = c.values.newRow()
		}
	}
	return c
}

// fill sets typeColumns of en for the event of ctx.
func (c *typeCache) fill(ctx *state.EventContext, eng *state.Engine, v *fields.Value, en *parquet.Enriched) {
	typ := int(ctx.Ev.Type())
	if typ <= 1 || typ >= len(c.entries) || schema.Info(uint16(typ)) == nil {
		extract(c.values.cols, ctx, eng, v, en)
		return
	}
	fdType := int16(-1)
	if ctx.FD != nil {
		fdType = int16(ctx.FD.Type)
	}
	ways := &c.entries[typ]
	for w := range ways {
		if e := &ways[w]; e.used && e.fdType == fdType {
			c.values.set(&e.vals, en)
			return
		}
	}
	extract(c.values.cols, ctx, eng, v, en)
	e := &ways[c.next[typ]]
	c.next[typ] = (c.next[typ] + 1) % typeWays
	e.used, e.fdType = true, fdType
	c.values.keep(&e.vals, en)
}
