package sql

import (
	"strconv"
	"strings"
)

// The grammar, parsed by recursive descent over the lexer's tokens:
//
//	statement = [EXPLAIN] [SELECT ( "*" | item {"," item} )] {clause}
//	item      = expr [AS ident]
//	clause    = FROM (string | path | ident) | WHERE filter | SINCE time | UNTIL time
//	          | GROUP BY expr {"," expr} | HAVING expr | ORDER BY expr [ASC|DESC] {"," ...}
//	          | LIMIT number
//	time      = ["-" | "+"] (duration | string | number | ident)
//	expr      = and {OR and};  and = not {AND not};  not = NOT not | cmp
//	cmp       = add [("=" | "==" | "!=" | "<>" | "<=" | ">=" | "<" | ">") add]
//	add       = mul {("+" | "-") mul};  mul = unary {("*" | "/" | "%") unary}
//	unary     = "-" unary | primary
//	primary   = ident "(" [DISTINCT] ("*" | [expr {"," expr}]) ")" | number | duration
//	          | string | TRUE | FALSE | NULL | ident | "(" expr ")"

// parser holds the parse of one query. A syntax error stops it (syntaxError panics,
// recovered by parse); other errors are kept, the first one reported once the whole
// query has parsed.
type parser struct {
	text  string
	lx    *queryLexer
	tok   token   // the current token
	ahead []token // tokens read past tok
	err   *Error  // the first error that did not stop the parse
}

// syntaxError carries a syntax error out of the descent.
type syntaxError struct{ err *Error }

// parseStatement parses a query in the SQL form.
func parseStatement(text string) (st *Statement, err error) {
	p := &parser{text: text, lx: newLexer(text, 0)}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(syntaxError)
			if !ok {
				panic(r)
			}
			st, err = nil, se.err
		}
	}()
	p.advance()
	st = p.statement()
	if p.err != nil {
		return nil, p.err
	}
	return st, nil
}

func (p *parser) fail(e *Error) { panic(syntaxError{e}) }

// note keeps the first error that does not stop the parse.
func (p *parser) note(off int, format string, args ...any) {
	if p.err == nil {
		p.err = errorAt(p.text, off, format, args...)
	}
}

func (p *parser) read() token {
	t, err := p.lx.next()
	if err != nil {
		p.fail(err.(*Error))
	}
	return t
}

// advance moves to the next token.
func (p *parser) advance() {
	if len(p.ahead) > 0 {
		p.tok = p.ahead[0]
		p.ahead = p.ahead[1:]
		return
	}
	p.tok = p.read()
}

// peek returns the token after the current one.
func (p *parser) peek() token {
	if len(p.ahead) == 0 {
		p.ahead = append(p.ahead, p.read())
	}
	return p.ahead[0]
}

func (p *parser) isKw(kw string) bool   { return p.tok.typ == tokKeyword && p.tok.val == kw }
func (p *parser) isPunct(v string) bool { return p.tok.typ == tokPunct && p.tok.val == v }

// unexpected stops at the current token.
func (p *parser) unexpected() {
	if p.tok.typ == tokEOF {
		p.fail(errorAt(p.text, p.tok.off, "unexpected end of the query"))
	}
	shown := p.tok.val
	if p.tok.typ == tokString {
		shown = "'" + shown + "'"
	}
	p.fail(errorAt(p.text, p.tok.off, "unexpected token %q", shown))
}

func (p *parser) expectKw(kw string) {
	if !p.isKw(kw) {
		p.unexpected()
	}
	p.advance()
}

func (p *parser) expectPunct(v string) {
	if !p.isPunct(v) {
		p.unexpected()
	}
	p.advance()
}

// clauseKeywords start the clauses after the SELECT list.
var clauseKeywords = map[string]bool{
	"FROM": true, "WHERE": true, "SINCE": true, "UNTIL": true, "GROUP": true, "HAVING": true,
	"ORDER": true, "LIMIT": true,
}

