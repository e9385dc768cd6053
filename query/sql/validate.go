package sql

// Function kinds.
const (
	FuncAggregate = 1 + iota
	FuncScalar
)

// Functions lists the functions of the language and their kind.
var Functions = map[string]int{
	"count": FuncAggregate, "sum": FuncAggregate, "min": FuncAggregate, "max": FuncAggregate,
	"avg": FuncAggregate, "first": FuncAggregate, "last": FuncAggregate,
	"bucket": FuncScalar,
}

// IsAggregate reports whether e is an aggregate call.
func IsAggregate(e Expr) bool {
	c, ok := e.(*Call)
	return ok && Functions[c.Name] == FuncAggregate
}

// HasAggregate reports whether e contains an aggregate call.
func HasAggregate(e Expr) bool {
	found := false
	Walk(e, func(x Expr) bool {
		if IsAggregate(x) {
			found = true
		}
		return !found
	})
	return found
}

// validate checks what the grammar cannot: function names and arities, where aggregates
// may appear, and clauses that need others.
func validate(st *Statement) *Error {
	var err *Error
	fail := func(off int, format string, args ...any) {
		if err == nil {
			err = errorAt(st.Text, off, format, args...)
		}
	}
	var check func(e Expr, inAgg, aggOK bool)
	check = func(e Expr, inAgg, aggOK bool) {
		Walk(e, func(x Expr) bool {
			c, ok := x.(*Call)
			if !ok {
				return true
			}
			kind, known := Functions[c.Name]
			if !known {
				fail(c.At, "unknown function %s (functions: count, sum, min, max, avg, first, last, bucket)", c.Name)
				return false
			}
			if kind == FuncAggregate {
				if !aggOK {
					fail(c.At, "aggregate %s is not allowed here", c.Name)
				}
				if inAgg {
					fail(c.At, "aggregate %s inside another aggregate", c.Name)
				}
			}
			switch {
			case c.Star && c.Name != "count":
				fail(c.At, "%s(*) is not a function: only count(*)", c.Name)
			case c.Distinct && c.Name != "count":
				fail(c.At, "DISTINCT is only allowed in count(DISTINCT f)")
			case c.Name == "bucket" && len(c.Args) != 2:
				fail(c.At, "bucket takes a time field and a duration: bucket(evt.rawtime, 1m)")
			case c.Name == "bucket":
				if lit, ok := c.Args[1].(*Literal); !ok || lit.Kind != LitDuration && lit.Kind != LitInt || lit.Int <= 0 {
					fail(c.Args[1].Pos(), "bucket width must be a positive duration such as 1m")
				}
			case kind == FuncAggregate && !c.Star && len(c.Args) != 1:
				fail(c.At, "%s takes one argument", c.Name)
			}
			for _, a := range c.Args {
				check(a, inAgg || kind == FuncAggregate, aggOK)
			}
			return false
		})
	}
	for _, it := range st.Items {
		check(it.Expr, false, true)
	}
	for _, g := range st.GroupBy {
		check(g, false, false)
	}
	if st.Having != nil {
		check(st.Having, false, true)
	}
	for _, o := range st.OrderBy {
		check(o.Expr, false, true)
	}
	if st.Star && (len(st.GroupBy) > 0 || st.Having != nil) {
		off := 0
		if len(st.GroupBy) > 0 {
			off = st.GroupBy[0].Pos()
		} else {
			off = st.Having.Pos()
		}
		fail(off, "GROUP BY and HAVING need a SELECT list")
	}
	return err
}
