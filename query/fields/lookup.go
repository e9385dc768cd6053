package fields

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/schema"
)

// ErrUnknownField is wrapped by Lookup's error for names that match no field.
var ErrUnknownField = errors.New("unknown field")

// ErrBadArgument is wrapped by Lookup's error for a field whose argument is missing or
// malformed.
var ErrBadArgument = errors.New("bad field argument")

// Lookup resolves the field reference at the start of expr: the longest field name of the
// first field class (in sysdig's class order) that has one as a prefix of expr, followed
// by the class-specific argument (proc.aname[2], evt.arg.fd, evt.arg[0],
// evt.rawarg.res, evt.type.is.open, thread.cgroup.cpu, k8s.pod.label.app,
// container.mount[/data*] ...). It returns the bound field and how many bytes of expr it
// consumed; a filter caller should require that to be the whole token. Each call returns a
// fresh Field with its own extractor state.
func Lookup(expr string) (*Field, int, error) {
	d, n := longestName(expr)
	if d == nil {
		return nil, 0, fmt.Errorf("%w %q (nearest known field: %s)", ErrUnknownField, token(expr), Nearest(token(expr)))
	}
	b, used, err := parseArg(d, expr[n:])
	if err != nil {
		return nil, 0, fmt.Errorf("field %s: %w", d.info.Name, err)
	}
	n += used
	f := &Field{
		Name:   expr[:n],
		Info:   d.info,
		Arg:    b.arg,
		Type:   d.info.Type,
		Format: d.format,
	}
	e := &ext{fn: d.fn, b: b}
	if d.arg == argParamName {
		f.Type, f.Format = rawargType(b.param), schema.FormatNA
	}
	f.Extractor = e
	if d.json != nil {
		f.json = &ext{fn: d.json, b: b}
	}
	if d.setup != nil {
		d.setup(f, e)
	}
	return f, n, nil
}

// token returns expr up to the first character that ends a field name in a filter.
func token(expr string) string {
	if i := strings.IndexAny(expr, " \t\r\n()!=<>"); i >= 0 {
		return expr[:i]
	}
	return expr
}

// longestName finds the field whose name is the longest prefix of expr within the first
// class that has any.
func longestName(expr string) (*def, int) {
	for _, c := range catalogue().classes {
		var best *def
		for _, d := range c {
			name := d.info.Name
			if strings.HasPrefix(expr, name) && (best == nil || len(name) > len(best.info.Name)) {
				best = d
			}
		}
		if best != nil {
			return best, len(best.info.Name)
		}
	}
	return nil, 0
}

