package parquet

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// Since schema version 5, an event's parameters may be stored in raw_params as patches
// against the row's evt_args, which renders them: a path shows there as it is, a buffer
// with its unprintable bytes as dots, a number in decimal, hex or octal. What the
// rendering already holds is not stored twice.
//
// raw_params of an event of a patched type (patchedTypes: a type with parameters, two-byte
// parameter lengths, and as many parameters as its table lists; not the generic syscall
// events, whose first parameter readers take from raw_params directly) is
//
//	uvarint mask | parameter lengths | each parameter's bytes, or its patch
//
// where bit i of mask says that parameter i is a patch. A patch starts at an anchor in
// evt_args: the k-th place (k from 1) where the parameter's name and '=' start evt_args
// or follow a space, counting from the previous patched parameter's anchor (from the
// start of evt_args for the first); the patch's position there is just after the '='.
// (Parameters render in order: the anchor is nearly always the next one, k = 1.)
//
// A text or buffer parameter's patch (textParam) of n bytes (n from the lengths) is
//
//	uvarint k | uvarint copy | uvarint lit, lit bytes | uvarint copy | ...
//
// which rebuilds the parameter from the front: copy bytes taken from evt_args at the same
// position (anchor + pos), then lit bytes given as they are, alternately, until n bytes
// are rebuilt. Every run but the first copy is at least one byte long. k = 0 anchors at
// the end of evt_args (every byte literal).
//
// An integer parameter's patch (of 1, 2, 4 or 8 bytes) is uvarint(k<<2 | base), k >= 1:
// the number written at the anchor in base 10 (optionally negative: two's complement),
// 16 (upper-case digits) or 8 (a leading 0) for base 0, 1 or 2, whose low n bytes,
// little-endian, are the parameter.

// errPatch is a patched parameter that does not rebuild.
var errPatch = errors.New("parameter patch does not match evt_args")

// textParam reports whether parameters of type t are patched as text.
func textParam(t schema.ParamType) bool {
	switch t {
	case schema.TypeCharbuf, schema.TypeBytebuf, schema.TypeFspath, schema.TypeFsrelpath, schema.TypeCharbufarray:
		return true
	}
	return false
}

// intParam reports whether a parameter of n bytes may be patched as an integer.
func intParam(t schema.ParamType, n int) bool {
	return !textParam(t) && (n == 1 || n == 2 || n == 4 || n == 8)
}

// maxPatchedParams bounds the parameters a mask covers.
const maxPatchedParams = 64

// patchedTypes marks the event types whose raw_params carry a mask.
var patchedTypes = sync.OnceValue(func() []bool {
	m := make([]bool, schema.NumEvents)
	for id := range m {
		info := schema.Info(uint16(id))
		// Generic events (0 and 1) keep their syscall code where readers look for it.
		m[id] = id > 1 && info != nil && !info.LargePayload() && len(info.Params) > 0 && len(info.Params) <= maxPatchedParams
	}
	return m
})

// patchedRow reports whether a row of event type typ and stored raw_nparams np carries a
// mask in a file of schema version 5 or later.
func patchedRow(typ uint16, np int32) bool {
	t := patchedTypes()
	return np == 0 && int(typ) < len(t) && t[typ]
}

// ParamsEncoder gives the raw_params values of events as a Writer stores them. The zero
// value is ready; it reuses its buffers, so one goroutine uses it at a time.
type ParamsEncoder struct {
	p   patcher
	buf []byte
}

// Encode returns the raw_params value of ev, whose evt_args is args (nil when null). It
// is valid until the next call.
func (e *ParamsEncoder) Encode(ev *event.Event, args []byte) []byte {
	body := ev.Raw[event.HeaderLen:]
	info := ev.Info()
	if info == nil || int64(ev.NParams()) != int64(len(info.Params)) || !patchedRow(ev.Type(), 0) {
		return body
	}
	if len(args) == 0 { // nothing to patch against: a mask of 0
		e.buf = append(append(e.buf[:0], 0), body...)
		return e.buf
	}
	e.buf = e.p.appendParams(e.buf[:0], body, info.Params, args)
	return e.buf
}

// patcher encodes raw_params against evt_args, reusing its buffers.
type patcher struct {
	parts [maxPatchedParams][2]int // each parameter's encoding in buf: start, end
	buf   []byte
}

// minPatchGain is how many bytes a patch must save over the parameter's own bytes.
const minPatchGain = 4

