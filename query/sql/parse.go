package sql

import (
	"errors"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"
)

// startWords are the first words of a query written in the SQL form; any other text is
// a filter alone.
var startWords = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "SINCE": true, "UNTIL": true, "LIMIT": true,
	"ORDER": true, "GROUP": true, "HAVING": true,
}

// firstWord returns the first word of text from offset off and where it starts.
func firstWord(text string, off int) (string, int) {
	for off < len(text) && isSpace(text[off]) {
		off++
	}
	end := off
	for end < len(text) && isIdentStart(text[end]) {
		end++
	}
	return strings.ToUpper(text[off:end]), off
}

// Parse parses a query. Errors are *Error values pointing at the offending column.
func Parse(text string) (*Statement, error) {
	w, at := firstWord(text, 0)
	explain := false
	if w == "EXPLAIN" {
		explain = true
		w, at = firstWord(text, at+len(w))
	}
	if !startWords[w] {
		st := &Statement{Text: text, Explain: explain, Star: true, Limit: -1}
		if f := strings.TrimRight(text[at:], " \t\r\n"); f != "" {
			st.Where = &Filter{Text: f, Offset: at}
		}
		return st, nil
	}
	g, err := parseGrammar(text)
	if err != nil {
		var qe *Error
		if errors.As(err, &qe) {
			return nil, qe
		}
		var pe participle.Error
		if errors.As(err, &pe) {
			return nil, errorAt(text, pe.Position().Offset, "%s", pe.Message())
		}
		return nil, errorAt(text, 0, "%s", err.Error())
	}
	c := converter{text: text}
	st := c.statement(g)
	if c.err != nil {
		return nil, c.err
	}
	if err := validate(st); err != nil {
		return nil, err
	}
	return st, nil
}

// converter turns the participle tree into the AST, keeping the first error.
type converter struct {
	text string
	err  *Error
}

func (c *converter) fail(off int, format string, args ...any) {
	if c.err == nil {
		c.err = errorAt(c.text, off, format, args...)
	}
}

func (c *converter) statement(g *gStatement) *Statement {
	st := &Statement{Text: c.text, Explain: g.Explain, Limit: -1}
	if g.Select == nil || g.Select.Star {
		st.Star = true
	} else {
		for _, it := range g.Select.Items {
			item := SelectItem{Expr: c.expr(it.Expr)}
			if it.Alias != nil {
				item.Alias = *it.Alias
			}
			st.Items = append(st.Items, item)
		}
	}
	seen := map[string]bool{}
	once := func(cl *gClause, name string) {
		if seen[name] {
			c.fail(cl.Pos.Offset, "%s given twice", name)
		}
		seen[name] = true
	}
	for _, cl := range g.Clauses {
		switch {
		case cl.From != nil:
			once(cl, "FROM")
			st.From = &Source{Path: cl.From.Path, Offset: cl.From.Pos.Offset}
		case cl.Where != nil:
			once(cl, "WHERE")
			if cl.Where.Text == "" {
				c.fail(cl.Pos.Offset, "WHERE needs a filter")
			}
			st.Where = &Filter{Text: cl.Where.Text, Offset: cl.Where.Pos.Offset}
		case cl.Since != nil:
			once(cl, "SINCE")
			st.Since = c.time(cl.Since)
		case cl.Until != nil:
			once(cl, "UNTIL")
			st.Until = c.time(cl.Until)
		case cl.GroupBy != nil:
			once(cl, "GROUP BY")
			for _, e := range cl.GroupBy {
				st.GroupBy = append(st.GroupBy, c.expr(e))
			}
		case cl.Having != nil:
			once(cl, "HAVING")
			st.Having = c.expr(cl.Having)
		case cl.OrderBy != nil:
			once(cl, "ORDER BY")
			for _, o := range cl.OrderBy {
				st.OrderBy = append(st.OrderBy, OrderItem{Expr: c.expr(o.Expr), Desc: o.Dir == "DESC"})
			}
		case cl.Limit != nil:
			once(cl, "LIMIT")
			n, err := strconv.ParseInt(cl.Limit.Value, 10, 64)
			if err != nil || n < 0 {
				c.fail(cl.Limit.Pos.Offset, "LIMIT needs a whole number, got %s", cl.Limit.Value)
			}
			st.Limit = n
		}
	}
	return st
}

func (c *converter) time(g *gTime) *Time {
	t := &Time{At: g.Pos.Offset}
	var err error
	switch {
	case g.Duration != nil:
		t.Text = g.Sign + *g.Duration
		*t, err = parseTime(t.Text)
	case g.String != nil:
		if g.Sign != "" {
			c.fail(g.Pos.Offset, "a sign goes inside the quotes: '%s%s'", g.Sign, *g.String)
			return t
		}
		t.Text = *g.String
		*t, err = parseTime(t.Text)
	case g.Number != nil:
		t.Text = g.Sign + *g.Number
		*t, err = parseTime(t.Text)
	case g.Word != nil:
		t.Text = g.Sign + *g.Word
		*t, err = parseTime(t.Text)
	}
	t.At = g.Pos.Offset
	if err != nil {
		c.fail(g.Pos.Offset, "%s", err.Error())
	}
	return t
}

