package enrich

import (
	"encoding/binary"
	"hash/maphash"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// The evt.args text of an event (like its result) is a function of its type and parameter bytes, except
// where a parameter is resolved through the state: an fd (its entry's type, protocol,
// role and name), a pid (the thread's comm). argsCache keeps the texts of recently seen
// parameter bytes with those entries, and renders again only when the bytes are new or
// an entry reads otherwise. Events whose text depends on more of the state (relative
// paths, which read the cwd or a dirfd; user and group ids; fd lists) or on the
// renderer's history (paths long enough to be cut) are always rendered.

// argsCacheSlots is the number of parameter byte strings whose texts are kept.
const argsCacheSlots = 1 << 13

// argsKeyMax is the longest key (type, count and parameters) kept; longer events are
// rendered every time.
const argsKeyMax = 256

// argsKeyStart is where an event's key starts: its type, parameter count, parameter
// lengths and parameters (the header's timestamp, tid and length are not read).
const argsKeyStart = 20

// pathCutMin is the shortest path the renderer may cut (its text buffer holds at least
// 1024 bytes, a path shows at most the buffer's size less one).
const pathCutMin = 1023

// argsDep is one parameter resolved through the state, and what it read.
type argsDep struct {
	fd     bool // an fd (else a pid)
	v      int64
	fdp    *state.FD
	thread *state.Thread
	typ    int8
	l4     uint8
	flags  uint32
	name   string // the fd's name or the thread's comm
}

func (d *argsDep) read(t *state.Thread, eng *state.Engine) {
	if d.fd {
		fd := render.LookupFD(eng, t, d.v)
		d.fdp = fd
		if fd != nil {
			d.typ, d.l4, d.flags, d.name = fd.Type, fd.L4Proto, fd.Flags&roleFlags, fd.Name
		}
		return
	}
	th := eng.Thread(d.v)
	d.thread = th
	if th != nil {
		d.name = th.Comm
	}
}

func (d *argsDep) matches(t *state.Thread, eng *state.Engine) bool {
	if d.fd {
		fd := render.LookupFD(eng, t, d.v)
		if fd != d.fdp {
			return false
		}
		return fd == nil || (fd.Type == d.typ && fd.L4Proto == d.l4 && fd.Flags&roleFlags == d.flags && fd.Name == d.name)
	}
	th := eng.Thread(d.v)
	return th == d.thread && (th == nil || th.Comm == d.name)
}

type argsEntry struct {
	used bool
	key  []byte
	deps []argsDep
	vals valueRow
}

// argsColumns are the columns argsCache keeps: evt_args, and evt_rawres and evt_failed,
// which are functions of the event's type and parameters alone.
var argsColumns = map[int]bool{parquet.ColEvtArgs: true, parquet.ColEvtRawres: true, parquet.ColEvtFailed: true}

// argsCache keeps the evt.args texts (and results) of recently seen events.
type argsCache struct {
	values  valueSet
	seed    maphash.Seed
	entries []argsEntry
	deps    []argsDep // scratch: the dependencies of the current event
}

func newArgsCache(cols []column) *argsCache {
	c := &argsCache{values: valueSet{cols: cols}, seed: maphash.MakeSeed(), entries: make([]argsEntry, argsCacheSlots)}
	for i := range c.entries {
		c.entries[i].vals = c.values.newRow()
	}
	return c
}

// fill sets evt_args of en for the event of ctx.
func (c *argsCache) fill(ctx *state.EventContext, eng *state.Engine, v *fields.Value, en *parquet.Enriched) {
	ev := ctx.Ev
	if len(ev.Raw) < event.HeaderLen || len(ev.Raw)-argsKeyStart > argsKeyMax {
		c.extract(ctx, eng, v, en)
		return
	}
	deps, ok := argsDeps(ev, c.deps[:0])
	c.deps = deps
	if !ok {
		c.extract(ctx, eng, v, en)
		return
	}
	key := ev.Raw[argsKeyStart:]
	e := &c.entries[maphash.Bytes(c.seed, key)%argsCacheSlots]
	t := render.ThreadOf(ctx, eng)
	if e.used && string(e.key) == string(key) && len(e.deps) == len(deps) && depsMatch(e.deps, t, eng) {
		c.values.set(&e.vals, en)
		return
	}
	c.extract(ctx, eng, v, en)
	e.used = true
	e.key = append(e.key[:0], key...)
	e.deps = append(e.deps[:0], deps...)
	for i := range e.deps {
		e.deps[i].read(t, eng)
	}
	c.values.keep(&e.vals, en)
}

func (c *argsCache) extract(ctx *state.EventContext, eng *state.Engine, v *fields.Value, en *parquet.Enriched) {
	extract(c.values.cols, ctx, eng, v, en)
}

func depsMatch(deps []argsDep, t *state.Thread, eng *state.Engine) bool {
	for i := range deps {
		if !deps[i].matches(t, eng) {
			return false
		}
	}
	return true
}

// argsDeps appends to deps the parameters of ev that evt.args resolves through the
// state (their values; the entries are read by the caller). ok is false when the text
// depends on more than those parameters and the bytes.
func argsDeps(ev *event.Event, deps []argsDep) ([]argsDep, bool) {
	typ := ev.Type()
	if int(typ) >= len(argsParamsByType) {
		return deps, true // no parameters shown (unknown event type)
	}
	params := argsParamsByType[typ]
	if len(params) == 0 {
		return deps, true
	}
	info := ev.Info()
	n := ev.NumParams()
	if n > len(info.Params) {
		return deps, false
	}
	for _, i := range params {
		if i >= n {
			break
		}
		pi := &info.Params[i]
		p := ev.Param(i)
		typ := pi.Type
		if typ == schema.TypeDyn {
			if pi.Dyn == nil || len(p) == 0 || int(p[0]) >= len(pi.Dyn.Entries) {
				continue // shown as invalid, whatever the state
			}
			typ, p = pi.Dyn.Entries[p[0]].Type, p[1:]
		}
		switch typ {
		case schema.TypeFd, schema.TypeFd32:
			if v, ok := signedParam(p); ok && v >= 0 {
				deps = append(deps, argsDep{fd: true, v: v})
			}
		case schema.TypePid, schema.TypePid32:
			if v, ok := signedParam(p); ok {
				deps = append(deps, argsDep{v: v})
			}
		case schema.TypeFspath, schema.TypeFsrelpath:
			// Relative paths are resolved against the cwd or a dirfd; long ones may be cut
			// depending on what the renderer has seen.
			if len(p) >= pathCutMin || (len(p) > 0 && p[0] != '/' && !(len(p) >= 4 && string(p[:4]) == "<NA>")) {
				return deps, false
			}
		case schema.TypeUid, schema.TypeGid, schema.TypeFdlist:
			return deps, false
		}
	}
	return deps, true
}

// argsParamsByType lists, by event type, the parameters whose text may depend on more
// than their bytes (dynamic ones included, whatever they select); generic events (types
// 0 and 1) show no parameters.
var argsParamsByType = func() [][]int {
	byType := make([][]int, schema.NumEvents)
	for typ := 2; typ < schema.NumEvents; typ++ {
		info := schema.Info(uint16(typ))
		if info == nil {
			continue
		}
		for i, p := range info.Params {
			if p.Type == schema.TypeDyn || stateParamTypes[p.Type] {
				byType[typ] = append(byType[typ], i)
			}
		}
	}
	return byType
}()

// stateParamTypes are the parameter types whose text is resolved through the state.
var stateParamTypes = map[schema.ParamType]bool{
	schema.TypeFd: true, schema.TypeFd32: true, schema.TypePid: true, schema.TypePid32: true,
	schema.TypeFspath: true, schema.TypeFsrelpath: true, schema.TypeUid: true, schema.TypeGid: true,
	schema.TypeFdlist: true,
}

// signedParam reads an integer parameter of 1, 2, 4 or 8 bytes as a signed value.
func signedParam(p []byte) (int64, bool) {
	switch len(p) {
	case 8:
		return int64(binary.LittleEndian.Uint64(p)), true
	case 4:
		return int64(int32(binary.LittleEndian.Uint32(p))), true
	case 2:
		return int64(int16(binary.LittleEndian.Uint16(p))), true
	case 1:
		return int64(int8(p[0])), true
	}
	return 0, false
}
