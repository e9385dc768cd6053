package filter

// statefulFields keep state across the events their check sees: evt.deltatime is the
// time since the previous event that check extracted it for.
var statefulFields = map[string]bool{
	"evt.deltatime": true, "evt.deltatime.s": true, "evt.deltatime.ns": true,
}

// compileStatefulIn compiles "in" on a stateful field as sysdig 0.29.3 does for
// every non-string field: as "field = v1 or field = v2 ...", each check with its own
// state, so a check the or skips (an earlier value matched) does not see the event.
// On a live recording "evt.deltatime in (240, 250)" and "in (250, 240)" selected
// different events, "evt.deltatime = 240 or evt.deltatime = 250" the same as the first.
// ok is false for other checks.
func (c *compiler) compileStatefulIn(n *Check, lhs operand) (x compiled, ok bool, err error) {
	if n.Op != "in" && n.Op != "intersects" || !c.isRegistryField(lhs, lhs.field.Name) || !statefulFields[lhs.field.Name] {
		return compiled{}, false, nil
	}
	vals := c.expandLists(n.Values, 0)
	or := &Or{origin: n.origin}
	for _, v := range vals {
		or.Operands = append(or.Operands, &Check{origin: n.origin, Left: n.Left, Op: "=", Values: []Value{v}})
	}
	if len(or.Operands) == 0 {
		return constant(false), true, nil
	}
	x, err = c.compile(or)
	return x, true, err
}