func (p *parser) statement() *Statement {
	st := &Statement{Text: p.text, Limit: -1}
	if p.isKw("EXPLAIN") {
		st.Explain = true
		p.advance()
	}
	if p.isKw("SELECT") {
		p.advance()
		if p.isPunct("*") {
			st.Star = true
			p.advance()
		} else {
			st.Items = append(st.Items, p.item())
			for p.isPunct(",") {
				p.advance()
				st.Items = append(st.Items, p.item())
			}
		}
	} else {
		st.Star = true
	}
	seen := map[string]bool{}
	for p.tok.typ == tokKeyword && clauseKeywords[p.tok.val] {
		p.clause(st, seen)
	}
	if p.tok.typ != tokEOF {
		p.unexpected()
	}
	return st
}

func (p *parser) item() SelectItem {
	it := SelectItem{Expr: p.expr()}
	if p.isKw("AS") {
		p.advance()
		if p.tok.typ != tokIdent {
			p.unexpected()
		}
		it.Alias = p.tok.val
		p.advance()
	}
	return it
}

// clause parses one clause into st; seen records the clauses already given.
func (p *parser) clause(st *Statement, seen map[string]bool) {
	kw := p.tok
	name := kw.val
	p.advance()
	if name == "GROUP" || name == "ORDER" {
		p.expectKw("BY")
		name += " BY"
	}
	if seen[name] {
		p.note(kw.off, "%s given twice", name)
	}
	seen[name] = true
	switch name {
	case "FROM":
		switch p.tok.typ {
		case tokString, tokPath, tokIdent:
		default:
			p.unexpected()
		}
		st.From = &Source{Path: p.tok.val, Offset: p.tok.off}
		p.advance()
	case "WHERE":
		if p.tok.typ != tokFilter {
			p.unexpected()
		}
		if p.tok.val == "" {
			p.note(kw.off, "WHERE needs a filter")
		}
		st.Where = &Filter{Text: p.tok.val, Offset: p.tok.off}
		p.advance()
	case "SINCE":
		st.Since = p.time()
	case "UNTIL":
		st.Until = p.time()
	case "GROUP BY":
		st.GroupBy = append(st.GroupBy, p.expr())
		for p.isPunct(",") {
			p.advance()
			st.GroupBy = append(st.GroupBy, p.expr())
		}
	case "HAVING":
		st.Having = p.expr()
	case "ORDER BY":
		for {
			o := OrderItem{Expr: p.expr()}
			if p.isKw("ASC") || p.isKw("DESC") {
				o.Desc = p.tok.val == "DESC"
				p.advance()
			}
			st.OrderBy = append(st.OrderBy, o)
			if !p.isPunct(",") {
				break
			}
			p.advance()
		}
	case "LIMIT":
		if p.tok.typ != tokNumber {
			p.unexpected()
		}
		n, err := strconv.ParseInt(p.tok.val, 10, 64)
		if err != nil || n < 0 {
			p.note(p.tok.off, "LIMIT needs a whole number, got %s", p.tok.val)
		}
		st.Limit = n
		p.advance()
	}
}

// time parses a SINCE or UNTIL bound.
func (p *parser) time() *Time {
	at := p.tok.off
	sign := ""
	if p.isPunct("-") || p.isPunct("+") {
		sign = p.tok.val
		p.advance()
	}
	t := &Time{At: at}
	var text string
	switch p.tok.typ {
	case tokDuration, tokNumber, tokIdent:
		text = sign + p.tok.val
	case tokString:
		if sign != "" {
			p.note(at, "a sign goes inside the quotes: '%s%s'", sign, p.tok.val)
			p.advance()
			return t
		}
		text = p.tok.val
	default:
		p.unexpected()
	}
	p.advance()
	parsed, err := parseTime(text)
	if err != nil {
		p.note(at, "%s", err.Error())
		t.Text = text
		return t
	}
	*t = parsed
	t.At = at
	return t
}

func (p *parser) expr() Expr {
	e := p.and()
	for p.isKw("OR") {
		p.advance()
		e = &Binary{Op: "OR", L: e, R: p.and(), At: e.Pos()}
	}
	return e
}

