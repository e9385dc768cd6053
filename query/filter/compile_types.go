package filter

import (
	"fmt"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
)

// typeCheck answers an evt.type or evt.dir check from the event type id where the id
// decides the value.
func typeCheck(field string, m matcher, slow evaluator) compiled {
	var exact, dynamic TypeSet
	dynamic.Add(uint16(otherTypes))
	for id := 0; id < schema.NumEvents; id++ {
		var s string
		switch {
		case field == "evt.dir" && id&1 == 0:
			s = ">"
		case field == "evt.dir":
			s = "<"
		case schema.Events[id].PPME == "PPME_GENERIC_E" || schema.Events[id].PPME == "PPME_GENERIC_X":
			dynamic.Add(uint16(id)) // evt.type is the syscall's name
			continue
		default:
			s = schema.Events[id].Name
		}
		v := fields.Value{Kind: fields.KindString, Bytes: []byte(s)}
		if m.match(&v) {
			exact.Add(uint16(id))
		}
	}
	f := AllTypes()
	for _, id := range exact.IDs() {
		f.Remove(id)
	}
	te := &typeEval{exact: exact, dynamic: dynamic, slow: slow}
	if field == "evt.type" {
		// Generic events: the name of the syscall code, "syscall" (the table name) when
		// the code is missing, "<unknown syscall>" beyond the table.
		te.generic = true
		te.ncodes = len(schema.SyscallCodes)
		te.codes = make([]uint64, (te.ncodes+63)/64)
		for code := range schema.SyscallCodes {
			if m.match(&fields.Value{Kind: fields.KindString, Bytes: []byte(schema.SyscallCodes[code].Name)}) {
				te.codes[code/64] |= 1 << (code % 64)
			}
		}
		te.short = m.match(&fields.Value{Kind: fields.KindString, Bytes: []byte(schema.Events[0].Name)})
		te.unknown = m.match(&fields.Value{Kind: fields.KindString, Bytes: []byte("<unknown syscall>")})
	}
	x := compiled{ev: te, t: exact.Union(dynamic), f: f}
	if te.generic {
		for code := range te.ncodes {
			if te.codes[code/64]&(1<<(code%64)) != 0 {
				x.neverF.add(code)
			} else {
				x.neverT.add(code)
			}
		}
	}
	return x
}

// checkEventTypes rejects evt.type values that name no event (unless allowed).
func (c *compiler) checkEventTypes(n *Check, lhs operand, op string, vals []Value) error {
	if c.opts.AllowUnknownEventTypes || !lhs.plain || lhs.field.Info == nil || lhs.field.Info.Name != "evt.type" || lhs.field.Arg != "" {
		return nil
	}
	if op != "=" && op != "==" && op != "!=" && op != "in" && op != "intersects" {
		return nil
	}
	for i := range vals {
		if !knownEventType(vals[i].Text) {
			return errAt(n, vals[i].Pos, fmt.Errorf("unknown event type %q", vals[i].Text))
		}
	}
	return nil
}
