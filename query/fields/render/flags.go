package render

import "github.com/scrylabs/scry/formats/schema"

// AppendFlagNames appends the symbolic names of v in table t joined by "|", the way
// sysdig resolves flag and enum parameters: the table is walked in order; a non-zero entry
// is taken when all its bits are still set in what remains of v (whose bits it then
// clears); the walk ends at the first entry equal to the original v, which is taken too
// (so a zero entry is taken only when v is zero). Nothing is appended when no entry
// matches.
func AppendFlagNames(dst []byte, t *schema.FlagTable, v uint32) []byte {
	if t == nil {
		return dst
	}
	start := len(dst)
	rem := v
	for i := range t.Flags {
		f := &t.Flags[i]
		if f.Value == v {
			if len(dst) > start {
				dst = append(dst, '|')
			}
			return append(dst, f.Name...)
		}
		if f.Value != 0 && rem&f.Value == f.Value && rem != 0 {
			if len(dst) > start {
				dst = append(dst, '|')
			}
			dst = append(dst, f.Name...)
			rem &^= f.Value
		}
	}
	return dst
}