func (p *parser) and() Expr {
	e := p.not()
	for p.isKw("AND") {
		p.advance()
		e = &Binary{Op: "AND", L: e, R: p.not(), At: e.Pos()}
	}
	return e
}

func (p *parser) not() Expr {
	if p.isKw("NOT") {
		at := p.tok.off
		p.advance()
		return &Unary{Op: "NOT", X: p.not(), At: at}
	}
	return p.cmp()
}

// comparisons maps a comparison operator to its canonical form.
var comparisons = map[string]string{"=": "=", "==": "=", "!=": "!=", "<>": "!=", "<=": "<=", ">=": ">=", "<": "<", ">": ">"}

func (p *parser) cmp() Expr {
	l := p.add()
	if p.tok.typ != tokPunct {
		return l
	}
	op, ok := comparisons[p.tok.val]
	if !ok {
		return l
	}
	p.advance()
	return &Binary{Op: op, L: l, R: p.add(), At: l.Pos()}
}

func (p *parser) add() Expr {
	e := p.mul()
	for p.isPunct("+") || p.isPunct("-") {
		op := p.tok.val
		p.advance()
		e = &Binary{Op: op, L: e, R: p.mul(), At: e.Pos()}
	}
	return e
}

func (p *parser) mul() Expr {
	e := p.unary()
	for p.isPunct("*") || p.isPunct("/") || p.isPunct("%") {
		op := p.tok.val
		p.advance()
		e = &Binary{Op: op, L: e, R: p.unary(), At: e.Pos()}
	}
	return e
}

func (p *parser) unary() Expr {
	if !p.isPunct("-") {
		return p.primary()
	}
	at := p.tok.off
	p.advance()
	x := p.unary()
	if lit, ok := x.(*Literal); ok && (lit.Kind == LitInt || lit.Kind == LitFloat) && lit.Text != "" && lit.Text[0] != '-' {
		neg := *lit
		neg.Int, neg.Float, neg.Text, neg.At = -lit.Int, -lit.Float, "-"+lit.Text, at
		return &neg
	}
	return &Unary{Op: "-", X: x, At: at}
}

func (p *parser) primary() Expr {
	t := p.tok
	switch t.typ {
	case tokIdent:
		if nt := p.peek(); nt.typ == tokPunct && nt.val == "(" {
			return p.call()
		}
		p.advance()
		return &Field{Name: t.val, At: t.off}
	case tokNumber:
		p.advance()
		return p.number(t.val, t.off)
	case tokDuration:
		p.advance()
		d, err := parseDuration(t.val)
		if err != nil {
			p.note(t.off, "%s", err.Error())
		}
		return &Literal{Kind: LitDuration, Int: int64(d), Text: t.val, At: t.off}
	case tokString:
		p.advance()
		return &Literal{Kind: LitString, Str: t.val, At: t.off}
	case tokKeyword:
		switch t.val {
		case "TRUE", "FALSE":
			p.advance()
			return &Literal{Kind: LitBool, Bool: t.val == "TRUE", At: t.off}
		case "NULL":
			p.advance()
			return &Literal{Kind: LitNull, At: t.off}
		}
	case tokPunct:
		if t.val == "(" {
			p.advance()
			e := p.expr()
			p.expectPunct(")")
			return e
		}
	}
	p.unexpected()
	return nil
}

func (p *parser) call() Expr {
	c := &Call{Name: strings.ToLower(p.tok.val), At: p.tok.off}
	p.advance()
	p.expectPunct("(")
	if p.isKw("DISTINCT") {
		c.Distinct = true
		p.advance()
	}
	switch {
	case p.isPunct("*"):
		c.Star = true
		p.advance()
	case !p.isPunct(")"):
		c.Args = append(c.Args, p.expr())
		for p.isPunct(",") {
			p.advance()
			c.Args = append(c.Args, p.expr())
		}
	}
	p.expectPunct(")")
	return c
}

func (p *parser) number(s string, at int) Expr {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return &Literal{Kind: LitInt, Int: n, Text: s, At: at}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.note(at, "%s is not a number", s)
	}
	return &Literal{Kind: LitFloat, Float: f, Text: s, At: at}
}
