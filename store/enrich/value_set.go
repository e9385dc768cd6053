package enrich

import "github.com/scrylabs/scry/formats/parquet"

// valueSet is a group of enriched columns whose values a cache keeps together.
type valueSet struct {
	cols []column
}

// valueRow holds copies of one row's values of a valueSet's columns.
type valueRow struct {
	set   []bool
	ints  []int64
	strs  [][]byte
	hints []parquet.DictHint // the writer's dictionary codes of the values
}

func (s *valueSet) newRow() valueRow {
	n := len(s.cols)
	return valueRow{set: make([]bool, n), ints: make([]int64, n), strs: make([][]byte, n),
		hints: make([]parquet.DictHint, n)}
}

// keep copies the columns' values of en into r.
func (s *valueSet) keep(r *valueRow, en *parquet.Enriched) {
	for i := range s.cols {
		col := &s.cols[i]
		r.hints[i] = parquet.DictHint{}
		r.set[i] = en.IsSet(col.id)
		if !r.set[i] {
			continue
		}
		switch col.kind {
		case parquet.KindString, parquet.KindBytes:
			b, _ := en.String(col.id)
			r.strs[i] = append(r.strs[i][:0], b...)
		default:
			r.ints[i], _ = en.Int(col.id)
		}
	}
}

// set sets the columns of en from r (strings alias r's copies), with the dictionary
// hints of the values.
func (s *valueSet) set(r *valueRow, en *parquet.Enriched) {
	for i := range s.cols {
		if !r.set[i] {
			continue
		}
		switch col := &s.cols[i]; col.kind {
		case parquet.KindString, parquet.KindBytes:
			en.SetStringHinted(col.id, r.strs[i], &r.hints[i])
		case parquet.KindBool:
			en.SetBool(col.id, r.ints[i] != 0)
		default:
			en.SetIntHinted(col.id, r.ints[i], &r.hints[i])
		}
	}
}

// splitColumns separates the columns for which in is true from the others.
func splitColumns(cols []column, in map[int]bool) (others, picked []column) {
	for _, c := range cols {
		if in[c.id] {
			picked = append(picked, c)
		} else {
			others = append(others, c)
		}
	}
	return others, picked
}
