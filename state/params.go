package state

import "github.com/scrylabs/scry/formats/event"

// Parameter readers that tolerate absent parameters (zero values), for the parsers.

func pInt(ev *event.Event, i int) int64 {
	v, _ := ev.Int64(i)
	return v
}

func pUint(ev *event.Event, i int) uint64 {
	v, _ := ev.Uint64(i)
	return v
}

// pStr is parameter i up to its first NUL.
func pStr(ev *event.Event, i int) []byte { return ev.Str(i) }

// hasParam reports whether the event carries parameter i (within the table's count).
func hasParam(ev *event.Event, i int) bool { return i < ev.NumParams() }
