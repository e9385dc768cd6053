package fields

import (
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/state"
)

// Kind says which member of a Value holds the value.
type Kind uint8

// Value kinds. KindNone means the field has no value (sysdig's <NA>).
const (
	KindNone   Kind = iota
	KindInt         // Int
	KindUint        // Uint
	KindBool        // Bool
	KindDouble      // Double
	KindString      // Bytes, text
	KindBytes       // Bytes, binary buffer
	KindIP          // Bytes, 4 or 16 bytes, network order
)

// Value is one extracted value. Bytes may alias the event or a buffer of the extractor:
// it is valid until the extractor runs again.
type Value struct {
	Kind   Kind
	Int    int64
	Uint   uint64
	Bool   bool
	Double float64
	Bytes  []byte
}

// Extractor extracts one field, with its argument bound, from an event in its state
// context. It returns false when the field has no value for the event. An extractor may
// keep scratch buffers: it is not safe for concurrent use; compile one per goroutine.
type Extractor interface {
	Extract(ctx *state.EventContext, view state.View, v *Value) bool
}

// Field is a field reference resolved against the field table, e.g. proc.aname[2].
type Field struct {
	Name   string        // as written, e.g. "proc.aname[2]" or "evt.arg.fd"
	Info   *schema.Field // the field's table entry
	Arg    string        // argument, "" if none
	Type   schema.ParamType
	Format schema.PrintFormat
	Extractor

	json Extractor // the field's JSON form when it differs from its text form
}

// ExtractJSON extracts the value sysdig's JSON output shows for the field: the same as
// Extract except for the time fields, which JSON shows as integer nanoseconds.
func (f *Field) ExtractJSON(ctx *state.EventContext, view state.View, v *Value) bool {
	if f.json != nil {
		return f.json.Extract(ctx, view, v)
	}
	return f.Extract(ctx, view, v)
}

// Printable reports whether the field may appear in output formats (filter-only fields
// may not
// (sysdig lets evt.around through, always without a value).
func (f *Field) Printable() bool {
	return f.Info.Flags&schema.FieldFilterOnly == 0 || f.Info.Name == "evt.around"
}
