package filter

import "github.com/scrylabs/scry/formats/schema"

// Bits of a codeSet beyond the syscall codes: a generic event without its code
// parameter, and one whose code is beyond the syscall table.
const (
	codeShort   = len(schema.SyscallCodes)
	codeUnknown = codeShort + 1
	codeWords   = (codeUnknown + 1 + 63) / 64
)

// codeSet is a set of the syscall codes a generic event (PPME_GENERIC_E/X, whose
// evt.type is the name of its code) can carry, plus the codeShort and codeUnknown
// bits. The zero value is empty.
type codeSet struct {
	w [codeWords]uint64
}

// allCodes is the set of every code, short and unknown included.
func allCodes() codeSet {
	var s codeSet
	for code := 0; code <= codeUnknown; code++ {
		s.add(code)
	}
	return s
}

func (s *codeSet) add(code int) { s.w[code/64] |= 1 << (code % 64) }

func (s *codeSet) has(code int) bool { return s.w[code/64]&(1<<(code%64)) != 0 }

func (s codeSet) union(o codeSet) codeSet {
	for i := range s.w {
		s.w[i] |= o.w[i]
	}
	return s
}

func (s codeSet) intersect(o codeSet) codeSet {
	for i := range s.w {
		s.w[i] &= o.w[i]
	}
	return s
}

// RejectsGeneric reports whether the filter is false for every generic event
// (PPME_GENERIC_E and _X, whatever else they hold) whose syscall code parameter is code,
// so that such events need not be evaluated. It never reports true wrongly; it may
// report false where the filter would reject the event all the same.
func (f *Filter) RejectsGeneric(code uint16) bool {
	return int(code) < codeShort && f.genericFalse.has(int(code))
}