// appendParams appends the raw_params encoding of the parameters body (the event's bytes
// after its header: lengths, then the parameters) of an event of a patched type, whose
// parameters are params, against its rendered arguments args (nil: none).
func (p *patcher) appendParams(dst, body []byte, params []schema.ParamInfo, args []byte) []byte {
	np := len(params)
	if len(body) < 2*np {
		return append(binary.AppendUvarint(dst, 0), body...)
	}
	total := 2 * np
	for i := range np {
		total += int(binary.LittleEndian.Uint16(body[2*i:]))
	}
	var mask uint64
	p.buf = p.buf[:0]
	if len(args) > 0 && total <= len(body) { // else a malformed event, kept as it is
		off, from := 2*np, 0
		for i := range np {
			n := int(binary.LittleEndian.Uint16(body[2*i:]))
			v := body[off : off+n]
			off += n
			start, next := len(p.buf), from
			switch t := params[i].Type; {
			case textParam(t) && n >= 2*minPatchGain:
				p.buf, next, _ = appendBestPatch(p.buf, v, args, params[i].Name, from, n-minPatchGain)
			case intParam(t, n):
				if p.buf, next = appendIntPatch(p.buf, v, args, params[i].Name, from); len(p.buf)-start >= n {
					p.buf = p.buf[:start]
				}
			}
			if len(p.buf) > start {
				mask |= 1 << i
				p.parts[i] = [2]int{start, len(p.buf)}
				from = next
			}
		}
	}
	dst = binary.AppendUvarint(dst, mask)
	if mask == 0 {
		return append(dst, body...)
	}
	dst = append(dst, body[:2*np]...)
	off := 2 * np
	for i := range np {
		n := int(binary.LittleEndian.Uint16(body[2*i:]))
		if mask&(1<<i) != 0 {
			dst = append(dst, p.buf[p.parts[i][0]:p.parts[i][1]]...)
		} else {
			dst = append(dst, body[off:off+n]...)
		}
		off += n
	}
	return append(dst, body[off:]...) // bytes past the last parameter, if any
}

// anchors calls fn with k and the position just after the k-th anchor of name in args
// from position from on (k from 1) until fn returns false.
func anchors(args []byte, name string, from int, fn func(k, pos int) bool) {
	for k := 1; from < len(args); k++ {
		at := -1
		if k == 1 {
			at = nextParamName(args, name, from)
		}
		if at < 0 {
			if at = indexParamName(args[from:], name); at < 0 {
				return
			}
		}
		from += at + len(name) + 1
		if !fn(k, from) {
			return
		}
	}
}

// nextParamName is where the first anchor of name in args from position from on is
// (relative to from) when it is at from or just after the next space: where the
// arguments render in order, the parameter after the last one found. Else -1: the
// general search decides.
func nextParamName(args []byte, name string, from int) int {
	at := from
	if !hasParamName(args[at:], name) {
		sp := bytes.IndexByte(args[from:], ' ')
		if sp < 0 {
			return -1
		}
		if at = from + sp + 1; !hasParamName(args[at:], name) {
			return -1
		}
	}
	return at - from
}

// hasParamName reports whether a starts with name and '='.
func hasParamName(a []byte, name string) bool {
	return len(a) > len(name) && a[len(name)] == '=' && string(a[:len(name)]) == name
}

// anchorPos is the position just after the k-th anchor of name in args from position
// from on, k >= 1.
func anchorPos(args []byte, name string, from int, k uint64) (int, bool) {
	pos, ok := 0, false
	anchors(args, name, from, func(i, p int) bool {
		if uint64(i) == k {
			pos, ok = p, true
			return false
		}
		return true
	})
	return pos, ok
}

// appendBestPatch appends the smallest text patch of v against args among the anchors
// of name from position from on, if one takes at most limit bytes, and returns where
// the next parameter's anchors start: after the patch's anchor. ok is false (and dst as
// it was) when no patch is that short. (A patch without an anchor, every byte literal,
// is never shorter than the parameter.)
func appendBestPatch(dst, v, args []byte, name string, from, limit int) (_ []byte, next int, ok bool) {
	start, best := len(dst), -1 // the best patch so far is dst[start:start+best]
	next = from
	anchors(args, name, from, func(k, off int) bool {
		kept, lim := start, limit
		if best >= 0 {
			kept, lim = start+best, best-1
		}
		cand, fits := appendPatch(dst[:kept], v, args, k, off, lim)
		if fits { // shorter: it becomes the best, moved to start
			n := len(cand) - kept
			copy(cand[start:], cand[kept:])
			dst, best, next = cand[:start+n], n, off
		} else {
			dst = cand[:kept]
		}
		return true
	})
	return dst, next, best >= 0
}

