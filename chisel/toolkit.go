package chisel

import (
	"fmt"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/query/output"
)

// DefaultToolkit compiles with scry's field table, filter language and output formats,
// rendering buffers as sysdig does while chisels run (no truncation).
func DefaultToolkit() Toolkit {
	return Toolkit{
		Field:     lookupWholeField,
		Text:      fields.AppendText,
		Filter:    compileFilter,
		Format:    compileFormat,
		SetBuffer: setBuffer,
	}
}

// bufferFormats maps sysdig's output format names to buffer renderings.
var bufferFormats = map[string]render.BufferFormat{
	"normal":   render.BufferNormal,
	"json":     render.BufferNormal,
	"ascii":    render.BufferEOLS,
	"hex":      render.BufferHex,
	"hexascii": render.BufferHexASCII,
	"base64":   render.BufferBase64,
}

// setBuffer makes f render buffers in the named format, untruncated as while chisels
// run.
func setBuffer(f *fields.Field, format string) bool {
	b, ok := bufferFormats[format]
	if ok {
		f.SetRenderOptions(render.Options{Buffer: b})
	}
	return ok
}

// lookupWholeField resolves name, which must be one whole field reference.
func lookupWholeField(name string) (*fields.Field, error) {
	f, n, err := fields.Lookup(name)
	if err != nil {
		return nil, err
	}
	if n != len(name) {
		return nil, fmt.Errorf("field %q: unexpected %q after %s: %w", name, name[n:], name[:n], fields.ErrUnknownField)
	}
	// While chisels run, sysdig does not truncate buffers.
	f.SetRenderOptions(render.Options{})
	return f, nil
}

func compileFilter(expr string) (Matcher, error) {
	f, err := filter.Compile(expr, nil)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func compileFormat(format string) (Formatter, error) {
	o := output.DefaultOptions()
	o.Truncate = 0
	f, err := output.Parse(format, o)
	if err != nil {
		return nil, err
	}
	return f, nil
}
