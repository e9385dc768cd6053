package render

import "github.com/scrylabs/scry/state"

// afUnix is the unix family of PT_SOCKTUPLE parameters (PPM_AF_UNIX).
const afUnix = 1

// minUnixTuple is the size of a unix socktuple that holds both socket pointers.
const minUnixTuple = 17

// AppendSocktuple appends the text of a PT_SOCKTUPLE parameter the way
// state.AppendSocktuple writes it, except that event arguments show a unix tuple too short
// to hold both socket pointers as "NULL".
func AppendSocktuple(dst, p []byte) []byte {
	if len(p) > 0 && p[0] == afUnix && len(p) < minUnixTuple {
		return append(dst, "NULL"...)
	}
	return state.AppendSocktuple(dst, p)
}
