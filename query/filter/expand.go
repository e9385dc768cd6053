package filter

import "fmt"

// Expand returns n with its macro references replaced by their conditions (from
// opts.Macros, recursively) and the list names of its in/intersects/pmatch lists
// replaced by their items (opts.Lists): a self-contained condition. Its String form
// parenthesizes every nested and/or, so it also reads the same to parsers without
// precedence. n is not modified.
func Expand(n Node, opts *Options) (Node, error) {
	c := newCompiler(opts)
	return c.expand(n)
}

func (c *compiler) expand(n Node) (Node, error) {
	switch n := n.(type) {
	case *And:
		ops, err := c.expandAll(n.Operands)
		if err != nil {
			return nil, err
		}
		return &And{origin: n.origin, Operands: ops}, nil
	case *Or:
		ops, err := c.expandAll(n.Operands)
		if err != nil {
			return nil, err
		}
		return &Or{origin: n.origin, Operands: ops}, nil
	case *Not:
		x, err := c.expand(n.Operand)
		if err != nil {
			return nil, err
		}
		return &Not{origin: n.origin, Operand: x}, nil
	case *MacroRef:
		def, ok := c.opts.Macros[n.Name]
		if !ok {
			return nil, errAt(n, n.Pos, &UnknownMacroError{Name: n.Name})
		}
		if c.active[n.Name] {
			return nil, errAt(n, n.Pos, fmt.Errorf("macro %q refers to itself", n.Name))
		}
		c.active[n.Name] = true
		defer delete(c.active, n.Name)
		return c.expand(def)
	case *Check:
		x := *n
		if isListOp(n.Op) {
			x.Values = c.expandLists(n.Values, 0)
		}
		return &x, nil
	}
	return nil, fmt.Errorf("filter: unexpected node %T", n)
}

func (c *compiler) expandAll(ops []Node) ([]Node, error) {
	out := make([]Node, len(ops))
	for i, o := range ops {
		x, err := c.expand(o)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}