func (c *converter) expr(g *gExpr) Expr {
	e := c.and(g.Or[0])
	for _, r := range g.Or[1:] {
		e = &Binary{Op: "OR", L: e, R: c.and(r), At: e.Pos()}
	}
	return e
}

func (c *converter) and(g *gAnd) Expr {
	e := c.not(g.And[0])
	for _, r := range g.And[1:] {
		e = &Binary{Op: "AND", L: e, R: c.not(r), At: e.Pos()}
	}
	return e
}

func (c *converter) not(g *gNot) Expr {
	if g.Not != nil {
		return &Unary{Op: "NOT", X: c.not(g.Not), At: g.Pos.Offset}
	}
	return c.cmp(g.Cmp)
}

func (c *converter) cmp(g *gCmp) Expr {
	l := c.add(g.Left)
	if g.Op == "" {
		return l
	}
	op := g.Op
	switch op {
	case "==":
		op = "="
	case "<>":
		op = "!="
	}
	return &Binary{Op: op, L: l, R: c.add(g.Right), At: l.Pos()}
}

func (c *converter) add(g *gAdd) Expr {
	e := c.mul(g.Left)
	for _, r := range g.Rest {
		e = &Binary{Op: r.Op, L: e, R: c.mul(r.Right), At: e.Pos()}
	}
	return e
}

func (c *converter) mul(g *gMul) Expr {
	e := c.unary(g.Left)
	for _, r := range g.Rest {
		e = &Binary{Op: r.Op, L: e, R: c.unary(r.Right), At: e.Pos()}
	}
	return e
}

func (c *converter) unary(g *gUnary) Expr {
	if g.Neg != nil {
		x := c.unary(g.Neg)
		if lit, ok := x.(*Literal); ok && (lit.Kind == LitInt || lit.Kind == LitFloat) && lit.Text != "" && lit.Text[0] != '-' {
			neg := *lit
			neg.Int, neg.Float, neg.Text, neg.At = -lit.Int, -lit.Float, "-"+lit.Text, g.Pos.Offset
			return &neg
		}
		return &Unary{Op: "-", X: x, At: g.Pos.Offset}
	}
	return c.primary(g.Primary)
}

func (c *converter) primary(g *gPrimary) Expr {
	at := g.Pos.Offset
	switch {
	case g.Call != nil:
		call := &Call{Name: strings.ToLower(g.Call.Name), Distinct: g.Call.Distinct, Star: g.Call.Star, At: at}
		for _, a := range g.Call.Args {
			call.Args = append(call.Args, c.expr(a))
		}
		return call
	case g.Number != nil:
		return c.number(*g.Number, at)
	case g.Duration != nil:
		d, err := parseDuration(*g.Duration)
		if err != nil {
			c.fail(at, "%s", err.Error())
		}
		return &Literal{Kind: LitDuration, Int: int64(d), Text: *g.Duration, At: at}
	case g.String != nil:
		return &Literal{Kind: LitString, Str: *g.String, At: at}
	case g.Bool != nil:
		return &Literal{Kind: LitBool, Bool: *g.Bool == "TRUE", At: at}
	case g.Null:
		return &Literal{Kind: LitNull, At: at}
	case g.Field != nil:
		return &Field{Name: *g.Field, At: at}
	case g.Sub != nil:
		return c.expr(g.Sub)
	}
	c.fail(at, "expression expected")
	return &Literal{At: at}
}

func (c *converter) number(s string, at int) Expr {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return &Literal{Kind: LitInt, Int: n, Text: s, At: at}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		c.fail(at, "%s is not a number", s)
	}
	return &Literal{Kind: LitFloat, Float: f, Text: s, At: at}
}

// parseGrammar runs the participle parser. Participle reports a few dead ends of its
// lookahead by panicking with an error; those become ordinary errors here.
func parseGrammar(text string) (g *gStatement, err error) {
	defer func() {
		if r := recover(); r != nil {
			var pe participle.Error
			if e, ok := r.(error); ok && errors.As(e, &pe) {
				err = errorAt(text, pe.Position().Offset, "syntax error near %q", near(text, pe.Position().Offset))
				return
			}
			panic(r)
		}
	}()
	return parser.ParseString("", text)
}

// near returns the word at offset off, for error messages.
func near(text string, off int) string {
	off = min(max(off, 0), len(text))
	end := off
	for end < len(text) && !isSpace(text[end]) && end-off < 20 {
		end++
	}
	return text[off:end]
}
