package querybench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	qexec "github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/plan"
	"github.com/scrylabs/scry/query/sql"
)

// DuckResult is DuckDB's answer to one statement.
type DuckResult struct {
	Rows  [][]any `json:"rows"`
	Ms    float64 `json:"ms"`
	Error string  `json:"error"`
}

// RunDuck runs statements in one DuckDB process (node, with the client setup-duckdb.sh
// installed in dir).
func RunDuck(dir string, sqls []string) ([]DuckResult, error) {
	in, err := json.Marshal(sqls)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", filepath.Join(dir, "scry-query-duck.mjs"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("run duckdb: %w: %s", err, stderr.String())
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var res []DuckResult
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("decode duckdb output: %w", err)
	}
	return res, nil
}

// RunScry runs a query in-process and returns its rows as JSON values and the time it
// took (planning included).
func RunScry(query string) ([][]any, time.Duration, error) {
	t0 := time.Now()
	st, err := sql.Parse(query)
	if err != nil {
		return nil, 0, err
	}
	p, err := plan.Build(st, plan.Options{})
	if err != nil {
		return nil, 0, err
	}
	defer p.Close()
	var buf bytes.Buffer
	w, err := qexec.NewWriter("jsonl", &buf, false)
	if err != nil {
		return nil, 0, err
	}
	if err := p.Run(context.Background(), w, 0); err != nil {
		return nil, 0, err
	}
	took := time.Since(t0)
	var rows [][]any
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	cols := p.Query.Columns
	for dec.More() {
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			return nil, 0, fmt.Errorf("decode scry output: %w", err)
		}
		row := make([]any, len(cols))
		for i, c := range cols {
			row[i] = obj[c.Name]
		}
		rows = append(rows, row)
	}
	return rows, took, nil
}

// Outcome is the comparison of one query.
type Outcome struct {
	Pair       Pair
	Scry, Duck []string // normalised rows
	ScryTime   time.Duration
	DuckTime   time.Duration
	Same       bool
	Err        error
}

// Compare runs every group-by of GroupBys with scry and DuckDB over src (a Parquet file
// or a store folder) and compares the answers row for row.
func Compare(src, duckDir string) ([]Outcome, error) {
	st, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	from := DuckFrom(src, st.IsDir())
	var sqls []string
	out := make([]Outcome, len(GroupBys))
	for i, p := range GroupBys {
		scry, duck := p.Expand(src, from)
		sqls = append(sqls, duck)
		out[i].Pair = p
		rows, took, err := RunScry(scry)
		out[i].ScryTime = took
		if err != nil {
			out[i].Err = fmt.Errorf("scry: %w", err)
			continue
		}
		out[i].Scry = Normalize(rows)
	}
	res, err := RunDuck(duckDir, sqls)
	if err != nil {
		return nil, err
	}
	for i := range out {
		r := res[i]
		out[i].DuckTime = time.Duration(r.Ms * float64(time.Millisecond))
		if r.Error != "" && out[i].Err == nil {
			out[i].Err = fmt.Errorf("duckdb: %s", r.Error)
		}
		out[i].Duck = Normalize(r.Rows)
		out[i].Same = out[i].Err == nil && equal(out[i].Scry, out[i].Duck)
	}
	return out, nil
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
