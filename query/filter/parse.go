package filter

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Parse parses a condition into its syntax tree. Macro names are kept as *MacroRef
// nodes; lists are not expanded. A condition that does not parse returns a
// *SyntaxError.
func Parse(text string) (Node, error) {
	if strings.TrimSpace(text) == "" {
		return nil, &SyntaxError{Filter: text, Pos: Pos{Offset: 0, Line: 1, Column: 1},
			Expected: "a condition", Found: "an empty filter"}
	}
	g, err := filterParser().ParseString("", text)
	if err != nil {
		return nil, syntaxError(text, err)
	}
	b := builder{src: text}
	n := b.expr(g)
	if b.err != nil {
		return nil, b.err
	}
	return n, nil
}

// builder turns the participle tree into Nodes.
type builder struct {
	src string
	err error
}

func pos(p lexer.Position) Pos {
	return Pos{Offset: p.Offset, Line: p.Line, Column: p.Column}
}

func (b *builder) at(p lexer.Position) origin { return origin{Pos: pos(p), Src: b.src} }

func (b *builder) expr(g *gExpr) Node {
	if len(g.Or) == 1 {
		return b.and(g.Or[0])
	}
	n := &Or{origin: b.at(g.Pos)}
	for _, a := range g.Or {
		n.Operands = append(n.Operands, b.and(a))
	}
	return n
}

func (b *builder) and(g *gAnd) Node {
	if len(g.And) == 1 {
		return b.unary(g.And[0])
	}
	n := &And{origin: b.at(g.Pos)}
	for _, u := range g.And {
		n.Operands = append(n.Operands, b.unary(u))
	}
	return n
}

func (b *builder) unary(g *gUnary) Node {
	n := b.term(g.Term)
	for range g.Nots {
		n = &Not{origin: b.at(g.Pos), Operand: n}
	}
	return n
}

func (b *builder) term(g *gTerm) Node {
	switch {
	case g.Group != nil:
		return b.expr(g.Group)
	case g.Check != nil:
		return b.check(g.Check)
	default:
		return &MacroRef{origin: b.at(g.Pos), Name: g.Macro}
	}
}

func (b *builder) check(g *gCheck) Node {
	c := &Check{origin: b.at(g.Pos), Left: b.operand(g.Left)}
	switch {
	case g.Exists != "":
		c.Op = "exists"
	case g.ListOp != "":
		c.Op = g.ListOp
		c.Values = make([]Value, 0, len(g.Items))
		for _, it := range g.Items {
			c.Values = append(c.Values, b.value(it))
		}
	default:
		c.Op = g.CmpOp
		c.Values = []Value{b.value(g.Value)}
	}
	return c
}

func (b *builder) operand(g *gOperand) Operand {
	if g.Field != "" {
		return Operand{Pos: pos(g.Pos), Field: g.Field}
	}
	o := b.operand(g.Inner)
	o.Pos = pos(g.Pos)
	o.Transformers = append(o.Transformers, strings.TrimSuffix(g.Transformer, "("))
	return o
}

func (b *builder) value(g *gValue) Value {
	v := Value{Pos: pos(g.Pos)}
	switch {
	case g.ValRef != "":
		inner := strings.TrimSpace(g.ValRef[len("val(") : len(g.ValRef)-1])
		fp := pos(g.Pos)
		fp.Offset += strings.Index(g.ValRef, inner)
		fp.Column += strings.Index(g.ValRef, inner)
		v.Field = &Operand{Pos: fp, Field: inner}
		return v
	case g.Quoted != "":
		v.Quoted = true
		v.Text = b.unescape(g.Quoted[1:len(g.Quoted)-1], g.Pos, 1)
	default:
		v.Text = b.unescape(g.Bare, g.Pos, 0)
	}
	return v
}

// unescape decodes the escapes of a value token, recording a syntax error for a bad
// \x escape. skip is the number of characters between the token start and s (the
// opening quote).
func (b *builder) unescape(s string, at lexer.Position, skip int) string {
	out, bad := unescapeText(s)
	if bad >= 0 && b.err == nil {
		p := pos(at)
		p.Offset += skip + bad
		p.Column += skip + len([]rune(s[:bad]))
		b.err = &SyntaxError{Filter: b.src, Pos: p,
			Msg: `unrecognized escape sequence: \x needs two hexadecimal digits`}
	}
	return out
}

