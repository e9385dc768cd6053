package filter

import (
	"strings"

	"github.com/scrylabs/scry/query/fields"
)

// pathPrefixes matches a path when one of its entries is a prefix of it component by
// component: /var/run matches /var/run and /var/run/docker.sock, not /var/runx. Empty
// components are ignored, so /etc, etc and //etc/ are the same entry and the entry /
// matches every path.
type pathPrefixes struct {
	root pathNode
}

type pathNode struct {
	end  bool // an entry ends here
	kids map[string]*pathNode
}

func newPathPrefixes(entries []string) *pathPrefixes {
	p := &pathPrefixes{}
	for _, e := range entries {
		n := &p.root
		for _, c := range strings.Split(e, "/") {
			if c == "" {
				continue
			}
			if n.kids == nil {
				n.kids = map[string]*pathNode{}
			}
			k := n.kids[c]
			if k == nil {
				k = &pathNode{}
				n.kids[c] = k
			}
			n = k
		}
		n.end = true
	}
	return p
}

func (p *pathPrefixes) match(v *fields.Value) bool {
	b, ok := asBytes(v)
	if !ok {
		return false
	}
	n := &p.root
	i := 0
	for {
		if n.end {
			return true
		}
		for i < len(b) && b[i] == '/' {
			i++
		}
		if i == len(b) {
			return false
		}
		j := i
		for j < len(b) && b[j] != '/' {
			j++
		}
		n = n.kids[string(b[i:j])]
		if n == nil {
			return false
		}
		i = j
	}
}
