package rules

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Exception excludes events from a rule: each tuple of Values, compared with Fields
// through Comps, describes events the rule must not alert on.
type Exception struct {
	Name   string
	Fields []string
	Comps  []string
	// Values holds tuples of values, one value (or list of values, for in and pmatch)
	// per field.
	Values [][]ExceptionValue
	// Single is true when Fields was written as one name rather than a list: then each
	// tuple holds a single value and the comparison defaults to in.
	Single bool
}

// ExceptionValue is one value of an exception tuple: a scalar, or a list of scalars
// for in/pmatch comparisons.
type ExceptionValue struct {
	Scalar string
	List   []string
	IsList bool
}

// mergeExceptions appends the values of same-named exceptions and adds new ones.
func mergeExceptions(old, add []Exception) []Exception {
	for _, e := range add {
		found := false
		for i := range old {
			if old[i].Name == e.Name {
				old[i].Values = append(old[i].Values, e.Values...)
				found = true
				break
			}
		}
		if !found {
			old = append(old, e)
		}
	}
	return old
}

// readExceptions reads exception items; an item without fields (appending values to
// an exception of the rule) takes the fields and comps of the same-named exception in
// inherited.
func readExceptions(items []exceptionItem, inherited []Exception) ([]Exception, error) {
	var out []Exception
	for _, it := range items {
		e := Exception{Name: it.Name}
		fields, isList := scalars(&it.Fields)
		e.Fields, e.Single = fields, !isList && len(fields) == 1
		comps, _ := scalars(&it.Comps)
		e.Comps = comps
		if len(e.Fields) == 0 {
			for _, old := range inherited {
				if old.Name == e.Name {
					e.Fields, e.Single, e.Comps = old.Fields, old.Single, old.Comps
				}
			}
			if len(e.Fields) == 0 {
				return nil, fmt.Errorf("exception %s has no fields", e.Name)
			}
		}
		if len(e.Comps) == 0 {
			def := "="
			if e.Single {
				def = "in"
			}
			for range e.Fields {
				e.Comps = append(e.Comps, def)
			}
		}
		if len(e.Comps) != len(e.Fields) {
			return nil, fmt.Errorf("exception %s: %d comps for %d fields", e.Name, len(e.Comps), len(e.Fields))
		}
		if it.Values.Kind != 0 && it.Values.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("exception %s: values must be a list", e.Name)
		}
		for _, tuple := range it.Values.Content {
			var vals []ExceptionValue
			if e.Single {
				vals = []ExceptionValue{exceptionValue(tuple)}
			} else {
				if tuple.Kind != yaml.SequenceNode || len(tuple.Content) != len(e.Fields) {
					return nil, fmt.Errorf("exception %s: line %d: want a list of %d values", e.Name, tuple.Line, len(e.Fields))
				}
				for _, v := range tuple.Content {
					vals = append(vals, exceptionValue(v))
				}
			}
			e.Values = append(e.Values, vals)
		}
		out = append(out, e)
	}
	return out, nil
}
func exceptionValue(n *yaml.Node) ExceptionValue {
	if n.Kind == yaml.SequenceNode {
		v := ExceptionValue{IsList: true}
		for _, c := range n.Content {
			v.List = append(v.List, c.Value)
		}
		return v
	}
	return ExceptionValue{Scalar: n.Value}
}

// exceptionCondition renders the exceptions as a condition that holds for excepted
// events, "" when there is none.
func exceptionCondition(excs []Exception, isList func(string) bool) string {
	var terms []string
	for _, e := range excs {
		for _, tuple := range e.Values {
			var parts []string
			for i, f := range e.Fields {
				parts = append(parts, f+" "+e.Comps[i]+" "+exceptionOperand(e.Comps[i], tuple[i], isList))
			}
			terms = append(terms, "("+strings.Join(parts, " and ")+")")
		}
	}
	return strings.Join(terms, " or ")
}

// exceptionOperand renders one exception value for its comparison: a parenthesised list
// for in/intersects/pmatch (a list name stays a reference), a quoted value otherwise.
func exceptionOperand(comp string, v ExceptionValue, isList func(string) bool) string {
	listOp := comp == "in" || comp == "intersects" || comp == "pmatch"
	if !listOp {
		return quote(v.Scalar)
	}
	items := v.List
	if !v.IsList {
		if isList(v.Scalar) {
			return "(" + v.Scalar + ")"
		}
		items = []string{v.Scalar}
	}
	q := make([]string, len(items))
	for i, s := range items {
		if isList(s) {
			q[i] = s
		} else {
			q[i] = quote(s)
		}
	}
	return "(" + strings.Join(q, ", ") + ")"
}

// quote renders s as a quoted condition value.
func quote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s // already quoted in the file
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