// unescapeText decodes \\, \", \' and \xHH; any other backslash stays as written. bad is
// the byte offset of a malformed \x escape, or -1.
func unescapeText(s string) (string, int) {
	if !strings.Contains(s, `\`) {
		return s, -1
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			out.WriteByte(c)
			continue
		}
		switch n := s[i+1]; n {
		case '\\', '"', '\'':
			out.WriteByte(n)
			i++
		case 'x':
			hi, ok1 := unhex(s, i+2)
			lo, ok2 := unhex(s, i+3)
			if !ok1 || !ok2 {
				return s, i
			}
			out.WriteByte(hi<<4 | lo)
			i += 3
		default:
			out.WriteByte(c)
		}
	}
	return out.String(), -1
}

func unhex(s string, i int) (byte, bool) {
	if i >= len(s) {
		return 0, false
	}
	c := s[i]
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// syntaxError turns a participle error into a *SyntaxError that says what was expected
// from what precedes the error position.
func syntaxError(text string, err error) error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return &SyntaxError{Filter: text, Pos: Pos{Line: 1, Column: 1}, Msg: err.Error()}
	}
	p := perr.Position()
	e := &SyntaxError{Filter: text, Pos: pos(p)}
	if e.Pos.Line == 0 {
		e.Pos.Line = 1
	}
	if e.Pos.Column == 0 {
		e.Pos.Column = 1
	}
	ctx := scanContext(text, p.Offset)
	rest := text[min(p.Offset, len(text)):]
	var lexErr *lexer.Error
	isLex := errors.As(err, &lexErr)
	e.Found = describeFound(rest)
	switch ctx.last {
	case "", "and", "or", "not", "(":
		e.Expected = "a field, a macro, 'not' or '('"
	case "transformer":
		e.Expected = "a field or a transformer"
	case "operator":
		e.Expected = "a value"
	case "listop":
		e.Expected = fmt.Sprintf("'(' and a list of values after '%s'", ctx.lastText)
	case "open", "comma":
		e.Expected = "a value"
	case "item":
		e.Expected = "',' or ')'"
	case "field":
		e.Expected = "an operator"
		if ctx.depth > 0 && ctx.inTransformer {
			e.Expected = "an operator or ')'"
		}
	default: // after a complete check, a macro or a ')'
		switch {
		case ctx.depth > 0:
			e.Expected = "'and', 'or' or ')'"
		case strings.HasPrefix(rest, ")"):
			e.Msg = "unbalanced ')': no '(' to close"
		default:
			e.Expected = "'and', 'or' or the end of the filter"
		}
	}
	if isLex && (strings.HasPrefix(rest, `"`) || strings.HasPrefix(rest, `'`)) &&
		(ctx.last == "operator" || ctx.last == "open" || ctx.last == "comma") {
		e.Msg = "unclosed quote"
	}
	return e
}

// describeFound renders the text at the error position for "found ...".
func describeFound(rest string) string {
	rest = strings.TrimLeft(rest, " \t\r\n")
	if rest == "" {
		return "the end of the filter"
	}
	end := strings.IndexAny(rest, " \t\r\n")
	if end < 0 {
		end = len(rest)
	}
	tok := rest[:end]
	if r := []rune(tok); len(r) > 20 {
		tok = string(r[:20]) + "..."
	}
	if tok[0] == '(' || tok[0] == ')' || tok[0] == ',' {
		tok = tok[:1]
	}
	return fmt.Sprintf("%q", tok)
}

// parseContext is what precedes an error position: the kind of the last token and
// how deep in parentheses it is.
type parseContext struct {
	last, lastText string
	depth          int
	inTransformer  bool
}

// scanContext lexes text up to offset and classifies the last token.
func scanContext(text string, offset int) parseContext {
	var ctx parseContext
	lx, err := filterLexer().LexString("", text)
	if err != nil {
		return ctx
	}
	syms := filterLexer().Symbols()
	name := make(map[lexer.TokenType]string, len(syms))
	for k, v := range syms {
		name[v] = k
	}
	var stack []bool // true for a transformer's parenthesis
	for {
		tok, err := lx.Next()
		if err != nil || tok.EOF() || tok.Pos.Offset >= offset {
			break
		}
		switch name[tok.Type] {
		case "Whitespace":
			continue
		case "Keyword":
			ctx.last = tok.Value
		case "Transformer":
			ctx.last = "transformer"
			stack = append(stack, true)
		case "Item", "BareItem":
			ctx.last = "item"
		case "UnaryOp", "String", "Bare", "ValRef", "Close", "Ident":
			ctx.last = "done"
		case "ListOp":
			ctx.last = "listop"
		case "WordOp", "SymOp":
			ctx.last = "operator"
		case "Field":
			ctx.last = "field"
		case "Open":
			ctx.last = "open"
		case "Comma":
			ctx.last = "comma"
		case "Punct":
			if tok.Value == "(" {
				ctx.last = "("
				stack = append(stack, false)
			} else {
				if n := len(stack); n > 0 {
					if stack[n-1] {
						ctx.last = "field" // a transformed operand wants an operator
					} else {
						ctx.last = "done"
					}
					stack = stack[:n-1]
				} else {
					ctx.last = "done"
				}
			}
		}
		ctx.lastText = tok.Value
	}
	ctx.depth = len(stack)
	ctx.inTransformer = len(stack) > 0 && stack[len(stack)-1]
	return ctx
}
