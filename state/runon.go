package state

import (
	"bytes"

	"github.com/scrylabs/scry/formats/event"
)

// argsRunOn returns the args parameter (i) of a clone or execve exit as sysdig splits
// it: into C strings, so that a last string without its NUL runs on into the bytes of
// the parameters after it, up to the next NUL (observed with sysdig 0.29.3 on args cut
// at 4096 bytes without a NUL: the last argument ended in two bytes of the tid
// parameter). Where no NUL follows within the event the string ends with the event.
// Parameters that end with a NUL, the usual case, are returned as they are.
func argsRunOn(ev *event.Event, i int) []byte {
	p := ev.Param(i)
	if len(p) == 0 || p[len(p)-1] == 0 {
		return p
	}
	info := ev.Info()
	if info == nil {
		return p
	}
	lenSize := 2
	if info.LargePayload() {
		lenSize = 4
	}
	end := event.HeaderLen + lenSize*int(ev.NParams())
	for j := 0; j <= i; j++ {
		end += len(ev.Param(j))
	}
	if end > len(ev.Raw) {
		return p
	}
	rest := ev.Raw[end:]
	if k := bytes.IndexByte(rest, 0); k >= 0 {
		rest = rest[:k]
	}
	return append(append(make([]byte, 0, len(p)+len(rest)), p...), rest...)
}
