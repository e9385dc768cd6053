package fields

import (
	"github.com/scrylabs/scry/state"
)

// nameRawFields is fd.nameraw: the path an open-family event gave for the fd, as given,
// with repeated slashes collapsed. An fd entry keeps the path its open gave ("" for
// fds not opened by path); without an entry (a failed open) the openat family's path
// parameter counts, as given, and the other exits give what fd.name shows for them;
// enter events have no value, as in newer libs.
func nameRawFields() map[string]impl {
	return map[string]impl{
		"fd.nameraw": {fn: func(e *ext, v *Value) bool {
			t, fd, ok := e.fdOf()
			if !ok {
				return false
			}
			if fd = e.nameEntry(fd); fd != nil {
				return e.setBuf(v, appendSingleSlashes(e.buf[:0], fd.NameRaw))
			}
			raw, ok := e.appendRawName(e.last[:0], t)
			e.last = raw
			return ok && e.setBuf(v, appendSingleSlashes(e.buf[:0], string(raw)))
		}},
	}
}

// appendRawName appends the name an exit without an fd entry gives: the path parameter
// of the openat family as written, what fd.name shows for the other exits.
func (e *ext) appendRawName(d []byte, t *state.Thread) ([]byte, bool) {
	if e.ev.IsEnter() {
		return d, false
	}
	switch e.ev.Type() {
	case openatX:
		if en := e.ctx.Enter; en != nil && en.NumParams() > 1 {
			return append(d, cstring(en.Param(1))...), true
		}
		return d, false
	case openat2X, openat2NewX:
		return append(d, cstring(e.ev.Param(2))...), true
	}
	return e.appendFDName(d, t, nil)
}

// appendSingleSlashes appends s with every run of slashes reduced to one.
func appendSingleSlashes(d []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' && i > 0 && s[i-1] == '/' {
			continue
		}
		d = append(d, s[i])
	}
	return d
}
