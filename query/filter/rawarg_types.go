package filter

import (
	"fmt"

	"github.com/scrylabs/scry/formats/schema"
)

// rawargUnparsable reports why a comparison of evt.rawarg.NAME cannot compile: sysdig
// cannot read a filter value as these parameter types and stops with "wrong parameter
// type N" (observed with sysdig 0.29.3 for sig 19, data 10, pid 15, fds 16, ID 18,
// euid 31, egid 32; in lists and exists are accepted).
func rawargUnparsable(lhs operand, op string) error {
	if lhs.field == nil || lhs.field.Info == nil || lhs.field.Info.Name != "evt.rawarg" {
		return nil
	}
	switch op {
	case "exists", "in", "intersects", "pmatch":
		return nil
	}
	switch lhs.typ {
	case schema.TypeBytebuf, schema.TypePid, schema.TypeFdlist, schema.TypeSyscallid,
		schema.TypeSigtype, schema.TypeUid, schema.TypeGid, schema.TypeSigset, schema.TypeDouble:
		return fmt.Errorf("field %s: wrong parameter type %d", lhs.field.Name, lhs.typ)
	}
	return nil
}
