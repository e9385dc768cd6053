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

// Since schema version 5, the text and buffer parameters of an event (paths, names,
// read and write buffers, argument lists) may be stored in raw_params as patches against
// the row's evt_args, which renders them: a path shows there as it is, a buffer with its
// unprintable bytes as dots. The bytes that the rendering already holds are not stored
// twice; the patch keeps the others.
//
// raw_params of an event of a patched type (patchedTypes: a type with such parameters,
// two-byte parameter lengths, and as many parameters as its table lists) is
//
//	uvarint mask | parameter lengths | each parameter's bytes, or its patch
//
// where bit i of mask says that parameter i is a patch. A patch of a parameter of n
// bytes (n from the lengths) against evt_args a is
//
//	uvarint off | uvarint copy | uvarint lit, lit bytes | uvarint copy | ...
//
// which rebuilds the parameter from the front: copy bytes taken from a at the same
// position (a[off+pos]), then lit bytes given as they are, alternately, until n bytes are
// rebuilt. Every run but the first copy is at least one byte long.

// errPatch is a patched parameter that does not rebuild.
var errPatch = errors.New("parameter patch does not match evt_args")

// patchableParam reports whether parameters of type t may be patched.
func patchableParam(t schema.ParamType) bool {
	switch t {
	case schema.TypeCharbuf, schema.TypeBytebuf, schema.TypeFspath, schema.TypeFsrelpath, schema.TypeCharbufarray:
		return true
	}
	return false
}

// maxPatchedParams bounds the parameters a mask covers.
const maxPatchedParams = 64

// patchedTypes marks the event types whose raw_params carry a mask.
var patchedTypes = sync.OnceValue(func() []bool {
	m := make([]bool, schema.NumEvents)
	for id := range m {
		info := schema.Info(uint16(id))
		if info == nil || info.LargePayload() || len(info.Params) > maxPatchedParams {
			continue
		}
		for _, p := range info.Params {
			if patchableParam(p.Type) {
				m[id] = true
				break
			}
		}
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
		off := 2 * np
		for i := range np {
			n := int(binary.LittleEndian.Uint16(body[2*i:]))
			v := body[off : off+n]
			off += n
			if n < 2*minPatchGain || !patchableParam(params[i].Type) {
				continue
			}
			start := len(p.buf)
			if p.buf = appendBestPatch(p.buf, v, args, params[i].Name); len(p.buf)-start+minPatchGain <= n {
				mask |= 1 << i
				p.parts[i] = [2]int{start, len(p.buf)}
			} else {
				p.buf = p.buf[:start]
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

// appendBestPatch appends the smallest patch of v against args among the renderings
// of "name=" in args, or a patch that gives every byte as it is if there is none.
func appendBestPatch(dst, v, args []byte, name string) []byte {
	best, bestLen := -1, 0
	for from := 0; from < len(args); {
		k := indexParamName(args[from:], name)
		if k < 0 {
			break
		}
		off := from + k + len(name) + 1
		if n := patchLen(v, args, off); best < 0 || n < bestLen {
			best, bestLen = off, n
		}
		from = off
	}
	if best < 0 {
		best = len(args)
	}
	return appendPatch(dst, v, args, best)
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

// patchLen is the length of appendPatch's encoding.
func patchLen(v, args []byte, off int) int {
	n := uvarintLen(uint64(off))
	for pos := 0; ; {
		m := matchRun(v, args, off, pos)
		n += uvarintLen(uint64(m))
		if pos += m; pos == len(v) {
			return n
		}
		l := litRun(v, args, off, pos)
		n += uvarintLen(uint64(l)) + l
		if pos += l; pos == len(v) {
			return n
		}
	}
}

// appendPatch appends the patch of v against args from offset off.
func appendPatch(dst, v, args []byte, off int) []byte {
	dst = binary.AppendUvarint(dst, uint64(off))
	for pos := 0; ; {
		m := matchRun(v, args, off, pos)
		dst = binary.AppendUvarint(dst, uint64(m))
		if pos += m; pos == len(v) {
			return dst
		}
		l := litRun(v, args, off, pos)
		dst = binary.AppendUvarint(dst, uint64(l))
		dst = append(dst, v[pos:pos+l]...)
		if pos += l; pos == len(v) {
			return dst
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
// raw_params value enc of an event of a patched type with np parameters encodes,
// rebuilding patched parameters from args, the row's evt_args (nil when null).
func appendUnpatched(dst, enc []byte, np int, args []byte) ([]byte, error) {
	mask, k := binary.Uvarint(enc)
	if k <= 0 {
		return dst, fmt.Errorf("%w: parameter mask", errPatch)
	}
	enc = enc[k:]
	if mask == 0 {
		return append(dst, enc...), nil
	}
	if np > maxPatchedParams || mask>>np != 0 || len(enc) < 2*np {
		return dst, fmt.Errorf("%w: mask %#x for %d parameters in %d bytes", errPatch, mask, np, len(enc))
	}
	dst = append(dst, enc[:2*np]...)
	lens := enc[:2*np]
	enc = enc[2*np:]
	for i := range np {
		n := int(binary.LittleEndian.Uint16(lens[2*i:]))
		if mask&(1<<i) == 0 {
			if len(enc) < n {
				return dst, fmt.Errorf("%w: parameter %d: %d bytes, %d left", errPatch, i, n, len(enc))
			}
			dst = append(dst, enc[:n]...)
			enc = enc[n:]
			continue
		}
		var err error
		if dst, enc, err = appendUnpatch(dst, enc, n, args); err != nil {
			return dst, fmt.Errorf("parameter %d: %w", i, err)
		}
	}
	return append(dst, enc...), nil
}

// appendUnpatch rebuilds n bytes from the patch at the front of enc and returns the rest
// of enc.
func appendUnpatch(dst, enc []byte, n int, args []byte) ([]byte, []byte, error) {
	next := func() (int, bool) {
		x, k := binary.Uvarint(enc)
		if k <= 0 || x > uint64(n) {
			return 0, false
		}
		enc = enc[k:]
		return int(x), true
	}
	o, k := binary.Uvarint(enc)
	if k <= 0 || o > uint64(len(args)) {
		return dst, enc, fmt.Errorf("%w: offset", errPatch)
	}
	enc = enc[k:]
	off := int(o)
	for pos, first := 0, true; ; first = false {
		m, ok := next()
		if !ok || m > n-pos || off+pos+m > len(args) || m == 0 && !first {
			return dst, enc, fmt.Errorf("%w: copy at byte %d of %d", errPatch, pos, n)
		}
		dst = append(dst, args[off+pos:off+pos+m]...)
		if pos += m; pos == n {
			return dst, enc, nil
		}
		l, ok := next()
		if !ok || l == 0 || l > n-pos || l > len(enc) {
			return dst, enc, fmt.Errorf("%w: literal at byte %d of %d", errPatch, pos, n)
		}
		dst = append(dst, enc[:l]...)
		enc = enc[l:]
		if pos += l; pos == n {
			return dst, enc, nil
		}
	}
}
