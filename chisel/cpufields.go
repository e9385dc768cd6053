package chisel

import (
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// procinfoE is the type of the procinfo event (cpu_usr, cpu_sys in clock ticks).
const procinfoE = 234

// cpuPart selects which clock ticks a thread.cpu* field counts.
type cpuPart uint8

const (
	cpuTotal cpuPart = iota
	cpuUser
	cpuSystem
)

// cpuFieldParts maps the thread CPU fields to what they count.
var cpuFieldParts = map[string]cpuPart{
	"thread.cpu":        cpuTotal,
	"thread.cpu.user":   cpuUser,
	"thread.cpu.system": cpuSystem,
}

// cpuDelta extracts thread.cpu, thread.cpu.user and thread.cpu.system: on a procinfo
// event, the thread's CPU ticks since its previous procinfo event (0 for the first);
// no value on other events. It keeps the previous reading per thread.
type cpuDelta struct {
	part cpuPart
	last map[int64]uint64
}

// newCPUField returns name bound to a cpuDelta extractor, or nil if name is not a
// thread CPU field.
func newCPUField(name string) *fields.Field {
	part, ok := cpuFieldParts[name]
	if !ok {
		return nil
	}
	var info *schema.Field
	for i := range schema.Fields {
		if schema.Fields[i].Name == name {
			info = &schema.Fields[i]
			break
		}
	}
	if info == nil {
		return nil
	}
	return &fields.Field{
		Name:      name,
		Info:      info,
		Type:      info.Type,
		Format:    schema.FormatDec,
		Extractor: &cpuDelta{part: part, last: make(map[int64]uint64)},
	}
}

func (x *cpuDelta) Extract(ctx *state.EventContext, _ state.View, v *fields.Value) bool {
	ev := ctx.Ev
	if ev == nil || ev.Type() != procinfoE || ctx.Thread == nil {
		return false
	}
	usr, ok1 := ev.Uint64(0)
	sys, ok2 := ev.Uint64(1)
	if !ok1 || !ok2 {
		return false
	}
	var cur uint64
	switch x.part {
	case cpuUser:
		cur = usr
	case cpuSystem:
		cur = sys
	default:
		cur = usr + sys
	}
	tid := ctx.Thread.Tid
	prev := x.last[tid]
	x.last[tid] = cur
	v.Kind = fields.KindDouble
	if prev == 0 || cur < prev {
		v.Double = 0
	} else {
		v.Double = float64(cur - prev)
	}
	return true
}
