package plan

import (
	"fmt"
	"testing"

	"github.com/scrylabs/scry/query/sql"
)

// storedParts plans a query and returns its stored-column partitions.
func storedParts(t *testing.T, q string) []*storedPart {
	t.Helper()
	st, err := sql.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	var out []*storedPart
	for _, part := range p.Parts {
		if sp, ok := part.(*storedPart); ok {
			out = append(out, sp)
		}
	}
	return out
}

// TestStoredScanPageByPage checks that row groups whose columns cut their pages at the
// same rows are scanned a page at a time, and that the answers, with pages skipped in
// the middle of a row group or not, are those of the replay.
func TestStoredScanPageByPage(t *testing.T) {
	d := synth(t)
	// Row groups of 1000 rows, pages of 250: the second and fourth pages of the third
	// row group, which the page index tells apart by evt.num.
	window := "(evt.num >= 2260 and evt.num < 2490) or (evt.num >= 2760 and evt.num < 2990)"
	queries := []string{
		"SELECT proc.name, count(*) FROM '%s' GROUP BY proc.name ORDER BY proc.name",
		"SELECT evt.num, proc.name, fd.name FROM '%s' WHERE fd.name startswith /etc ORDER BY evt.num",
		"SELECT proc.name, fd.name, count(*) FROM '%s' WHERE " + window + " GROUP BY 1, 2 ORDER BY 1, 2",
		"SELECT evt.num, evt.type FROM '%s' WHERE " + window + " ORDER BY evt.num",
	}
	for _, q := range queries {
		q = fmt.Sprintf(q, d.ParquetPath)
		parts := storedParts(t, q)
		if len(parts) != 1 {
			t.Fatalf("%s: %d stored partitions, want 1", q, len(parts))
		}
		p := parts[0]
		if len(p.pageStarts) == 0 {
			t.Errorf("%s: no row group is scanned a page at a time", q)
		}
		for g, starts := range p.pageStarts {
			if len(starts) < 3 || starts[0] != 0 {
				t.Errorf("%s: row group %d: page starts %v, want several pages from row 0", q, g, starts)
			}
		}
		stored, replay := runQuery(t, q, Options{}), runQuery(t, q, Options{Path: PathReplay})
		if stored != replay {
			t.Errorf("%s: stored columns, page by page:\n%s\nreplay:\n%s", q, stored, replay)
		}
	}
	// The window keeps two pages of one row group with a page skipped between them.
	p := storedParts(t, fmt.Sprintf("SELECT count(*) FROM '%s' WHERE %s", d.ParquetPath, window))[0]
	if len(p.groups) != 1 || len(p.pages[p.groups[0]]) != 2 || p.pageStarts[p.groups[0]] == nil {
		t.Fatalf("window: row groups %v, pages %v, page starts %v; want one group, two pages", p.groups, p.pages, p.pageStarts)
	}
	if pg := p.pages[p.groups[0]]; pg[1] != pg[0]+2 {
		t.Errorf("window keeps pages %v, want two with one skipped between", pg)
	}
	got := runQuery(t, fmt.Sprintf("SELECT count(*) FROM '%s' WHERE %s", d.ParquetPath, window), Options{})
	want := runQuery(t, fmt.Sprintf("SELECT count(*) FROM '%s' WHERE %s", d.ScapPath, window), Options{})
	if got != want || got == "count(*)\n0\n" {
		t.Errorf("window: %q from the Parquet file, %q from the capture", got, want)
	}
}