// Integer bases of integer patches.
const (
	baseDec = iota
	baseHex
	baseOct
)

// appendIntPatch appends the integer patch of v against args, if one of the anchors of
// name from position from on shows v's value (else nothing), and returns where the next
// parameter's anchors start.
func appendIntPatch(dst, v, args []byte, name string, from int) ([]byte, int) {
	want := intValue(v)
	next := from
	anchors(args, name, from, func(k, off int) bool {
		for base := baseDec; base <= baseOct; base++ {
			if x, ok := parseInt(args[off:], base); ok && truncate(x, len(v)) == want {
				dst = binary.AppendUvarint(dst, uint64(k)<<2|uint64(base))
				next = off
				return false
			}
		}
		return true
	})
	return dst, next
}

// intValue is the little-endian integer of 1, 2, 4 or 8 bytes v.
func intValue(v []byte) uint64 {
	var b [8]byte
	copy(b[:], v)
	return binary.LittleEndian.Uint64(b[:])
}

func truncate(x uint64, n int) uint64 {
	if n < 8 {
		x &= 1<<(8*n) - 1
	}
	return x
}

// parseInt reads the number at the front of a in base (baseDec: an optional '-' and
// decimal digits; baseHex: upper-case hex digits; baseOct: '0' and octal digits),
// wrapping around 64 bits.
func parseInt(a []byte, base int) (uint64, bool) {
	neg := false
	if base == baseDec && len(a) > 0 && a[0] == '-' {
		neg, a = true, a[1:]
	}
	if base == baseOct {
		if len(a) == 0 || a[0] != '0' {
			return 0, false
		}
	}
	var x uint64
	n := 0
	for ; n < len(a); n++ {
		c := a[n]
		var d uint64
		switch {
		case c >= '0' && c <= '9' && (base != baseOct || c <= '7'):
			d = uint64(c - '0')
		case base == baseHex && c >= 'A' && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			goto done
		}
		switch base {
		case baseDec:
			x = x*10 + d
		case baseHex:
			x = x<<4 | d
		default:
			x = x<<3 | d
		}
	}
done:
	if n == 0 {
		return 0, false
	}
	if neg {
		x = -x
	}
	return x, true
}

// indexParamName is the index in a of name followed by '=', at the start or after a
// space, or -1.
func indexParamName(a []byte, name string) int {
	for from := 0; ; {
		k := bytes.Index(a[from:], []byte(name))
		if k < 0 {
			return -1
		}
		at := from + k
		end := at + len(name)
		if end < len(a) && a[end] == '=' && (at == 0 || a[at-1] == ' ') {
			return at
		}
		from = at + 1
	}
}

// matchRun is how many bytes from v[pos] on equal args[off+pos...].
func matchRun(v, args []byte, off, pos int) int {
	n := 0
	for pos+n < len(v) && off+pos+n < len(args) && v[pos+n] == args[off+pos+n] {
		n++
	}
	return n
}

// litRun is how many bytes from v[pos] on a literal run takes: up to the next place
// where two bytes in a row match (a shorter match costs as much as it saves).
func litRun(v, args []byte, off, pos int) int {
	n := 1
	for pos+n < len(v) {
		i := off + pos + n
		if i+1 < len(args) && v[pos+n] == args[i] && (pos+n+1 == len(v) || v[pos+n+1] == args[i+1]) {
			break
		}
		n++
	}
	return n
}

