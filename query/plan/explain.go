package plan

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/filter"
)

// Explain describes a plan: the sources considered and what is read of each, the time
// range, the filter's event types and where each field comes from.
type Explain struct {
	Source   string // what FROM named
	From, To uint64 // the time range (ns, inclusive)
	Timed    bool
	Filter   string
	Types    []string // event types the filter can match, nil for all
	Sources  []SourcePlan
	Fields   []FieldPath
}

// SourcePlan says what is done with one file.
type SourcePlan struct {
	Path, Kind string
	Events     int64  // events in the file, when its footer says
	Pruned     string // why it is skipped; "" when it is read
	Read       string // "replay" or "stored columns", with the reason for replaying
	Columns    []string
	// Row groups and pages of the stored path: how many there are and how many the
	// statistics, dictionaries and bloom filters ruled out.
	RowGroups, RowGroupsPruned int
	PrunedBy                   map[string]int // row groups ruled out, by what
	Pages, PagesPruned         int
}

// FieldPath is where the values of one field come from.
type FieldPath struct {
	Field string
	Path  string // "column NAME", "replay" or "column NAME / replay" when sources differ
}

// typesMayMatch reports whether a file whose per-type event counts are types may hold
// an event of the set.
func typesMayMatch(set *filter.TypeSet, types map[string]int64) bool {
	for name, n := range types {
		if n == 0 {
			continue
		}
		ids := schema.EventIDsByName(name)
		if len(ids) == 0 {
			ids = []uint16{math.MaxUint16} // "unknown": the set's bit for unknown types
		}
		for _, id := range ids {
			if set.Has(id) {
				return true
			}
		}
	}
	return false
}

// typeNames lists the names of the event types in the set.
func typeNames(set *filter.TypeSet) []string {
	seen := map[string]bool{}
	var out []string
	for i := range schema.Events {
		if set.Has(uint16(i)) && !seen[schema.Events[i].Name] {
			seen[schema.Events[i].Name] = true
			out = append(out, schema.Events[i].Name)
		}
	}
	if len(out) == len(seenAll()) {
		return nil
	}
	slices.Sort(out)
	return out
}

func seenAll() map[string]bool {
	m := map[string]bool{}
	for i := range schema.Events {
		m[schema.Events[i].Name] = true
	}
	return m
}

// fieldPaths says, for every field the query reads, where it comes from.
func fieldPaths(inputs []string, flt *filter.Filter, srcs []SourcePlan) []FieldPath {
	names := slices.Clone(inputs)
	if flt != nil {
		for _, f := range flt.Fields() {
			if !slices.Contains(names, f.Name) {
				names = append(names, f.Name)
			}
		}
	}
	var out []FieldPath
	for _, name := range names {
		col := "column " + columnName(name)
		stored, replayed := false, false
		for _, s := range srcs {
			switch {
			case s.Pruned != "":
			case s.Read == "stored columns":
				stored = true
			default:
				replayed = true
			}
		}
		path := "replay"
		switch {
		case stored && replayed:
			path = col + " / replay"
		case stored:
			path = col
		}
		out = append(out, FieldPath{Field: name, Path: path})
	}
	return out
}

// columnName is the Parquet column of a field (its name with '.' replaced by '_').
func columnName(field string) string {
	if i := parquet.ColumnByName(field); i >= 0 {
		return parquet.Columns[i].Name
	}
	return strings.ReplaceAll(field, ".", "_")
}

func fmtTime(ns uint64) string {
	if ns == 0 {
		return "start"
	}
	if ns == math.MaxUint64 {
		return "end"
	}
	return time.Unix(0, int64(ns)).UTC().Format(time.RFC3339Nano)
}

// String renders the explanation as text, one fact per line.
func (e *Explain) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "source: %s\n", e.Source)
	if e.Timed {
		fmt.Fprintf(&b, "time range: %s .. %s\n", fmtTime(e.From), fmtTime(e.To))
	} else {
		b.WriteString("time range: all\n")
	}
	if e.Filter != "" {
		fmt.Fprintf(&b, "filter: %s\n", e.Filter)
		if len(e.Types) > 12 {
			fmt.Fprintf(&b, "event types: %d (%s, ...)\n", len(e.Types), strings.Join(e.Types[:8], ", "))
		} else if e.Types != nil {
			fmt.Fprintf(&b, "event types: %s\n", strings.Join(e.Types, ", "))
		} else {
			b.WriteString("event types: all\n")
		}
	}
	if len(e.Fields) == 0 {
		b.WriteString("fields: none\n")
	} else {
		b.WriteString("fields:\n")
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "  %s: %s\n", f.Field, f.Path)
	}
	read, pruned, rg, rgp, pg, pgp := 0, 0, 0, 0, 0, 0
	for _, s := range e.Sources {
		if s.Pruned != "" {
			pruned++
		} else {
			read++
		}
		rg, rgp, pg, pgp = rg+s.RowGroups, rgp+s.RowGroupsPruned, pg+s.Pages, pgp+s.PagesPruned
	}
	fmt.Fprintf(&b, "files: %d considered, %d pruned, %d read\n", len(e.Sources), pruned, read)
	if rg > 0 {
		fmt.Fprintf(&b, "row groups: %d considered, %d pruned\n", rg, rgp)
		fmt.Fprintf(&b, "pages: %d considered, %d pruned\n", pg, pgp)
	}
	for _, s := range e.Sources {
		fmt.Fprintf(&b, "  %s (%s", s.Path, s.Kind)
		if s.Events > 0 {
			fmt.Fprintf(&b, ", %d events", s.Events)
		}
		b.WriteString("): ")
		if s.Pruned != "" {
			fmt.Fprintf(&b, "pruned: %s\n", s.Pruned)
			continue
		}
		b.WriteString(s.Read)
		if len(s.Columns) > 0 {
			fmt.Fprintf(&b, "; columns %s", strings.Join(s.Columns, ", "))
		}
		if s.RowGroups > 0 {
			fmt.Fprintf(&b, "; row groups %d, pruned %d", s.RowGroups, s.RowGroupsPruned)
			var by []string
			for k, n := range s.PrunedBy {
				by = append(by, fmt.Sprintf("%s %d", k, n))
			}
			slices.Sort(by)
			if len(by) > 0 {
				fmt.Fprintf(&b, " (%s)", strings.Join(by, ", "))
			}
			fmt.Fprintf(&b, "; pages %d, pruned %d", s.Pages, s.PagesPruned)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
