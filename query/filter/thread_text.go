package filter

import (
	"unsafe"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// threadText names a field whose value is a string of the event's thread, as
// render.ThreadOf finds it, taken as it is (no value without a thread). Checks on these
// fields read the string in place; the field's extractor would copy it into its buffer
// for every event. TestThreadTextMatchesTheExtractors keeps both the same.
type threadText uint8

const (
	textComm    threadText = iota + 1 // proc.name
	textExe                           // proc.exe
	textExePath                       // proc.exepath
)

var threadTexts = map[string]threadText{
	"proc.name":    textComm,
	"proc.exe":     textExe,
	"proc.exepath": textExePath,
}

// threadTextOf returns which thread string the operand reads, 0 when it is not a plain
// reference to one of threadTexts resolved by the field registry.
func (c *compiler) threadTextOf(lhs operand) threadText {
	if lhs.field == nil || !c.isRegistryField(lhs, lhs.field.Name) {
		return 0
	}
	return threadTexts[lhs.field.Name]
}

// isRegistryField reports whether the operand is a plain reference to the field named
// name, without argument, resolved by the field registry.
func (c *compiler) isRegistryField(lhs operand, name string) bool {
	_, ok := c.res.(registry)
	return ok && lhs.plain && lhs.multi == nil && lhs.field != nil && lhs.field.Arg == "" && lhs.field.Name == name
}

// text returns the thread string of t that which names.
func (which threadText) text(t *state.Thread) string {
	switch which {
	case textComm:
		return t.Comm
	case textExe:
		return t.Exe
	default:
		return t.ExePath
	}
}

// threadTextEval is checkEval for a threadText field.
type threadTextEval struct {
	which threadText
	m     matcher
	v     fields.Value
}

func (c *threadTextEval) eval(ctx *state.EventContext, view state.View) bool {
	t := render.ThreadOf(ctx, view)
	if t == nil {
		return false
	}
	s := c.which.text(t)
	// Matchers only read the value, so it may alias the string.
	c.v = fields.Value{Kind: fields.KindString, Bytes: unsafe.Slice(unsafe.StringData(s), len(s))}
	return c.m.match(&c.v)
}
