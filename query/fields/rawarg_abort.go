package fields

import (
	"fmt"

	"github.com/scrylabs/scry/formats/schema"
)

// RawargAbort returns the error sysdig stops with when an output format shows a value
// of evt.rawarg.NAME whose parameter type its value printer does not handle (observed
// with sysdig 0.29.3: -p '%evt.rawarg.fd' ends with "wrong event type 14" and status 1
// at the first event that has an fd parameter; the lines before it are printed). The
// JSON printer (-j) refuses ERRNO as well, and nil is returned for every other field.
func RawargAbort(f *Field, json bool) error {
	if f == nil || f.Info == nil || f.Info.Name != "evt.rawarg" {
		return nil
	}
	switch f.Type {
	case schema.TypeSocktuple, schema.TypeFd, schema.TypeSigtype, schema.TypeDyn, schema.TypeSyscallid,
		schema.TypeFlags8, schema.TypeFlags16, schema.TypeFlags32, schema.TypeUid, schema.TypeGid:
	case schema.TypeErrno:
		if !json {
			return nil
		}
	default:
		return nil
	}
	return fmt.Errorf("wrong event type %d", f.Type)
}
