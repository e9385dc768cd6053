package filter

import (
	"strconv"
	"strings"
)

// Pos is a position in a condition's text: byte offset, 1-based line and 1-based column
// (in characters).
type Pos struct {
	Offset, Line, Column int
}

// Node is a node of a parsed condition: *And, *Or, *Not, *Check or *MacroRef.
type Node interface {
	// Position is where the node starts in Source().
	Position() Pos
	// Source is the condition text the node was parsed from.
	Source() string
	// String renders the node as condition text that parses back to the same tree.
	String() string
	node()
}

// origin records where a node comes from.
type origin struct {
	Pos Pos
	Src string
}

func (o origin) Position() Pos  { return o.Pos }
func (o origin) Source() string { return o.Src }

// And holds when every operand holds.
type And struct {
	origin
	Operands []Node
}

// Or holds when some operand holds.
type Or struct {
	origin
	Operands []Node
}

// Not negates its operand.
type Not struct {
	origin
	Operand Node
}

// MacroRef is a bare identifier standing for a condition defined elsewhere.
type MacroRef struct {
	origin
	Name string
}

// Operand is the left side of a check (or the field of val()): a field reference with
// transformers applied innermost first.
type Operand struct {
	Pos Pos
	// Field is the field reference as written, e.g. "proc.aname[2]".
	Field string
	// Transformers are applied in order to the field's value (innermost first), e.g.
	// tolower(basename(fd.name)) is [basename tolower].
	Transformers []string
}

// Value is a right-hand value as written: Text is unescaped; Quoted says whether it was
// quoted. A value written as val(FIELD) has Field set instead.
type Value struct {
	Pos    Pos
	Text   string
	Quoted bool
	Field  *Operand
}

// Check compares an operand with values: Op is the operator as written (lower case,
// "==" kept); Values holds one value for comparison operators, the list for list
// operators and nothing for exists.
type Check struct {
	origin
	Left   Operand
	Op     string
	Values []Value
}

func (*And) node()      {}
func (*Or) node()       {}
func (*Not) node()      {}
func (*MacroRef) node() {}
func (*Check) node()    {}

func (n *And) String() string { return joinOperands(n.Operands, " and ") }
func (n *Or) String() string  { return joinOperands(n.Operands, " or ") }
func (n *Not) String() string { return "not " + parenthesize(n.Operand) }
func (n *MacroRef) String() string {
	return n.Name
}

func joinOperands(ops []Node, sep string) string {
	parts := make([]string, len(ops))
	for i, op := range ops {
		parts[i] = parenthesize(op)
	}
	return strings.Join(parts, sep)
}

// parenthesize renders n, in parentheses unless it is a check, a macro or a negation.
func parenthesize(n Node) string {
	switch n.(type) {
	case *Check, *MacroRef, *Not:
		return n.String()
	}
	return "(" + n.String() + ")"
}

func (o *Operand) String() string {
	var b strings.Builder
	for i := len(o.Transformers) - 1; i >= 0; i-- {
		b.WriteString(o.Transformers[i])
		b.WriteByte('(')
	}
	b.WriteString(o.Field)
	for range o.Transformers {
		b.WriteByte(')')
	}
	return b.String()
}

func (v *Value) String() string {
	if v.Field != nil {
		return "val(" + v.Field.String() + ")"
	}
	return quoteValue(v.Text)
}

func (n *Check) String() string {
	var b strings.Builder
	b.WriteString(n.Left.String())
	b.WriteByte(' ')
	b.WriteString(n.Op)
	switch {
	case isListOp(n.Op):
		b.WriteString(" (")
		for i := range n.Values {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(n.Values[i].String())
		}
		b.WriteByte(')')
	case len(n.Values) == 1:
		b.WriteByte(' ')
		b.WriteString(n.Values[0].String())
	}
	return b.String()
}

// quoteValue renders s as a double-quoted value whose unescaping gives s back.
func quoteValue(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			b.WriteString(`\x`)
			h := strconv.FormatUint(uint64(c), 16)
			if len(h) == 1 {
				b.WriteByte('0')
			}
			b.WriteString(h)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func isListOp(op string) bool {
	return op == "in" || op == "intersects" || op == "pmatch"
}
