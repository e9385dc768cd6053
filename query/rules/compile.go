package rules

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/filter"
)

// Options tune Compile and the Engine it returns.
type Options struct {
	// Resolver resolves condition fields; nil means filter.DefaultResolver().
	Resolver filter.Resolver
	// AllMatches raises an alert for every matching rule instead of the first one.
	AllMatches bool
}

// RuleError says why a rule was not compiled. Field names the field scry does not know
// when that is the reason.
type RuleError struct {
	Rule  *Rule
	Field string
	Err   error
}

func (e *RuleError) Error() string {
	where := fmt.Sprintf("%s:%d", e.Rule.File, e.Rule.Line)
	if e.Field != "" {
		return fmt.Sprintf("rule %q (%s) uses field %s, which scry does not know", e.Rule.Name, where, e.Field)
	}
	return fmt.Sprintf("rule %q (%s): %v", e.Rule.Name, where, e.Err)
}

func (e *RuleError) Unwrap() error { return e.Err }

// Summary counts what Compile did with the rules.
type Summary struct {
	Rules         int // rules loaded
	Compiled      int // syscall rules compiled, enabled or not
	Running       int // of Compiled, the enabled ones: the rules the engine runs
	Disabled      int // rules with enabled: false (compiled, not run)
	OtherSource   int // rules of another source (k8s_audit, plugins): not compiled
	Failed        int // syscall rules not compiled (see the errors)
	UnknownFields int // of Failed, those using a field scry does not know
}

// defaultContainerInfo replaces %container.info in rule outputs, as Falco does when it
// is not configured otherwise.
const defaultContainerInfo = "container_id=%container.id container_name=%container.name"

// Compile compiles the syscall rules of the ruleset (disabled ones too, to check them)
// and returns an Engine running the enabled ones. Rules that do not compile are left
// out and reported, one RuleError each.
func (rs *Ruleset) Compile(opts *Options) (*Engine, []*RuleError, Summary) {
	var o Options
	if opts != nil {
		o = *opts
	}
	sum := Summary{Rules: len(rs.Rules)}
	p := rs.prepare()
	e := &Engine{opts: o, memo: filter.NewMemo()}
	e.byType = make([][]*compiledRule, schema.NumEvents+1)
	var errs []*RuleError
	fopts := &filter.Options{Resolver: o.Resolver, Macros: p.macros, Lists: p.lists, AllowUnknownEventTypes: true, Memo: e.memo}
	for _, r := range rs.Rules {
		if r.Source != "syscall" {
			sum.OtherSource++
			continue
		}
		if !r.Enabled {
			sum.Disabled++
		}
		cr, err := compileRule(r, fopts, p)
		if err != nil {
			sum.Failed++
			if err.Field != "" {
				sum.UnknownFields++
			}
			errs = append(errs, err)
			continue
		}
		sum.Compiled++
		if r.Enabled {
			sum.Running++
			e.add(cr)
		}
	}
	return e, errs, sum
}

// flatLists maps every list to its items, with items that name a list replaced by
// that list's items.
func (rs *Ruleset) flatLists() map[string][]string {
	out := make(map[string][]string, len(rs.Lists))
	var flatten func(name string, depth int) []string
	flatten = func(name string, depth int) []string {
		if v, ok := out[name]; ok {
			return v
		}
		l := rs.lists[name]
		var items []string
		for _, it := range l.Items {
			if _, ok := rs.lists[it]; ok && it != name && depth < 32 {
				items = append(items, flatten(it, depth+1)...)
			} else {
				items = append(items, it)
			}
		}
		out[name] = items
		return items
	}
	for _, l := range rs.Lists {
		flatten(l.Name, 0)
	}
	return out
}

// prepared holds a ruleset's parsed macros (or their parse errors) and flattened lists.
type prepared struct {
	macros    map[string]filter.Node
	macroErrs map[string]error
	lists     map[string][]string
}

func (rs *Ruleset) prepare() *prepared {
	p := &prepared{macros: map[string]filter.Node{}, macroErrs: map[string]error{}, lists: rs.flatLists()}
	for _, m := range rs.Macros {
		n, err := filter.Parse(m.Condition)
		if err != nil {
			p.macroErrs[m.Name] = fmt.Errorf("macro %s (%s:%d): %w", m.Name, m.File, m.Line, err)
			continue
		}
		p.macros[m.Name] = n
	}
	return p
}

// condition parses a rule's condition with its exceptions as "and not (...)".
func (p *prepared) condition(r *Rule) (filter.Node, error) {
	cond := r.Condition
	isList := func(s string) bool { _, ok := p.lists[s]; return ok }
	if exc := exceptionCondition(r.Exceptions, isList); exc != "" {
		cond = "(" + cond + ") and not (" + exc + ")"
	}
	n, err := filter.Parse(cond)
	if err != nil {
		return nil, err
	}
	if err := brokenMacro(n, p.macros, p.macroErrs, map[string]bool{}); err != nil {
		return nil, err
	}
	return n, nil
}

// ExpandedCondition returns the rule's condition with its exceptions, macros and lists
// expanded: a self-contained filter.
func (rs *Ruleset) ExpandedCondition(r *Rule) (filter.Node, error) {
	p := rs.prepare()
	n, err := p.condition(r)
	if err != nil {
		return nil, err
	}
	return filter.Expand(n, &filter.Options{Macros: p.macros, Lists: p.lists})
}

func compileRule(r *Rule, fopts *filter.Options, p *prepared) (*compiledRule, *RuleError) {
	fail := func(err error) *RuleError {
		re := &RuleError{Rule: r, Err: err}
		var ufe *filter.UnknownFieldError
		if errors.As(err, &ufe) {
			re.Field = ufe.Field
		}
		return re
	}
	prio, err := ParsePriority(r.Priority)
	if err != nil {
		return nil, fail(err)
	}
	n, err := p.condition(r)
	if err != nil {
		return nil, fail(err)
	}
	f, err := filter.CompileNode(n, fopts)
	if err != nil {
		return nil, fail(err)
	}
	// The output is trimmed as Falco trims it: a folded YAML scalar ("output: >") ends
	// with a newline that would otherwise end each alert line with an empty one.
	out, err := newOutput(strings.ReplaceAll(strings.TrimSpace(r.Output), "%container.info", defaultContainerInfo))
	if err != nil {
		re := fail(err)
		var ufe *unknownOutputField
		if errors.As(err, &ufe) {
			re.Field = ufe.name
		}
		return nil, re
	}
	return &compiledRule{rule: r, filter: f, out: out, priority: prio}, nil
}

// brokenMacro returns the parse error of a macro the condition uses, directly or
// through other macros.
func brokenMacro(n filter.Node, macros map[string]filter.Node, errs map[string]error, seen map[string]bool) error {
	switch n := n.(type) {
	case *filter.And:
		for _, o := range n.Operands {
			if err := brokenMacro(o, macros, errs, seen); err != nil {
				return err
			}
		}
	case *filter.Or:
		for _, o := range n.Operands {
			if err := brokenMacro(o, macros, errs, seen); err != nil {
				return err
			}
		}
	case *filter.Not:
		return brokenMacro(n.Operand, macros, errs, seen)
	case *filter.MacroRef:
		if err, ok := errs[n.Name]; ok {
			return err
		}
		if seen[n.Name] {
			return nil
		}
		seen[n.Name] = true
		if def, ok := macros[n.Name]; ok {
			return brokenMacro(def, macros, errs, seen)
		}
	}
	return nil
}

// outputFieldName matches the field reference after a '%' in an output format.
var outputFieldName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*(\[[^\]]*\])?`)
