package filter

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/scrylabs/scry/query/fields"
)

// ipNameFields maps the host name fields to the address field a name is checked
// against.
var ipNameFields = map[string]string{
	"fd.cip.name": "fd.cip", "fd.sip.name": "fd.sip", "fd.lip.name": "fd.lip", "fd.rip.name": "fd.rip",
}

// ipNameTimeout bounds the resolution of one host name.
const ipNameTimeout = 3 * time.Second

// ipNameMatch holds when an address is one of the addresses the names resolve to on
// this host. As sysdig 0.29.3 does (checked on a live recording), "fd.sip.name =
// localhost" is "fd.sip = 127.0.0.1" where localhost resolves to 127.0.0.1 alone, an
// address given as the name resolves to itself and a name that does not resolve
// matches nothing. The names are resolved when the first address is compared, so
// filters that never see a socket resolve nothing.
type ipNameMatch struct {
	names    []string
	resolved bool
	addrs    anyOf
}

func (m *ipNameMatch) match(v *fields.Value) bool {
	if !m.resolved {
		m.resolved = true
		for _, name := range m.names {
			ctx, cancel := context.WithTimeout(context.Background(), ipNameTimeout)
			ips, err := net.DefaultResolver.LookupIP(ctx, "ip", name)
			cancel()
			if err != nil {
				continue
			}
			for _, ip := range ips {
				x := []byte(ip)
				if v4 := ip.To4(); v4 != nil {
					x = []byte(v4)
				}
				m.addrs = append(m.addrs, &ipEq{x: x})
			}
		}
	}
	return m.addrs.match(v)
}

// compileIPName compiles a check on fd.cip.name, fd.sip.name, fd.lip.name or
// fd.rip.name as a check of the matching address field; ok is false for other fields.
// sysdig accepts =, != and in only.
func (c *compiler) compileIPName(n *Check, lhs operand) (x compiled, ok bool, err error) {
	if !c.isRegistryField(lhs, lhs.field.Name) {
		return compiled{}, false, nil
	}
	addrField, found := ipNameFields[lhs.field.Name]
	if !found {
		return compiled{}, false, nil
	}
	var names []string
	negated := false
	switch n.Op {
	case "=", "==", "!=":
		names = []string{n.Values[0].Text}
		negated = n.Op == "!="
	case "in":
		for _, v := range c.expandLists(n.Values, 0) {
			names = append(names, v.Text)
		}
	default:
		return compiled{}, true, errAt(n, n.Pos, errors.New("fd.*ip.name fields support only =, != and in"))
	}
	for _, v := range n.Values {
		if v.Field != nil {
			return compiled{}, true, errAt(n, v.Pos, errors.New("fd.*ip.name fields compare with host names, not val()"))
		}
	}
	f, _, err := c.res.Lookup(addrField)
	if err != nil {
		return compiled{}, true, errAt(n, n.Pos, err)
	}
	var m matcher = &ipNameMatch{names: names}
	if negated {
		m = negate{m}
	}
	return compiled{ev: &checkEval{ext: f.Extractor, m: m}, t: AllTypes(), f: AllTypes()}, true, nil
}
