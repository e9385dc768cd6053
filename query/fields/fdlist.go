package fields

import (
	"strconv"

	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// fdlistParam returns the PT_FDLIST parameter of poll and ppoll events.
func (e *ext) fdlistParam() []byte {
	switch e.ev.Type() {
	case pollE, ppollE:
		return e.ev.Param(0)
	case pollX, ppollX:
		return e.ev.Param(1)
	}
	return nil
}

// eachFD calls fn with every fd number of the event's fd list and its entry (nil when the
// thread's table lacks it); it reports whether the event has a list.
func (e *ext) eachFD(fn func(n int64, fd *state.FD)) bool {
	p := e.fdlistParam()
	if len(p) < 2 {
		return false
	}
	cnt := int(le16(p))
	p = p[2:]
	t := e.thread()
	for j := 0; j < cnt && len(p) >= 10; j++ {
		n := int64(le64(p))
		p = p[10:]
		fn(n, render.LookupFD(e.vw, t, n))
	}
	return true
}

func fdlistFields() map[string]impl {
	list := func(item func(d []byte, n int64, fd *state.FD) ([]byte, bool)) impl {
		return impl{fn: func(e *ext, v *Value) bool {
			d := e.buf[:0]
			if !e.eachFD(func(n int64, fd *state.FD) {
				var ok bool
				if d, ok = item(d, n, fd); ok {
					d = append(d, ',')
				}
			}) {
				return false
			}
			if len(d) > 0 {
				d = d[:len(d)-1]
			}
			return len(d) > 0 && e.setBuf(v, d)
		}}
	}
	return map[string]impl{
		"fdlist.nums": list(func(d []byte, n int64, fd *state.FD) ([]byte, bool) {
			return strconv.AppendInt(d, n, 10), true
		}),
		"fdlist.names": list(func(d []byte, n int64, fd *state.FD) ([]byte, bool) {
			if fd == nil || fd.Name == "" {
				return append(d, NA...), true
			}
			return append(d, fd.Name...), true
		}),
		"fdlist.cips": list(func(d []byte, n int64, fd *state.FD) ([]byte, bool) {
			if fd == nil || !render.IsIPSocket(fd.Type) {
				return d, false
			}
			return appendIP(d, ipBytes(fd, &fd.SIP)), true
		}),
		"fdlist.sips": list(func(d []byte, n int64, fd *state.FD) ([]byte, bool) {
			switch {
			case fd == nil:
				return d, false
			case render.IsIPSocket(fd.Type):
				return appendIP(d, ipBytes(fd, &fd.DIP)), true
			case render.IsServerSocket(fd.Type):
				return appendIP(d, fd.SIP[:4]), true
			}
			return d, false
		}),
		"fdlist.cports": list(func(d []byte, n int64, fd *state.FD) ([]byte, bool) {
			if fd == nil || !render.IsIPSocket(fd.Type) {
				return d, false
			}
			return strconv.AppendUint(d, uint64(fd.SPort), 10), true
		}),
		"fdlist.sports": list(func(d []byte, n int64, fd *state.FD) ([]byte, bool) {
			if fd == nil || !render.IsIPSocket(fd.Type) {
				return d, false
			}
			return strconv.AppendUint(d, uint64(fd.DPort), 10), true
		}),
	}
}
