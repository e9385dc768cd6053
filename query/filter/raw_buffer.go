package filter

import (
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// rawBuffer extracts evt.buffer for comparisons: the bytes of the event's data
// parameter as recorded. Printing shows the buffer rendered (non-printable bytes as
// '.', cut at the snap length); sysdig 0.29.3 compares the recorded bytes, so on a live
// recording "evt.buffer contains "\x7fELF"" selected the reads of executables and
// "evt.buffer contains .ELF" only buffers holding a real dot.
type rawBuffer struct{}

func (rawBuffer) Extract(ctx *state.EventContext, _ state.View, v *fields.Value) bool {
	i := ctx.Ev.ParamIndex("data")
	if i < 0 || i >= ctx.Ev.NumParams() {
		return false
	}
	v.Kind, v.Bytes = fields.KindBytes, ctx.Ev.Param(i)
	return true
}

// comparedExtractor returns the extractor a check compares: the field's own, except
// where sysdig compares another form of the value than it prints.
func (c *compiler) comparedExtractor(f *fields.Field) fields.Extractor {
	if _, ok := c.res.(registry); ok && f.Arg == "" && f.Name == "evt.buffer" {
		return rawBuffer{}
	}
	return f.Extractor
}
