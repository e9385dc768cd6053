package plan

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of query/plan/testdata/golden from the current output")

// goldenCase is one query of a golden file with its expected result (CSV) and EXPLAIN.
type goldenCase struct {
	name, query, result, explain string
}

// parseGolden reads a golden file: cases start with "=== NAME", then the query, then
// "--- result" and "--- explain" sections.
func parseGolden(text string) []goldenCase {
	var cases []goldenCase
	var cur *goldenCase
	section := ""
	for _, line := range strings.SplitAfter(text, "\n") {
		switch {
		case strings.HasPrefix(line, "=== "):
			cases = append(cases, goldenCase{name: strings.TrimSpace(line[4:])})
			cur, section = &cases[len(cases)-1], "query"
		case cur == nil:
		case line == "--- result\n":
			section = "result"
		case line == "--- explain\n":
			section = "explain"
		case section == "query":
			cur.query += line
		case section == "result":
			cur.result += line
		case section == "explain":
			cur.explain += line
		}
	}
	for i := range cases {
		cases[i].query = strings.TrimSpace(cases[i].query)
		cases[i].explain = trimBlank(cases[i].explain)
	}
	return cases
}

// trimBlank drops the blank lines that separate cases.
func trimBlank(s string) string {
	if s = strings.TrimRight(s, "\n"); s != "" {
		s += "\n"
	}
	return s
}

func formatGolden(cases []goldenCase) string {
	var b strings.Builder
	for _, c := range cases {
		b.WriteString("=== " + c.name + "\n" + c.query + "\n--- result\n" + c.result + "--- explain\n" + c.explain + "\n")
	}
	return b.String()
}

// TestGolden runs the queries of testdata/golden/*.txt over the synthetic workload and
// compares their results and EXPLAIN output with the files. Every result is also
// recomputed by replay, so a golden result is never only the stored path's word.
func TestGolden(t *testing.T) {
	d := synth(t)
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	expand := strings.NewReplacer("{scap}", d.ScapPath, "{parquet}", d.ParquetPath, "{store}", d.StoreDir)
	hide := strings.NewReplacer(d.ScapPath, "{scap}", d.ParquetPath, "{parquet}", d.StoreDir, "{store}")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cases := parseGolden(string(b))
		for i := range cases {
			c := &cases[i]
			q := expand.Replace(c.query)
			result, err := tryQuery(q, Options{})
			if err != nil {
				result = "error: " + hide.Replace(err.Error()) + "\n"
			}
			ex := ""
			if err == nil {
				ex = hide.Replace(explain(t, q, Options{}).String())
				if replay, err := tryQuery(q, Options{Path: PathReplay}); err != nil || replay != result {
					t.Errorf("%s %s: replay gives %q (%v), the planned path %q", file, c.name, replay, err, result)
				}
			}
			if *update {
				c.result, c.explain = result, ex
				continue
			}
			if result != c.result {
				t.Errorf("%s %s: result\n%s\nwant\n%s", file, c.name, result, c.result)
			}
			if trimBlank(ex) != c.explain {
				t.Errorf("%s %s: EXPLAIN\n%s\nwant\n%s", file, c.name, ex, c.explain)
			}
		}
		if *update {
			if err := os.WriteFile(file, []byte(formatGolden(cases)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
