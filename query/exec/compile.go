package exec

import (
	"fmt"
	"strings"

	"github.com/scrylabs/scry/query/sql"
)

// ListFields are the columns of an event listing (a query that is a filter alone, or
// SELECT *): the fields of sysdig's default output line.
var ListFields = []string{"evt.num", "evt.time", "evt.cpu", "proc.name", "thread.tid", "evt.dir", "evt.type", "evt.info"}

// timeFields are the fields that denote the event's timestamp. bucket() over them reads
// the timestamp itself; all but evt.rawtime render the bucket as a date and time.
var timeFields = map[string]bool{
	"evt.time": true, "evt.time.s": true, "evt.time.iso8601": true, "evt.datetime": true,
	"evt.datetime.s": true, "evt.rawtime": false,
}

// Column is one output column.
type Column struct {
	Name string
	// Time says the column holds nanoseconds since the epoch to render as a date and
	// time (bucket over evt.time and friends).
	Time bool
}

// Query is a compiled statement: which field values it needs from each event, and the
// operators that turn them into result rows. It is read-only once compiled.
type Query struct {
	Stmt *sql.Statement
	// Inputs are the fields each row must carry, in slot order (Batch.Cols).
	Inputs []string
	// InputPos is where each input is first named in the query text (byte offset), to
	// place errors about it; -1 for the fields of an event listing.
	InputPos []int
	Columns  []Column
	// List marks an event listing (rendered like sysdig's default line on a terminal).
	List bool

	grouped bool
	usesTs  bool      // some expression reads the event timestamp (bucket over a time field)
	keys    []node    // group keys over input rows
	aggs    []aggSpec // aggregate arguments over input rows
	outputs []node    // output columns: over group rows when grouped, else input rows
	having  node      // over group rows
	order   []orderKey
	limit   int64
}

// orderKey is one ORDER BY term.
type orderKey struct {
	n    node
	desc bool
}

// Compile compiles a statement into a query. Errors are *sql.Error values pointing at the
// offending expression.
func Compile(st *sql.Statement) (*Query, error) {
	q := &Query{Stmt: st, limit: st.Limit}
	items := st.Items
	if st.Star {
		q.List = true
		items = nil
		for _, f := range ListFields {
			items = append(items, sql.SelectItem{Expr: &sql.Field{Name: f}})
		}
	}
	c := &compiler{q: q, st: st, items: items, slots: map[string]int{}}
	if err := c.compile(); err != nil {
		return nil, err
	}
	return q, nil
}

type compiler struct {
	q     *Query
	st    *sql.Statement
	items []sql.SelectItem
	slots map[string]int
}

func (c *compiler) fail(at int, format string, args ...any) error {
	return &sql.Error{Query: c.st.Text, Offset: at, Msg: fmt.Sprintf(format, args...)}
}

// slot returns the input slot of a field named at byte offset at, adding it.
func (c *compiler) slot(name string, at int) int {
	if i, ok := c.slots[name]; ok {
		return i
	}
	i := len(c.q.Inputs)
	c.slots[name] = i
	c.q.Inputs = append(c.q.Inputs, name)
	if c.q.List {
		at = -1
	}
	c.q.InputPos = append(c.q.InputPos, at)
	return i
}

// alias returns the expression of the SELECT item with the given alias.
func (c *compiler) alias(name string) sql.Expr {
	for _, it := range c.items {
		if it.Alias != "" && it.Alias == name {
			return it.Expr
		}
	}
	return nil
}

// positional resolves GROUP BY / ORDER BY n (1-based SELECT position).
func (c *compiler) positional(e sql.Expr) (sql.Expr, error) {
	lit, ok := e.(*sql.Literal)
	if !ok || lit.Kind != sql.LitInt {
		return e, nil
	}
	if lit.Int < 1 || int(lit.Int) > len(c.items) {
		return nil, c.fail(lit.At, "position %d is not a SELECT column (1 to %d)", lit.Int, len(c.items))
	}
	return c.items[lit.Int-1].Expr, nil
}

func (c *compiler) compile() error {
	st := c.st
	c.q.grouped = len(st.GroupBy) > 0 || st.Having != nil
	for _, it := range c.items {
		if sql.HasAggregate(it.Expr) {
			c.q.grouped = true
		}
	}
	for _, o := range st.OrderBy {
		if sql.HasAggregate(o.Expr) {
			c.q.grouped = true
		}
	}
	if c.q.List && c.q.grouped {
		return c.fail(0, "SELECT * cannot be grouped")
	}
	rb := &rowBinder{c: c}
	var groupExprs []sql.Expr
	for _, g := range st.GroupBy {
		e, err := c.positional(g)
		if err != nil {
			return err
		}
		if f, ok := e.(*sql.Field); ok && !strings.Contains(f.Name, ".") {
			if a := c.alias(f.Name); a != nil {
				e = a
			}
		}
		if sql.HasAggregate(e) {
			return c.fail(g.Pos(), "GROUP BY cannot use an aggregate")
		}
		n, err := compile(e, rb)
		if err != nil {
			return err
		}
		groupExprs = append(groupExprs, e)
		c.q.keys = append(c.q.keys, n)
	}
	var b binder = rb
	if c.q.grouped {
		b = &groupBinder{c: c, rb: rb, groupExprs: groupExprs, aggIndex: map[string]int{}}
	}
	for _, it := range c.items {
		n, err := compile(it.Expr, b)
		if err != nil {
			return err
		}
		c.q.outputs = append(c.q.outputs, n)
		c.q.Columns = append(c.q.Columns, Column{Name: it.Name(), Time: isTimeBucket(it.Expr)})
	}
	if st.Having != nil {
		n, err := compile(st.Having, b)
		if err != nil {
			return err
		}
		c.q.having = n
	}
	for _, o := range st.OrderBy {
		e, err := c.positional(o.Expr)
		if err != nil {
			return err
		}
		n, err := compile(e, b)
		if err != nil {
			return err
		}
		c.q.order = append(c.q.order, orderKey{n: n, desc: o.Desc})
	}
	return nil
}