// parseArg parses the argument of d at the start of rest.
func parseArg(d *def, rest string) (binding, int, error) {
	var b binding
	switch d.arg {
	case argNone:
		return b, 0, nil
	case argIndex, argOptIndex, argAround:
		if !strings.HasPrefix(rest, "[") {
			if d.arg == argOptIndex {
				return b, 0, nil
			}
			return b, 0, fmt.Errorf("%w: want [N]", ErrBadArgument)
		}
		return parseIndex(rest, d.arg == argAround)
	case argParam, argParamName, argSpanArg:
		if strings.HasPrefix(rest, "[") && d.arg != argParamName {
			return parseIndex(rest, false)
		}
		if !strings.HasPrefix(rest, ".") {
			return b, 0, fmt.Errorf("%w: want .NAME", ErrBadArgument)
		}
		if d.arg == argSpanArg {
			b.arg = token(rest[1:])
			return b, 1 + len(b.arg), nil
		}
		name := longestParamName(rest[1:])
		if name == "" {
			return b, 0, fmt.Errorf("%w: unknown event argument %s", ErrBadArgument, token(rest[1:]))
		}
		b.arg, b.param = name, name
		return b, 1 + len(name), nil
	case argWord, argCgroup:
		if !strings.HasPrefix(rest, ".") {
			return b, 0, fmt.Errorf("%w: want .NAME", ErrBadArgument)
		}
		n := 1
		for n < len(rest) && wordChar(rest[n], d.arg == argCgroup) {
			n++
		}
		if n == 1 {
			return b, 0, fmt.Errorf("%w: empty name", ErrBadArgument)
		}
		b.arg = rest[1:n]
		return b, n, nil
	case argTypeIs:
		if !strings.HasPrefix(rest, ".") {
			return b, 0, fmt.Errorf("%w: want .TYPE", ErrBadArgument)
		}
		n := 1
		for n < len(rest) && (wordChar(rest[n], true) || rest[n] >= '0' && rest[n] <= '9') {
			n++
		}
		t := rest[1:n]
		if t == "" {
			return b, 0, fmt.Errorf("%w: empty event type", ErrBadArgument)
		}
		b.arg = t
		if id, err := strconv.Atoi(t); err == nil {
			b.index, b.hasIndex = id, true
		} else if ids := schema.EventIDsByName(t); len(ids) > 0 {
			b.index = int(ids[0])
		} else {
			return b, 0, fmt.Errorf("%w: unknown event type %s", ErrBadArgument, t)
		}
		return b, 1 + len(t), nil
	case argMount:
		if !strings.HasPrefix(rest, "[") {
			return b, 0, fmt.Errorf("%w: want [N] or [PATH]", ErrBadArgument)
		}
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return b, 0, fmt.Errorf("%w: missing ]", ErrBadArgument)
		}
		b.arg = rest[1:end]
		if n, err := strconv.ParseInt(b.arg, 10, 32); err == nil {
			b.index, b.hasIndex = int(n), true
		}
		return b, end + 1, nil
	case argAbspath:
		for _, s := range []string{".src", ".dst"} {
			if strings.HasPrefix(rest, s) {
				b.arg = s[1:]
				return b, len(s), nil
			}
		}
		return b, 0, nil
	}
	return b, 0, nil
}

func parseIndex(rest string, unsigned bool) (binding, int, error) {
	var b binding
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return b, 0, fmt.Errorf("%w: missing ]", ErrBadArgument)
	}
	b.arg = rest[1:end]
	bits := 32
	if unsigned {
		bits = 64
	}
	n, err := strconv.ParseInt(strings.TrimLeft(b.arg, " "), 10, bits)
	if unsigned {
		var u uint64
		u, err = strconv.ParseUint(b.arg, 10, 64)
		n = int64(u)
	}
	if err != nil {
		return b, 0, fmt.Errorf("%w: %q is not a number", ErrBadArgument, b.arg)
	}
	b.index, b.hasIndex = int(n), true
	return b, end + 1, nil
}

func wordChar(c byte, cgroup bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		return true
	case cgroup:
		return false
	case c >= '0' && c <= '9', c == '/', c == '.', c == '-':
		return true
	}
	return false
}

// longestParamName returns the longest parameter name of the event table that is a
// prefix of s, "" if none.
func longestParamName(s string) string {
	best := ""
	for _, name := range catalogue().paramNames {
		if len(name) > len(best) && strings.HasPrefix(s, name) {
			best = name
		}
	}
	return best
}

// rawargType is the type of the first event-table parameter called name.
func rawargType(name string) schema.ParamType {
	for i := 0; i < schema.LegacyMax; i++ {
		for _, p := range schema.Events[i].Params {
			if p.Name == name {
				return p.Type
			}
		}
	}
	return schema.TypeNone
}

// Nearest returns the known field name closest to name by edit distance.
func Nearest(name string) string {
	best, bestD := "", 1<<30
	for i := range schema.Fields {
		if d := editDistance(name, schema.Fields[i].Name); d < bestD {
			best, bestD = schema.Fields[i].Name, d
		}
	}
	for i := range extensionFields {
		if d := editDistance(name, extensionFields[i].Name); d < bestD {
			best, bestD = extensionFields[i].Name, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