// appendPatch appends the text patch of v against args, anchored at its k-th anchor
// (off just after it); ok is false as soon as it takes more than limit bytes (dst then
// holds a part of it).
func appendPatch(dst, v, args []byte, k, off, limit int) (_ []byte, ok bool) {
	start := len(dst)
	dst = binary.AppendUvarint(dst, uint64(k))
	for pos := 0; ; {
		m := matchRun(v, args, off, pos)
		dst = binary.AppendUvarint(dst, uint64(m))
		if pos += m; pos == len(v) {
			return dst, len(dst)-start <= limit
		}
		l := litRun(v, args, off, pos)
		dst = binary.AppendUvarint(dst, uint64(l))
		dst = append(dst, v[pos:pos+l]...)
		if len(dst)-start > limit {
			return dst, false
		}
		if pos += l; pos == len(v) {
			return dst, true
		}
	}
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// appendUnpatched appends the event body (lengths, then the parameters) that the
// raw_params value enc of an event of a patched type, of parameters params, encodes,
// rebuilding patched parameters from args, the row's evt_args (nil when null).
func appendUnpatched(dst, enc []byte, params []schema.ParamInfo, args []byte) ([]byte, error) {
	mask, k := binary.Uvarint(enc)
	if k <= 0 {
		return dst, fmt.Errorf("%w: parameter mask", errPatch)
	}
	enc = enc[k:]
	if mask == 0 {
		return append(dst, enc...), nil
	}
	np := len(params)
	if np > maxPatchedParams || mask>>np != 0 || len(enc) < 2*np {
		return dst, fmt.Errorf("%w: mask %#x for %d parameters in %d bytes", errPatch, mask, np, len(enc))
	}
	dst = append(dst, enc[:2*np]...)
	lens := enc[:2*np]
	enc = enc[2*np:]
	from := 0 // where the next patched parameter's anchors start
	for i := range np {
		n := int(binary.LittleEndian.Uint16(lens[2*i:]))
		var err error
		switch {
		case mask&(1<<i) == 0:
			if len(enc) < n {
				return dst, fmt.Errorf("%w: parameter %d: %d bytes, %d left", errPatch, i, n, len(enc))
			}
			dst = append(dst, enc[:n]...)
			enc = enc[n:]
		case textParam(params[i].Type):
			dst, enc, from, err = appendUnpatch(dst, enc, n, args, params[i].Name, from)
		case intParam(params[i].Type, n):
			dst, enc, from, err = appendUnpatchInt(dst, enc, n, args, params[i].Name, from)
		default:
			err = fmt.Errorf("%w: a patch for %d bytes of type %d", errPatch, n, params[i].Type)
		}
		if err != nil {
			return dst, fmt.Errorf("parameter %d: %w", i, err)
		}
	}
	return append(dst, enc...), nil
}

// appendUnpatchInt appends the n bytes of the integer patch at the front of enc, whose
// anchors start at from, and returns the rest of enc and where the next anchors start.
func appendUnpatchInt(dst, enc []byte, n int, args []byte, name string, from int) ([]byte, []byte, int, error) {
	x, k := binary.Uvarint(enc)
	if k <= 0 || x&3 > baseOct {
		return dst, enc, from, fmt.Errorf("%w: integer patch", errPatch)
	}
	pos, ok := anchorPos(args, name, from, x>>2)
	if !ok {
		return dst, enc, from, fmt.Errorf("%w: no anchor %d of %s", errPatch, x>>2, name)
	}
	v, ok := parseInt(args[pos:], int(x&3))
	if !ok {
		return dst, enc, from, fmt.Errorf("%w: no number at anchor %d of %s", errPatch, x>>2, name)
	}
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	return append(dst, b[:n]...), enc[k:], pos, nil
}

// appendUnpatch rebuilds n bytes from the text patch at the front of enc, whose anchors
// start at from, and returns the rest of enc and where the next anchors start.
func appendUnpatch(dst, enc []byte, n int, args []byte, name string, from int) ([]byte, []byte, int, error) {
	next := func() (int, bool) {
		x, k := binary.Uvarint(enc)
		if k <= 0 || x > uint64(n) {
			return 0, false
		}
		enc = enc[k:]
		return int(x), true
	}
	a, k := binary.Uvarint(enc)
	if k <= 0 {
		return dst, enc, from, fmt.Errorf("%w: anchor", errPatch)
	}
	enc = enc[k:]
	off := len(args)
	if a > 0 {
		var ok bool
		if off, ok = anchorPos(args, name, from, a); !ok {
			return dst, enc, from, fmt.Errorf("%w: no anchor %d of %s", errPatch, a, name)
		}
		from = off
	}
	for pos, first := 0, true; ; first = false {
		m, ok := next()
		if !ok || m > n-pos || off+pos+m > len(args) || m == 0 && !first {
			return dst, enc, from, fmt.Errorf("%w: copy at byte %d of %d", errPatch, pos, n)
		}
		dst = append(dst, args[off+pos:off+pos+m]...)
		if pos += m; pos == n {
			return dst, enc, from, nil
		}
		l, ok := next()
		if !ok || l == 0 || l > n-pos || l > len(enc) {
			return dst, enc, from, fmt.Errorf("%w: literal at byte %d of %d", errPatch, pos, n)
		}
		dst = append(dst, enc[:l]...)
		enc = enc[l:]
		if pos += l; pos == n {
			return dst, enc, from, nil
		}
	}
}
