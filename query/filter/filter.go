package filter

import (
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// Options tune Compile.
type Options struct {
	// Resolver resolves field references; nil means DefaultResolver().
	Resolver Resolver
	// Macros maps macro names to their parsed conditions (Falco macros). A macro
	// reference not in the map is an error.
	Macros map[string]Node
	// Lists maps list names to their items (Falco lists): a bare item of an
	// in/intersects/pmatch list that names a list is replaced by its items.
	Lists map[string][]string
	// Memo, when set, shares macro results between the filters compiled with it; the
	// caller calls Memo.Next for each event.
	Memo *Memo
	// AllowUnknownEventTypes makes evt.type values that name no event or syscall
	// never match instead of failing to compile (rules written for newer event tables).
	AllowUnknownEventTypes bool
}

// Filter is a compiled condition. It keeps scratch state: use it from one goroutine at
// a time.
type Filter struct {
	node  Node
	root  evaluator
	types TypeSet
	any   bool // types holds every type: Match skips the type test
	// genericFalse is the syscall codes on which every generic event is rejected.
	genericFalse codeSet
	fields       []*fields.Field
}

// Compile parses and compiles a condition. Syntax errors are *SyntaxError; unknown
// fields, macros, operators a field's type does not support and values that do not
// convert are *CompileError (wrapping *UnknownFieldError for unknown fields).
func Compile(text string, opts *Options) (*Filter, error) {
	n, err := Parse(text)
	if err != nil {
		return nil, err
	}
	return CompileNode(n, opts)
}

// CompileNode compiles a parsed condition.
func CompileNode(n Node, opts *Options) (*Filter, error) {
	c := newCompiler(opts)
	out, err := c.compile(n)
	if err != nil {
		return nil, err
	}
	return &Filter{node: n, root: out.ev, types: out.t, any: out.t.IsAll(), fields: c.fields, genericFalse: out.neverT}, nil
}

// Match reports whether the event of ctx satisfies the filter. It does not allocate.
func (f *Filter) Match(ctx *state.EventContext, view state.View) bool {
	if !f.any && !f.types.Has(ctx.Ev.Type()) {
		return false
	}
	return f.root.eval(ctx, view)
}

// EventTypes is the set of event type ids the filter can match; Match is false for
// every other type, so callers may skip those events without calling it.
func (f *Filter) EventTypes() *TypeSet { return &f.types }

// Fields lists the fields the filter reads, macros expanded, in order of appearance.
func (f *Filter) Fields() []*fields.Field { return f.fields }

// String renders the condition as parsed (macros and lists not expanded).
func (f *Filter) String() string { return f.node.String() }