// isTimeBucket reports whether e is bucket() over a date-and-time field.
func isTimeBucket(e sql.Expr) bool {
	call, ok := e.(*sql.Call)
	if !ok || call.Name != "bucket" {
		return false
	}
	f, ok := call.Args[0].(*sql.Field)
	return ok && timeFields[f.Name]
}

// rowBinder binds expressions over the input fields of one event.
type rowBinder struct {
	c       *compiler
	inAlias map[string]bool
}

func (b *rowBinder) whole(e sql.Expr) node {
	call, ok := e.(*sql.Call)
	if !ok || call.Name != "bucket" {
		return nil
	}
	if f, ok := call.Args[0].(*sql.Field); ok {
		if _, isTime := timeFields[f.Name]; isTime {
			b.c.q.usesTs = true
			return bucketNode{x: tsNode{}, width: call.Args[1].(*sql.Literal).Int}
		}
	}
	return nil
}

func (b *rowBinder) field(f *sql.Field) (node, error) {
	if !strings.Contains(f.Name, ".") {
		a := b.c.alias(f.Name)
		if a == nil {
			return nil, b.c.fail(f.At, "%s is neither a field nor a column alias", f.Name)
		}
		if b.inAlias[f.Name] {
			return nil, b.c.fail(f.At, "alias %s refers to itself", f.Name)
		}
		if b.inAlias == nil {
			b.inAlias = map[string]bool{}
		}
		b.inAlias[f.Name] = true
		defer delete(b.inAlias, f.Name)
		return compile(a, b)
	}
	return slotNode{b.c.slot(f.Name, f.At)}, nil
}

func (b *rowBinder) aggregate(call *sql.Call) (node, error) {
	return nil, b.c.fail(call.At, "aggregate %s is not allowed here", call.Name)
}

// groupBinder binds expressions over groups: group keys and aggregate results.
type groupBinder struct {
	c          *compiler
	rb         *rowBinder
	groupExprs []sql.Expr
	aggIndex   map[string]int
	inAlias    map[string]bool
}

func (b *groupBinder) whole(e sql.Expr) node {
	s := e.String()
	for i, g := range b.groupExprs {
		if g.String() == s {
			return slotNode{i}
		}
	}
	return nil
}

func (b *groupBinder) field(f *sql.Field) (node, error) {
	if !strings.Contains(f.Name, ".") {
		if a := b.c.alias(f.Name); a != nil {
			if b.inAlias[f.Name] {
				return nil, b.c.fail(f.At, "alias %s refers to itself", f.Name)
			}
			if b.inAlias == nil {
				b.inAlias = map[string]bool{}
			}
			b.inAlias[f.Name] = true
			defer delete(b.inAlias, f.Name)
			return compile(a, b)
		}
		return nil, b.c.fail(f.At, "%s is neither a field nor a column alias", f.Name)
	}
	return nil, b.c.fail(f.At, "%s must appear in GROUP BY or inside an aggregate", f.Name)
}

func (b *groupBinder) aggregate(call *sql.Call) (node, error) {
	key := call.String()
	if i, ok := b.aggIndex[key]; ok {
		return aggNode{i}, nil
	}
	spec := aggSpec{kind: aggKinds[call.Name], text: key}
	switch {
	case call.Star:
		spec.kind = aggCountStar
	case call.Distinct:
		spec.kind = aggCountDistinct
	}
	if !call.Star {
		n, err := compile(call.Args[0], b.rb)
		if err != nil {
			return nil, err
		}
		spec.arg = n
	}
	i := len(b.c.q.aggs)
	b.c.q.aggs = append(b.c.q.aggs, spec)
	b.aggIndex[key] = i
	return aggNode{i}, nil
}

// Weighable reports whether partitions may hand this query pre-aggregated rows
// (Batch.Weights): rows with equal input values merged into one with their count. That
// holds for grouped queries whose aggregates depend only on the multiset of input rows
// (not first and last, which need each row's timestamp, nor time buckets, which read it).
func (q *Query) Weighable() bool {
	if !q.grouped || q.usesTs {
		return false
	}
	for _, a := range q.aggs {
		if a.kind == aggFirst || a.kind == aggLast {
			return false
		}
	}
	return true
}

// NeedsTimestamps reports whether the query reads rows' timestamps (Batch.Ts): for time
// buckets and for first and last. Partitions may leave Ts zero otherwise.
func (q *Query) NeedsTimestamps() bool {
	if q.usesTs {
		return true
	}
	for _, a := range q.aggs {
		if a.kind == aggFirst || a.kind == aggLast {
			return true
		}
	}
	return false
}
