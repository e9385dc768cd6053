package filter

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// Resolver resolves a field reference at the start of expr (the longest known name,
// then its argument: proc.aname[2], evt.arg.fd) and returns the field with its
// extractor and the number of bytes of expr the reference takes.
type Resolver interface {
	Lookup(expr string) (*fields.Field, int, error)
}

// MultiExtractor is implemented by the extractors of fields that have several values
// for one event: fd.ip, fd.port, fd.proto and fd.net (the two ends of a socket), and
// proc.aname and proc.apid without an index (every ancestor). A check on such a field
// holds when it holds for any value; for !=, see StrictInequality.
type MultiExtractor interface {
	// ExtractAll calls yield with each value of the field for the event until yield
	// returns false. The value is valid during the call only. No call means no value.
	ExtractAll(ctx *state.EventContext, view state.View, yield func(v *fields.Value) bool)
	// StrictInequality reports whether != needs every value to differ (the socket
	// fields: "fd.ip != X" holds only when neither end is X) rather than one (the
	// ancestor fields: "proc.aname != X" holds when some ancestor is not X).
	StrictInequality() bool
}

// SchemaResolver resolves field references against the field table alone
// (schema.Fields): names, arguments and types, with extractors that never yield a
// value. It validates conditions (rule files) where extraction is not needed.
type SchemaResolver struct{}

// noValue is the extractor of SchemaResolver fields.
type noValue struct{}

func (noValue) Extract(*state.EventContext, state.View, *fields.Value) bool { return false }

// Lookup implements Resolver with the field table's resolution rules: field classes in
// table order, within the first class that has a name prefixing expr the longest such
// name, then the argument the field takes ([N], .NAME, .KEY ...).
func (SchemaResolver) Lookup(expr string) (*fields.Field, int, error) {
	info := longestField(expr)
	if info == nil {
		return nil, 0, fmt.Errorf("%w %q", ErrUnknownField, expr)
	}
	f := &fields.Field{Info: info, Type: info.Type, Extractor: noValue{}}
	n := len(info.Name)
	rest := expr[n:]
	switch {
	case strings.HasPrefix(rest, "[") && info.Argument != "none":
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return nil, 0, fmt.Errorf("field %s: argument has no closing ']'", info.Name)
		}
		f.Arg = unquoteArg(rest[1:end])
		n += end + 1
		if strings.HasPrefix(info.ArgSyntax, "[N]") || info.ArgSyntax == "[T]" {
			if _, err := strconv.ParseInt(f.Arg, 10, 64); err != nil {
				return nil, 0, fmt.Errorf("field %s: argument %q is not a number", info.Name, f.Arg)
			}
		}
	case strings.HasPrefix(rest, ".") && strings.Contains(info.ArgSyntax, "."):
		arg, typ, err := dotArgument(info, rest[1:])
		if err != nil {
			return nil, 0, err
		}
		f.Arg = arg
		n += 1 + len(arg)
		if typ != 0 {
			f.Type = typ
		}
	case info.Argument == "required":
		return nil, 0, fmt.Errorf("field %s needs an argument (%s)", info.Name, info.ArgSyntax)
	}
	f.Name = expr[:n]
	return f, n, nil
}

// longestField finds the field table entry for the start of expr.
func longestField(expr string) *schema.Field {
	var best *schema.Field
	class := ""
	for i := range schema.Fields {
		fi := &schema.Fields[i]
		key := fi.Class + "\x00" + fi.ClassDesc
		if best != nil && key != class {
			break // the first class with a match decides
		}
		if strings.HasPrefix(expr, fi.Name) && (best == nil || len(fi.Name) > len(best.Name)) {
			best, class = fi, key
		}
	}
	return best
}

// dotArgument parses the .NAME-style argument of a field; for evt.rawarg it also
// returns the type of the first event parameter with that name.
func dotArgument(info *schema.Field, s string) (string, schema.ParamType, error) {
	switch info.Name {
	case "evt.arg", "evt.rawarg", "evtin.span.arg", "evtin.span.p.arg", "evtin.span.s.arg", "evtin.span.m.arg":
		name, typ := longestParamName(s)
		if name == "" {
			if strings.HasPrefix(info.Name, "evt.") {
				return "", 0, fmt.Errorf("field %s: unknown event argument %q", info.Name, s)
			}
			return s, 0, nil
		}
		if info.Name != "evt.rawarg" {
			typ = 0
		}
		return name, typ, nil
	case "thread.cgroup":
		return leadingRun(s, func(c byte) bool { return c == '_' || isAlpha(c) }), 0, nil
	case "evt.type.is":
		if len(schema.EventIDsByName(s)) == 0 {
			if _, err := strconv.ParseUint(s, 10, 16); err != nil {
				return "", 0, fmt.Errorf("field %s: unknown event type %q", info.Name, s)
			}
		}
		return s, 0, nil
	case "evt.abspath":
		if s == "src" || s == "dst" {
			return s, 0, nil
		}
		return "", 0, fmt.Errorf("field evt.abspath: argument %q is neither src nor dst", s)
	}
	if strings.HasSuffix(info.Name, ".label") {
		return leadingRun(s, func(c byte) bool {
			return isAlpha(c) || c >= '0' && c <= '9' || strings.IndexByte("/_.-", c) >= 0
		}), 0, nil
	}
	return s, 0, nil
}

// longestParamName returns the longest event parameter name prefixing s and the type of
// the first parameter (lowest event id) with that name.
func longestParamName(s string) (string, schema.ParamType) {
	best := ""
	var typ schema.ParamType
	for i := range schema.Events {
		for _, p := range schema.Events[i].Params {
			if len(p.Name) > len(best) && strings.HasPrefix(s, p.Name) {
				best, typ = p.Name, p.Type
			}
		}
	}
	return best, typ
}

func leadingRun(s string, ok func(byte) bool) string {
	i := 0
	for i < len(s) && ok(s[i]) {
		i++
	}
	return s[:i]
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// unquoteArg removes the quotes of a quoted [argument].
func unquoteArg(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// nearestField returns the field table name closest to name by edit distance, or ""
// when none is reasonably close.
func nearestField(name string) string {
	if i := strings.IndexAny(name, "["); i >= 0 {
		name = name[:i]
	}
	best, bestD := "", -1
	for i := range schema.Fields {
		d := editDistance(name, schema.Fields[i].Name)
		if bestD < 0 || d < bestD {
			best, bestD = schema.Fields[i].Name, d
		}
	}
	if bestD < 0 || bestD > max(2, len(name)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
