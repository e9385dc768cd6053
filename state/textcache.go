package state

// maxCachedTexts bounds what a textCache remembers: past it, the cache starts afresh.
const maxCachedTexts = 256

// textCache remembers what event parameter texts decode to, by their bytes: captures
// repeat the same texts (a process's children carry its cgroups, a container's JSON
// comes again in every file of a recording), and a text decoded before is not decoded
// again. Values are shared by every caller and must not be written into.
type textCache[V any] struct {
	m map[string]V
}

// get returns what b decodes to, calling decode the first time b's text is met.
func (c *textCache[V]) get(b []byte, decode func([]byte) V) V {
	if v, ok := c.m[string(b)]; ok {
		return v
	}
	v := decode(b)
	if c.m == nil || len(c.m) >= maxCachedTexts {
		c.m = make(map[string]V)
	}
	c.m[string(b)] = v
	return v
}
