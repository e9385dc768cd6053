package fields

import (
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// binding is what Lookup parsed for a field's argument.
type binding struct {
	arg      string // argument text: "fd" for evt.arg.fd, "2" for proc.aname[2]
	index    int    // numeric argument
	hasIndex bool   // the argument was [N]
	param    string // evt.arg/evt.rawarg: the parameter name ("" with [N])
}

// ext is the one extractor type every field uses: fn does the work with the per-call
// context kept in the struct, so a call allocates nothing.
type ext struct {
	fn  func(e *ext, v *Value) bool
	b   binding
	ctx *state.EventContext
	ev  *event.Event
	vw  state.View
	t   *state.Thread
	tOK bool
	buf []byte
	mv  Value // the value multi-valued fields yield
	r   render.Renderer
	// per-field state across events (evt.deltatime, thread.exectime ...)
	prev    uint64
	seen    bool
	last    []byte
	perCPU  map[uint16]uint64
	cpuLast map[int64]uint64 // thread.cpu*: each thread's previous procinfo reading
}

// Extract implements Extractor.
func (e *ext) Extract(ctx *state.EventContext, view state.View, v *Value) bool {
	e.ctx, e.ev, e.vw, e.t, e.tOK = ctx, ctx.Ev, view, nil, false
	*v = Value{}
	return e.fn(e, v)
}

// thread is the event's thread as fields see it, nil if none.
func (e *ext) thread() *state.Thread {
	if !e.tOK {
		e.t, e.tOK = render.ThreadOf(e.ctx, e.vw), true
	}
	return e.t
}

// mainThread returns the main thread of t.
func (e *ext) mainThread(t *state.Thread) *state.Thread {
	if t == nil {
		return nil
	}
	if e.vw == nil {
		if t.Tid == t.Pid {
			return t
		}
		return nil
	}
	return e.vw.MainThreadOrPlaceholder(t)
}

func (e *ext) lookup(tid int64) *state.Thread {
	if e.vw == nil {
		return nil
	}
	return e.vw.Thread(tid)
}

func setInt(v *Value, x int64) bool   { v.Kind, v.Int = KindInt, x; return true }
func setUint(v *Value, x uint64) bool { v.Kind, v.Uint = KindUint, x; return true }
func setBool(v *Value, x bool) bool   { v.Kind, v.Bool = KindBool, x; return true }

// setBytes returns b as a string value; b must stay valid until the next call.
func setBytes(v *Value, b []byte) bool { v.Kind, v.Bytes = KindString, b; return true }

// setText copies s into the extractor's buffer and returns it as a string value.
func (e *ext) setText(v *Value, s string) bool {
	e.buf = append(e.buf[:0], s...)
	return setBytes(v, e.buf)
}

// setBuf returns the extractor's buffer, filled by the caller, as a string value.
func (e *ext) setBuf(v *Value, b []byte) bool {
	e.buf = b
	return setBytes(v, b)
}
