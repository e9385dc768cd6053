package sql

import (
	"strconv"
	"strings"
	"time"
)

// Statement is a parsed query.
type Statement struct {
	Text    string // the query text as given
	Explain bool
	// Star is set by SELECT * and by a query without SELECT (a filter alone): the query
	// lists events instead of computing columns.
	Star    bool
	Items   []SelectItem
	From    *Source
	Where   *Filter
	Since   *Time
	Until   *Time
	GroupBy []Expr
	Having  Expr
	OrderBy []OrderItem
	Limit   int64 // -1 when there is no LIMIT
}

// SelectItem is one output column: an expression and its optional alias.
type SelectItem struct {
	Expr  Expr
	Alias string
}

// Name is the column name: the alias, else the expression as text.
func (s SelectItem) Name() string {
	if s.Alias != "" {
		return s.Alias
	}
	return s.Expr.String()
}

// Source is what FROM names: a scap capture, a Parquet file or glob, or a store
// directory. Which one is decided by the planner.
type Source struct {
	Path   string
	Offset int // byte offset in the query text
}

// Filter is the text of a WHERE clause in the filter language, exactly as written.
// Offset is where it starts in the query text, to place filter errors.
type Filter struct {
	Text   string
	Offset int
}

// TimeKind says what a time bound is relative to.
type TimeKind uint8

// Time bound kinds.
const (
	TimeAbsolute  TimeKind = iota // Ns since the epoch
	TimeFromNow                   // now + Offset (Offset is usually negative: '-2h')
	TimeFromStart                 // start of the data + Offset ('+10m')
)

// Time is a SINCE or UNTIL bound.
type Time struct {
	Kind   TimeKind
	Ns     int64         // TimeAbsolute: nanoseconds since the epoch
	Offset time.Duration // TimeFromNow, TimeFromStart
	Text   string        // as written
	At     int           // byte offset in the query text
}

// Resolve returns the bound in nanoseconds since the epoch, given the current time and
// the timestamp of the first event of the data.
func (t *Time) Resolve(now time.Time, dataStart int64) int64 {
	switch t.Kind {
	case TimeFromNow:
		return now.Add(t.Offset).UnixNano()
	case TimeFromStart:
		return dataStart + int64(t.Offset)
	}
	return t.Ns
}

// OrderItem is one ORDER BY term.
type OrderItem struct {
	Expr Expr
	Desc bool
}

// Expr is an expression of a SELECT list, GROUP BY, HAVING or ORDER BY.
type Expr interface {
	// Pos is the byte offset of the expression in the query text.
	Pos() int
	// String renders the expression in canonical form; it parses back to the same tree.
	String() string
}

// Field is a sysdig field (proc.name, proc.aname[2], evt.arg.fd) or, without a dot, a
// reference to a SELECT alias.
type Field struct {
	Name string
	At   int
}

// LiteralKind is the type of a literal.
type LiteralKind uint8

// Literal kinds.
const (
	LitNull LiteralKind = iota
	LitInt
	LitFloat
	LitString
	LitBool
	LitDuration
)

// Literal is a constant.
type Literal struct {
	Kind  LiteralKind
	Int   int64 // LitInt; LitDuration in nanoseconds
	Float float64
	Str   string
	Bool  bool
	Text  string // as written, for numbers and durations
	At    int
}

// Call is a function or aggregate call: count(*), count(distinct f), bucket(t, 1m).
type Call struct {
	Name     string // lower case
	Distinct bool
	Star     bool
	Args     []Expr
	At       int
}

// Binary is a binary operation: OR, AND, = != < <= > >=, + - * / %.
type Binary struct {
	Op   string
	L, R Expr
	At   int
}

// Unary is NOT x or -x.
type Unary struct {
	Op string // "NOT" or "-"
	X  Expr
	At int
}

func (e *Field) Pos() int   { return e.At }
func (e *Literal) Pos() int { return e.At }
func (e *Call) Pos() int    { return e.At }
func (e *Binary) Pos() int  { return e.At }
func (e *Unary) Pos() int   { return e.At }

func (e *Field) String() string {
	if isPlainName(e.Name) {
		return e.Name
	}
	return "`" + e.Name + "`"
}

