package chisel

import (
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// Source delivers the events a chisel run sees, in order, each after the state engine
// has processed it.
type Source interface {
	// Next returns the next event's context, valid until the following call; io.EOF
	// after the last event.
	Next() (*state.EventContext, error)
	// View is the state the contexts refer to.
	View() state.View
	// Threads calls f for every entry of the thread table, in the order of the
	// reference's table (see ThreadOrder), until f returns false.
	Threads(f func(t *state.Thread) bool)
	// FDs calls f for every entry of t's fd table, in the reference's order, until f
	// returns false.
	FDs(t *state.Thread, f func(fd int64, e *state.FD) bool)
	// Containers calls f for every container, in the order of the reference's table,
	// until f returns false.
	Containers(f func(c *state.Container) bool)
	// Machine describes the machine the events come from, nil if unknown.
	Machine() *Machine
	// Live reports whether the events come from a live capture.
	Live() bool
}

// Machine is what sysdig.get_machine_info returns.
type Machine struct {
	NumCPUs     uint32
	MemoryBytes uint64
	MaxPID      uint64
	Hostname    string
}

// Matcher is a compiled filter.
type Matcher interface {
	Match(ctx *state.EventContext, view state.View) bool
}

// Formatter renders an event by an output format (chisel.set_event_formatter). It
// returns false, with dst unchanged, when the event is not to be printed (a field
// without value in a format without a leading '*').
type Formatter interface {
	AppendText(dst []byte, ctx *state.EventContext, view state.View) ([]byte, bool)
}

// jsonFormatter is a Formatter that also renders an event as one JSON object (sysdig
// -j).
type jsonFormatter interface {
	AppendJSON(dst []byte, ctx *state.EventContext, view state.View) ([]byte, bool)
}

// Toolkit compiles what chisels name: fields, filters and output formats. Each function
// returns independent objects (extractors keep scratch state).
type Toolkit struct {
	// Field resolves a whole field reference, e.g. "proc.aname[2]".
	Field func(name string) (*fields.Field, error)
	// Text appends the text sysdig renders for a field value (used for values that are
	// neither numbers nor strings in Lua, such as addresses).
	Text func(dst []byte, f *fields.Field, v *fields.Value) []byte
	// Filter compiles a filter expression.
	Filter func(expr string) (Matcher, error)
	// Format compiles a -p style output format.
	Format func(format string) (Formatter, error)
	// SetBuffer sets how a field renders byte buffers, by sysdig's output format names
	// ("normal", "ascii", "hex", "hexascii", "base64", "json"); false for unknown
	// names. Nil leaves fields as Field made them.
	SetBuffer func(f *fields.Field, format string) bool
}
