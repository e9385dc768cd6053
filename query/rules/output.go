package rules

import (
	"errors"
	"fmt"
	"strings"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/output"
	"github.com/scrylabs/scry/state"
)

// unknownOutputField is an output format field the registry does not know.
type unknownOutputField struct {
	name string
	err  error
}

func (e *unknownOutputField) Error() string {
	return fmt.Sprintf("output: unknown field %s: %v", e.name, e.err)
}

func (e *unknownOutputField) Unwrap() error { return e.err }

// ruleOutput renders a rule's output format, Falco style: a field without a value
// prints <NA>.
type ruleOutput struct {
	format *output.Format
	vals   []fields.Value
	buf    []byte
}

func newOutput(text string) (*ruleOutput, error) {
	f, err := output.Parse("*"+text, output.DefaultOptions())
	if err != nil {
		if errors.Is(err, fields.ErrUnknownField) {
			return nil, &unknownOutputField{name: firstUnknownField(text), err: err}
		}
		return nil, fmt.Errorf("output: %w", err)
	}
	return &ruleOutput{format: f, vals: make([]fields.Value, len(f.Fields()))}, nil
}

// firstUnknownField names the first %field of text the registry does not resolve.
func firstUnknownField(text string) string {
	for i := 0; i < len(text); i++ {
		if text[i] != '%' {
			continue
		}
		rest := strings.TrimLeft(text[i+1:], "0123456789")
		if _, _, err := fields.Lookup(rest); err != nil && errors.Is(err, fields.ErrUnknownField) {
			if m := outputFieldName.FindString(rest); m != "" {
				return m
			}
			return rest
		}
	}
	return "?"
}

// render returns the output text and the value of each field for JSON.
func (o *ruleOutput) render(ctx *state.EventContext, view state.View) (string, []OutputField) {
	o.buf, _ = o.format.AppendText(o.buf[:0], ctx, view)
	text := string(o.buf)
	fs := o.format.Fields()
	out := make([]OutputField, 0, len(fs))
	for i, f := range fs {
		v := &o.vals[i]
		if !f.ExtractJSON(ctx, view, v) {
			*v = fields.Value{}
		}
		out = append(out, OutputField{Name: f.Name, JSON: string(fields.AppendJSON(nil, f, v)),
			Text: string(fields.AppendText(nil, f, v))})
	}
	return text, out
}
