package exec

import (
	"fmt"
	"io"
	"strings"

	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/query/fields"
)

// parquetWriter writes the result as a Parquet file. Column types are inferred from the
// first rows (held until BatchSize rows or Close): integers INT64, unsigned integers
// UINT64, floats DOUBLE, booleans BOOLEAN, time columns TIMESTAMP(ns), anything else and
// mixed columns strings. Names have '.' replaced by '_' and are made unique.
type parquetWriter struct {
	out     io.Writer
	cols    []Column
	pending [][]Value
	kinds   []fields.Kind
	w       *pq.Writer
	row     pq.Row
}

func (p *parquetWriter) Header(cols []Column) error {
	p.cols = cols
	return nil
}

func (p *parquetWriter) Row(vals []Value) error {
	if p.w == nil {
		owned := make([]Value, len(vals))
		for i := range vals {
			owned[i] = own(vals[i])
		}
		p.pending = append(p.pending, owned)
		if len(p.pending) < BatchSize {
			return nil
		}
		if err := p.start(); err != nil {
			return err
		}
		return nil
	}
	return p.write(vals)
}

// start infers the schema from the pending rows and writes them.
func (p *parquetWriter) start() error {
	p.kinds = make([]fields.Kind, len(p.cols))
	for i := range p.cols {
		k := fields.KindNone
		for _, r := range p.pending {
			v := r[i].Kind
			switch {
			case v == fields.KindNone:
			case k == fields.KindNone:
				k = v
			case k != v:
				if (k == fields.KindInt || k == fields.KindUint) && (v == fields.KindInt || v == fields.KindUint) {
					k = fields.KindInt
				} else {
					k = fields.KindString
				}
			}
		}
		if k == fields.KindBytes || k == fields.KindIP || k == fields.KindNone {
			k = fields.KindString
		}
		p.kinds[i] = k
	}
	group := pq.Group{}
	names := make([]string, len(p.cols))
	used := map[string]bool{}
	for i, c := range p.cols {
		name := strings.ReplaceAll(c.Name, ".", "_")
		for base, n := name, 2; used[name]; n++ {
			name = fmt.Sprintf("%s_%d", base, n)
		}
		used[name] = true
		names[i] = name
		var node pq.Node
		switch {
		case c.Time:
			node = pq.Timestamp(pq.Nanosecond)
		case p.kinds[i] == fields.KindInt:
			node = pq.Int(64)
		case p.kinds[i] == fields.KindUint:
			node = pq.Uint(64)
		case p.kinds[i] == fields.KindDouble:
			node = pq.Leaf(pq.DoubleType)
		case p.kinds[i] == fields.KindBool:
			node = pq.Leaf(pq.BooleanType)
		default:
			node = pq.String()
		}
		group[name] = pq.Optional(node)
	}
	ordered := orderedGroup{Node: group}
	byName := map[string]pq.Field{}
	for _, f := range group.Fields() {
		byName[f.Name()] = f
	}
	for _, n := range names {
		ordered.fields = append(ordered.fields, byName[n])
	}
	p.w = pq.NewWriter(p.out, pq.NewSchema("scry_result", ordered))
	for _, r := range p.pending {
		if err := p.write(r); err != nil {
			return err
		}
	}
	p.pending = nil
	return nil
}

// orderedGroup is a group node whose columns keep the SELECT order.
type orderedGroup struct {
	pq.Node
	fields []pq.Field
}

func (g orderedGroup) Fields() []pq.Field { return g.fields }

func (p *parquetWriter) write(vals []Value) error {
	p.row = p.row[:0]
	for i := range vals {
		v := &vals[i]
		var pv pq.Value
		switch {
		case isNull(v):
			pv = pq.NullValue()
		case p.cols[i].Time:
			n, _ := asInt(v)
			pv = pq.Int64Value(n)
		case p.kinds[i] == fields.KindInt:
			if n, ok := asInt(v); ok && isNumeric(v) {
				pv = pq.Int64Value(n)
			} else {
				pv = pq.NullValue()
			}
		case p.kinds[i] == fields.KindUint:
			if v.Kind == fields.KindUint {
				pv = pq.Int64Value(int64(v.Uint))
			} else {
				pv = pq.NullValue()
			}
		case p.kinds[i] == fields.KindDouble:
			pv = pq.DoubleValue(asFloat(v))
		case p.kinds[i] == fields.KindBool:
			pv = pq.BooleanValue(v.Bool)
		default:
			pv = pq.ByteArrayValue(AppendText(nil, v))
		}
		if !pv.IsNull() {
			pv = pv.Level(0, 1, i)
		} else {
			pv = pv.Level(0, 0, i)
		}
		p.row = append(p.row, pv)
	}
	_, err := p.w.WriteRows([]pq.Row{p.row})
	return err
}

func (p *parquetWriter) Close() error {
	if p.w == nil {
		if err := p.start(); err != nil {
			return err
		}
	}
	return p.w.Close()
}
