package parquet

// Version 3 of the section encoding stores each text column of the process and fd tables
// (names, paths, arguments, environments, cgroups) as a table of its distinct values: one
// reference per row (0: a new value, 1: the previous row's value, k+2: the k-th distinct
// value), then the lengths of the new values, then their bytes. Threads of one process
// and processes started alike repeat most of these values; a reference costs a byte where
// zstd would code a match, and the texts sit together, without lengths between them.

// valueColumn builds one text column.
type valueColumn struct {
	refs, lens enc
	body       []byte
	index      map[string]int
	prev       string
	rows       int
}

func (c *valueColumn) add(s string) {
	if c.index == nil {
		c.index = map[string]int{}
	}
	switch k, ok := c.index[s]; {
	case c.rows > 0 && s == c.prev:
		c.refs.uv(1)
	case ok:
		c.refs.uv(uint64(k) + 2)
	default:
		c.refs.uv(0)
		c.index[s] = len(c.index)
		c.lens.uv(uint64(len(s)))
		c.body = append(c.body, s...)
	}
	c.prev = s
	c.rows++
}

// appendTo appends the column: references, lengths, bytes.
func (c *valueColumn) appendTo(e *enc) {
	e.raw(c.refs.b)
	e.raw(c.lens.b)
	e.raw(c.body)
}

// valueColumn reads a text column of n rows written by valueColumn.appendTo.
func (d *dec) valueColumn(n int) []string {
	if d.bad || n == 0 {
		return nil
	}
	refs := make([]uint64, n)
	news := 0
	for i := range refs {
		refs[i] = d.uv()
		if refs[i] == 0 {
			news++
		}
	}
	lens := make([]int, news)
	for i := range lens {
		lens[i] = d.count()
	}
	distinct := make([]string, 0, news)
	out := make([]string, n)
	for i, r := range refs {
		switch {
		case d.bad:
			return nil
		case r == 0:
			s := string(d.take(lens[len(distinct)]))
			distinct = append(distinct, s)
			out[i] = s
		case r == 1 && i > 0:
			out[i] = out[i-1]
		case r >= 2 && r-2 < uint64(len(distinct)):
			out[i] = distinct[r-2]
		default:
			d.bad = true
			return nil
		}
	}
	return out
}

// bytesOf returns a copy of s as bytes, nil when empty (as version 2 decodes them).
func bytesOf(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}