// isPlainName reports whether s lexes back as one name token that is not a keyword.
func isPlainName(s string) bool {
	if s == "" || !isIdentStart(s[0]) || keywords[strings.ToUpper(s)] || strings.ContainsRune(s, '`') {
		return false
	}
	l := newLexer(s, 0)
	tok := l.scanName(0)
	return l.off == len(s) && tok.typ == tokIdent
}

func (e *Literal) String() string {
	switch e.Kind {
	case LitNull:
		return "NULL"
	case LitBool:
		if e.Bool {
			return "TRUE"
		}
		return "FALSE"
	case LitString:
		return quote(e.Str)
	case LitInt:
		if e.Text != "" {
			return e.Text
		}
		return strconv.FormatInt(e.Int, 10)
	case LitFloat:
		if e.Text != "" {
			return e.Text
		}
		return strconv.FormatFloat(e.Float, 'g', -1, 64)
	}
	return e.Text
}

// quote renders s as a single-quoted string literal.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

func (e *Call) String() string {
	var b strings.Builder
	b.WriteString(e.Name)
	b.WriteByte('(')
	if e.Distinct {
		b.WriteString("DISTINCT ")
	}
	if e.Star {
		b.WriteByte('*')
	}
	for i, a := range e.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.String())
	}
	b.WriteByte(')')
	return b.String()
}

func (e *Binary) String() string {
	return "(" + e.L.String() + " " + e.Op + " " + e.R.String() + ")"
}

func (e *Unary) String() string {
	if e.Op == "NOT" {
		return "(NOT " + e.X.String() + ")"
	}
	return "(-" + e.X.String() + ")"
}

// String renders the statement in canonical form.
func (s *Statement) String() string {
	var b strings.Builder
	if s.Explain {
		b.WriteString("EXPLAIN ")
	}
	if s.isBareFilter() {
		if s.Where != nil {
			b.WriteString(s.Where.Text)
		}
		return b.String()
	}
	b.WriteString("SELECT ")
	if s.Star {
		b.WriteByte('*')
	}
	for i, it := range s.Items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(it.Expr.String())
		if it.Alias != "" {
			b.WriteString(" AS ")
			b.WriteString((&Field{Name: it.Alias}).String())
		}
	}
	if s.From != nil {
		b.WriteString(" FROM ")
		b.WriteString(quote(s.From.Path))
	}
	if s.Where != nil {
		b.WriteString(" WHERE ")
		b.WriteString(s.Where.Text)
	}
	if s.Since != nil {
		b.WriteString(" SINCE " + quote(s.Since.Text))
	}
	if s.Until != nil {
		b.WriteString(" UNTIL " + quote(s.Until.Text))
	}
	for i, g := range s.GroupBy {
		if i == 0 {
			b.WriteString(" GROUP BY ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(g.String())
	}
	if s.Having != nil {
		b.WriteString(" HAVING " + s.Having.String())
	}
	for i, o := range s.OrderBy {
		if i == 0 {
			b.WriteString(" ORDER BY ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(o.Expr.String())
		if o.Desc {
			b.WriteString(" DESC")
		}
	}
	if s.Limit >= 0 {
		b.WriteString(" LIMIT " + strconv.FormatInt(s.Limit, 10))
	}
	return b.String()
}

// Walk calls fn for e and every expression below it, parents first; fn returning false
// skips the children.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch x := e.(type) {
	case *Call:
		for _, a := range x.Args {
			Walk(a, fn)
		}
	case *Binary:
		Walk(x.L, fn)
		Walk(x.R, fn)
	case *Unary:
		Walk(x.X, fn)
	}
}

// isBareFilter reports whether the statement is a filter alone that renders back as one:
// a filter text may hold clause keywords only when no SQL clause surrounds it.
func (s *Statement) isBareFilter() bool {
	if !s.Star || s.From != nil || s.Since != nil || s.Until != nil || s.Limit >= 0 || len(s.OrderBy) > 0 {
		return false
	}
	if s.Where == nil {
		return true
	}
	w, _ := firstWord(s.Where.Text, 0)
	return !startWords[w] && w != "EXPLAIN"
}
