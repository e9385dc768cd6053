package filter

import "strings"

// expandLists replaces bare list items that name a list by the list's items.
func (c *compiler) expandLists(vals []Value, depth int) []Value {
	if len(c.opts.Lists) == 0 || depth > 16 {
		return vals
	}
	var out []Value
	for i, v := range vals {
		items, ok := c.opts.Lists[v.Text]
		if v.Quoted || v.Field != nil || !ok {
			if out != nil {
				out = append(out, v)
			}
			continue
		}
		if out == nil {
			out = append(make([]Value, 0, len(vals)+len(items)), vals[:i]...)
		}
		sub := make([]Value, 0, len(items))
		for _, it := range items {
			sub = append(sub, listItemValue(it, v.Pos))
		}
		out = append(out, c.expandLists(sub, depth+1)...)
	}
	if out == nil {
		return vals
	}
	return out
}

// listItemValue turns a list item as written in a rules file into a value: quotes
// around it are removed and its escapes decoded.
func listItemValue(item string, p Pos) Value {
	s := strings.TrimSpace(item)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		t, _ := unescapeText(s[1 : len(s)-1])
		return Value{Pos: p, Text: t, Quoted: true}
	}
	return Value{Pos: p, Text: s}
}
