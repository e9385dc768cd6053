package filter_test

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// refEval is the slow twin of the compiler: it interprets a parsed condition directly,
// with plain Go string and number operations, over the test world.
func refEval(t *testing.T, n filter.Node, ctx *state.EventContext, w *world) bool {
	switch n := n.(type) {
	case *filter.And:
		for _, o := range n.Operands {
			if !refEval(t, o, ctx, w) {
				return false
			}
		}
		return true
	case *filter.Or:
		for _, o := range n.Operands {
			if refEval(t, o, ctx, w) {
				return true
			}
		}
		return false
	case *filter.Not:
		return !refEval(t, n.Operand, ctx, w)
	case *filter.Check:
		return refCheck(t, n, ctx, w)
	}
	t.Fatalf("reference: unexpected node %T", n)
	return false
}

func refValues(t *testing.T, field string, ctx *state.EventContext, w *world) ([]fields.Value, bool) {
	f, _, err := testResolver{}.Lookup(field)
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := f.Extractor.(*multiExtractor); ok {
		return m.all(ctx, w), m.strict
	}
	var v fields.Value
	if f.Extractor.Extract(ctx, w, &v) {
		v.Bytes = slices.Clone(v.Bytes)
		return []fields.Value{v}, false
	}
	return nil, false
}

func refCheck(t *testing.T, c *filter.Check, ctx *state.EventContext, w *world) bool {
	vals, strict := refValues(t, c.Left.Field, ctx, w)
	if c.Op == "exists" {
		return len(vals) > 0
	}
	if len(vals) == 0 {
		return false
	}
	if c.Op == "!=" {
		eq := &filter.Check{Left: c.Left, Op: "=", Values: c.Values}
		if strict {
			for _, v := range vals {
				if refCompare(t, eq, v) {
					return false
				}
			}
			return true
		}
		for _, v := range vals {
			if !refCompare(t, eq, v) {
				return true
			}
		}
		return false
	}
	for _, v := range vals {
		if refCompare(t, c, v) {
			return true
		}
	}
	return false
}

func refCompare(t *testing.T, c *filter.Check, v fields.Value) bool {
	if c.Op == "in" {
		for _, x := range c.Values {
			if refCompare(t, &filter.Check{Left: c.Left, Op: "=", Values: []filter.Value{x}}, v) {
				return true
			}
		}
		return false
	}
	if c.Op == "pmatch" {
		for _, x := range c.Values {
			if refPathPrefix(x.Text, string(v.Bytes)) {
				return true
			}
		}
		return false
	}
	x := c.Values[0].Text
	switch v.Kind {
	case fields.KindInt, fields.KindUint:
		var a, b int64
		if v.Kind == fields.KindInt {
			a = v.Int
		} else {
			a = int64(v.Uint)
		}
		b, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			t.Fatalf("reference: %q is not a number", x)
		}
		switch c.Op {
		case "=":
			return a == b
		case "<":
			return a < b
		case "<=":
			return a <= b
		case ">":
			return a > b
		case ">=":
			return a >= b
		}
	case fields.KindBool:
		return strconv.FormatBool(v.Bool) == x
	case fields.KindIP:
		a, _ := netip.AddrFromSlice(v.Bytes)
		return a.String() == x
	case fields.KindString, fields.KindBytes:
		s := string(v.Bytes)
		switch c.Op {
		case "=":
			return s == x
		case "contains":
			return strings.Contains(s, x)
		case "icontains":
			return strings.Contains(strings.ToLower(s), strings.ToLower(x))
		case "startswith":
			return strings.HasPrefix(s, x)
		case "endswith":
			return strings.HasSuffix(s, x)
		case "glob":
			return refGlob(x, s)
		}
	}
	t.Fatalf("reference: no rule for %s on %v", c.Op, v.Kind)
	return false
}

// refGlob is a recursive matcher for patterns made of literals, * and ?.
func refGlob(p, s string) bool {
	if p == "" {
		return s == ""
	}
	switch p[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if refGlob(p[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && refGlob(p[1:], s[1:])
	}
	return s != "" && s[0] == p[0] && refGlob(p[1:], s[1:])
}

func refPathPrefix(prefix, path string) bool {
	split := func(s string) []string {
		return slices.DeleteFunc(strings.Split(s, "/"), func(c string) bool { return c == "" })
	}
	p, s := split(prefix), split(path)
	return len(p) <= len(s) && slices.Equal(p, s[:len(p)])
}

// randomFilter writes a random condition over the fields the test world provides.
func randomFilter(r *rand.Rand, depth int) string {
	if depth > 0 && r.IntN(3) > 0 {
		a, b := randomFilter(r, depth-1), randomFilter(r, depth-1)
		switch r.IntN(4) {
		case 0:
			return a + " and " + b
		case 1:
			return a + " or " + b
		case 2:
			return "(" + a + " or " + b + ") and " + b
		default:
			return "not (" + a + ")"
		}
	}
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	switch r.IntN(10) {
	case 0:
		return "proc.name " + pick("=", "!=", "contains", "startswith", "endswith", "icontains") + " " +
			pick("bash", "cat", "ngi", "nginx", "h", "CAT", "dig")
	case 1:
		return "fd.name " + pick("=", "!=", "contains", "startswith", "endswith", "glob") + " " +
			pick("/etc/passwd", "/etc", "passwd", "*.TXT", "/tmp/*", "10.0.0.5:43210->93.184.216.34:80", "?etc*")
	case 2:
		return "evt.type " + pick("=", "!=") + " " + pick("open", "openat", "read", "mlock", "close", "write", "sendto")
	case 3:
		return "evt.type in (" + pick("open, close", "read, write, sendto", "mlock", "execve, connect") + ")"
	case 4:
		return "evt.dir " + pick("=", "!=") + " " + pick("<", ">")
	case 5:
		return "evt.rawres " + pick("=", "!=", "<", "<=", ">", ">=") + " " + pick("0", "-2", "3", "14", "30")
	case 6:
		return "fd.port " + pick("=", "!=", "<", ">=") + " " + pick("80", "53", "5353", "43210")
	case 7:
		return "proc.aname " + pick("=", "!=") + " " + pick("bash", "systemd", "nginx")
	case 8:
		return pick("fd.ip = 127.0.0.53", "fd.ip != 127.0.0.53", "fd.ip = 10.0.0.5", "fd.name exists",
			"evt.failed = true", "evt.failed != true", "user.name in (root, bob)", "fd.name pmatch (/etc, /tmp)")
	default:
		return "proc.name in (" + pick("bash", "cat, dig", "nginx, sshd, cat") + ")"
	}
}

// The compiled filter (folding, reordering, type prefilter, multi-valued fields) agrees
// with the direct interpretation on every event, and F and not F partition the events.
func TestCompiledMatchesReference(t *testing.T) {
	w := newWorld(t)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 1000; i++ {
		text := randomFilter(r, 3)
		n, err := filter.Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		f := compileTest(t, text, nil)
		neg := compileTest(t, "not ("+text+")", nil)
		for j, ctx := range w.events {
			got, want := f.Match(ctx, w), refEval(t, n, ctx, w)
			if got != want {
				t.Fatalf("%s on event %d: compiled %v, reference %v", text, j, got, want)
			}
			if neg.Match(ctx, w) == got {
				t.Fatalf("%s and its negation agree (%v) on event %d", text, got, j)
			}
		}
	}
}
