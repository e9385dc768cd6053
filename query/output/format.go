package output

import (
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/state"
)

// ErrFormat is wrapped by Parse's errors.
var ErrFormat = errors.New("invalid format")

// Options say how a Format renders values.
type Options struct {
	Buffer render.BufferFormat // byte buffer format (-A, -x, -X, -b)
	// Truncate is the longest normal-format buffer rendering, 0 for none (-v). JSON
	// output never truncates.
	Truncate int
	Time     fields.OutputTime // evt.outputtime mode (-t); 0 means human
	JSON     bool              // the format will render JSON
}

// DefaultOptions are sysdig -r's defaults.
func DefaultOptions() Options {
	return Options{Truncate: render.DefaultTruncate, Time: fields.TimeHuman}
}

// token is literal text or a field with an optional width.
type token struct {
	text  string
	field *fields.Field
	width int
	idx   int // index into Format.fields and Format.vals
}

// Format is a parsed sysdig format string with its fields bound.
type Format struct {
	all    bool // leading '*': print events even when fields have no value
	tokens []token
	fields []*fields.Field // the field tokens, in order
	// keys are the fields' sysdig JSON keys: the name, or "" for a field that takes none
	// of its text (proc.aname without [N]) unless it ends the format.
	keys []string
	// records are the fields typed records extract: the same, except where sysdig's
	// display semantics differ from the field's value (evt.type.is.X, proc.aname
	// without [N]), which records show as the value (see fields.LookupRecord).
	records []*fields.Field
	sorted  []int // indexes into fields in JSON key order, duplicates removed
	vals    []fields.Value
	tmp     []byte
	// Escapes reports whether the format contains an escape character; sysdig then ends
	// its output with a colour reset (ESC[00m).
	Escapes bool
	// err is why the last event could not be shown at all (see Err).
	err error
}

// Err reports why the format could not show the last event it was given, when sysdig
// stops its output there (a value its printer refuses, see fields.RawargAbort); the
// caller should then end the output with this error.
func (f *Format) Err() error { return f.err }

// Parse parses a format string: an optional leading '*', then literal text and field
// tokens '%' [width] field. Filter-only fields are refused.
func Parse(format string, o Options) (*Format, error) {
	f := &Format{}
	if len(format) > 0 && format[0] == '*' {
		f.all, format = true, format[1:]
	}
	f.Escapes = containsByte(format, 0x1b)
	ro := render.Options{Buffer: o.Buffer, Truncate: o.Truncate}
	if o.JSON {
		ro.Truncate = 0
	}
	for len(format) > 0 {
		i := 0
		for i < len(format) && format[i] != '%' {
			i++
		}
		if i > 0 {
			f.tokens = append(f.tokens, token{text: format[:i]})
			format = format[i:]
			continue
		}
		format = format[1:]
		w := 0
		for w < len(format) && format[w] >= '0' && format[w] <= '9' {
			w++
		}
		width := 0
		if w > 0 {
			width, _ = strconv.Atoi(format[:w])
			format = format[w:]
		}
		if format == "" {
			return nil, fmt.Errorf("%w: formatting cannot end with a %%", ErrFormat)
		}
		fld, n, err := fields.LookupDisplay(format)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrFormat, err)
		}
		if !fld.Printable() {
			return nil, fmt.Errorf("%w: field %s is for filters only", ErrFormat, fld.Name)
		}
		fld.SetRenderOptions(ro)
		if o.Time != 0 {
			fld.SetOutputTime(o.Time)
		}
		rec := fld
		if n == 0 {
			if rec, _, err = fields.LookupRecord(fld.Name); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrFormat, err)
			}
			rec.SetRenderOptions(ro)
		}
		f.tokens = append(f.tokens, token{field: fld, width: width, idx: len(f.fields)})
		f.fields = append(f.fields, fld)
		f.records = append(f.records, rec)
		key := fld.Name
		if n == 0 && format == fld.Name {
			// A field that takes none of its text (proc.aname without [N]) leaves its name
			// as literal text, except at the very end of the format, where sysdig drops it
			// (observed: "%proc.apid" prints "964", "%proc.apid|" prints "964proc.apid|").
			format = ""
		} else if n == 0 {
			// Its sysdig JSON key is then empty (observed: -j -p '%proc.apid %evt.num'
			// prints {"":964,"evt.num":1}).
			key = ""
		}
		f.keys = append(f.keys, key)
		format = format[n:]
	}
	f.vals = make([]fields.Value, len(f.fields))
	f.sorted = jsonOrder(f.keys)
	return f, nil
}

// jsonOrder returns the field indexes in byte-wise key order, keeping the last of
// duplicate keys (a JSON object holds a key once).
func jsonOrder(keys []string) []int {
	last := map[string]int{}
	for i, k := range keys {
		last[k] = i
	}
	idx := make([]int, 0, len(last))
	for _, i := range last {
		idx = append(idx, i)
	}
	sort.Slice(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	return idx
}

// Fields returns the format's fields in order.
func (f *Format) Fields() []*fields.Field { return f.fields }

// AppendText appends the event's line (without a newline). It returns false, with dst
// unchanged, when the format has no leading '*' and some field has no value or shows
// <NA>.
func (f *Format) AppendText(dst []byte, ctx *state.EventContext, view state.View) ([]byte, bool) {
	start := len(dst)
	f.err = nil
	for i := range f.tokens {
		tk := &f.tokens[i]
		if tk.field == nil {
			dst = append(dst, tk.text...)
			continue
		}
		v := &f.vals[tk.idx]
		ok := tk.field.Extract(ctx, view, v)
		if ok {
			if f.err = fields.RawargAbort(tk.field, false); f.err != nil {
				return dst[:start], false
			}
		}
		if !ok || fields.ShowsNA(tk.field, v) {
			if !f.all {
				return dst[:start], false
			}
		}
		mark := len(dst)
		dst = fields.AppendText(dst, tk.field, v)
		if tk.width > 0 {
			if n := len(dst) - mark; n > tk.width {
				dst = dst[:mark+tk.width]
			} else {
				for ; n < tk.width; n++ {
					dst = append(dst, ' ')
				}
			}
		}
	}
	return dst, true
}

// AppendJSON appends the event as one compact JSON object with the fields as keys in
// byte-wise order (sysdig -j). Like sysdig it extracts every field twice (so
// evt.deltatime is always 0). It returns false, with dst unchanged, when the format has
// no leading '*' and some field has no value or a null one.
func (f *Format) AppendJSON(dst []byte, ctx *state.EventContext, view state.View) ([]byte, bool) {
	f.err = nil
	for i, fl := range f.fields {
		ok := fl.ExtractJSON(ctx, view, &f.vals[i])
		if ok {
			if f.err = fields.RawargAbort(fl, true); f.err != nil {
				return dst, false
			}
		}
		if !ok && !f.all {
			return dst, false
		}
		if !f.all && fields.JSONNull(fl, &f.vals[i]) {
			return dst, false
		}
	}
	for i, fl := range f.fields {
		fl.ExtractJSON(ctx, view, &f.vals[i])
	}
	dst = append(dst, '{')
	for n, i := range f.sorted {
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = appendKey(dst, f.keys[i])
		dst = append(dst, ':')
		dst = fields.AppendJSON(dst, f.fields[i], &f.vals[i])
	}
	return append(dst, '}'), true
}

// appendKey appends a JSON object key; field names need no escaping.
func appendKey(dst []byte, name string) []byte {
	dst = append(dst, '"')
	dst = append(dst, name...)
	return append(dst, '"')
}
