package filter

import (
	"bytes"
	"encoding/base64"
	"fmt"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// transformer rewrites an extracted value in place, using buf as scratch; false means
// the result has no value (b64 of text that is not base64).
type transformer struct {
	name string
	buf  []byte
}

func (t *transformer) apply(v *fields.Value) bool {
	b, ok := asBytes(v)
	if !ok {
		return false
	}
	switch t.name {
	case "tolower":
		t.buf = append(t.buf[:0], b...)
		for i, c := range t.buf {
			t.buf[i] = lowerASCII(c)
		}
	case "toupper":
		t.buf = append(t.buf[:0], b...)
		for i, c := range t.buf {
			t.buf[i] = upperASCII(c)
		}
	case "basename":
		if i := bytes.LastIndexByte(b, '/'); i >= 0 {
			b = b[i+1:]
		}
		t.buf = append(t.buf[:0], b...)
	case "b64":
		n := base64.StdEncoding.DecodedLen(len(b))
		if cap(t.buf) < n {
			t.buf = make([]byte, n)
		}
		m, err := base64.StdEncoding.Decode(t.buf[:n], b)
		if err != nil {
			return false
		}
		t.buf = t.buf[:m]
	case "len":
		*v = fields.Value{Kind: fields.KindUint, Uint: uint64(len(b))}
		return true
	}
	v.Bytes = t.buf
	return true
}

// transformedType is the type of a transformer's result for an input type.
func transformedType(name string, in schema.ParamType) (schema.ParamType, error) {
	cls, _ := classOf(in)
	if !cls.text() {
		return 0, fmt.Errorf("transformer %s( needs a string or buffer field, not %s", name, typeName(in))
	}
	switch name {
	case "len":
		return schema.TypeUint64, nil
	case "b64":
		return in, nil
	}
	return schema.TypeCharbuf, nil
}

// transformExtractor applies a transformer to another extractor's value.
type transformExtractor struct {
	inner fields.Extractor
	t     transformer
}

func (e *transformExtractor) Extract(ctx *state.EventContext, view state.View, v *fields.Value) bool {
	return e.inner.Extract(ctx, view, v) && e.t.apply(v)
}

// transformMulti applies a transformer to each value of a multi-valued field.
type transformMulti struct {
	transformExtractor
	multi MultiExtractor
	outer func(*fields.Value) bool
	visit func(*fields.Value) bool
}

func newTransformMulti(inner fields.Extractor, m MultiExtractor, name string) *transformMulti {
	t := &transformMulti{transformExtractor: transformExtractor{inner: inner, t: transformer{name: name}}, multi: m}
	t.visit = t.each
	return t
}

func (t *transformMulti) each(v *fields.Value) bool {
	if !t.t.apply(v) {
		return true
	}
	return t.outer(v)
}

func (t *transformMulti) ExtractAll(ctx *state.EventContext, view state.View, yield func(*fields.Value) bool) {
	t.outer = yield
	t.multi.ExtractAll(ctx, view, t.visit)
	t.outer = nil
}

func (t *transformMulti) StrictInequality() bool { return t.multi.StrictInequality() }
