// Command querybench times scry's query engine against sysdig and DuckDB over the same
// events, in one run, and prints the results as a Markdown table:
//
//	(a) a selective filter, scry over a store vs sysdig -r over the same events as one
//	    capture;
//	(b) three aggregations, scry vs DuckDB over the store's Parquet files (DuckDB with the
//	    condition that gives scry's answer, and without it);
//	(c) a query over 1% of the store's time range vs the same query over all of it.
//
// Each contender runs as its own process under /usr/bin/time, best of -runs; CPU is user
// plus system time, memory the peak resident set. Usage:
//
//	querybench -scry BIN -store DIR -scap FILE -duckdb DIR [-runs 5]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	querybench "github.com/scrylabs/scry/bench/query"
)

// measure is the best run of one command.
type measure struct {
	wall, cpu float64 // seconds
	rssKB     int64
	out       string // standard output of the best run
}

// timed runs a command under /usr/bin/time runs times and keeps the fastest run.
func timed(runs int, name string, args ...string) (measure, error) {
	best := measure{wall: 1e18}
	for range runs {
		tf, err := os.CreateTemp("", "querybench-time-")
		if err != nil {
			return best, err
		}
		tf.Close()
		cmd := exec.Command("/usr/bin/time", append([]string{"-o", tf.Name(), "-f", "%e %U %S %M", name}, args...)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			os.Remove(tf.Name())
			return best, fmt.Errorf("%s: %w: %s", name, err, errb.String())
		}
		b, _ := os.ReadFile(tf.Name())
		os.Remove(tf.Name())
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		f := strings.Fields(lines[len(lines)-1])
		if len(f) != 4 {
			return best, fmt.Errorf("%s: unexpected time output %q", name, b)
		}
		wall, _ := strconv.ParseFloat(f[0], 64)
		user, _ := strconv.ParseFloat(f[1], 64)
		sys, _ := strconv.ParseFloat(f[2], 64)
		rss, _ := strconv.ParseInt(f[3], 10, 64)
		if wall < best.wall {
			best = measure{wall: wall, cpu: user + sys, rssKB: rss, out: out.String()}
		}
	}
	return best, nil
}

// duck runs one SQL statement reps times in one DuckDB process and returns the best
// in-process time and the process's peak memory, with the rows of the last run.
func duck(dir, sql string, reps int) (ms float64, rssKB int64, rows [][]any, err error) {
	sqls := make([]string, reps)
	for i := range sqls {
		sqls[i] = sql
	}
	in, _ := json.Marshal(sqls)
	tf, err := os.CreateTemp("", "querybench-time-")
	if err != nil {
		return 0, 0, nil, err
	}
	tf.Close()
	defer os.Remove(tf.Name())
	cmd := exec.Command("/usr/bin/time", "-o", tf.Name(), "-f", "%M", "node", filepath.Join(dir, "scry-query-duck.mjs"))
	cmd.Stdin = bytes.NewReader(in)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return 0, 0, nil, fmt.Errorf("duckdb: %w: %s", err, errb.String())
	}
	var res []querybench.DuckResult
	dec := json.NewDecoder(&out)
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		return 0, 0, nil, err
	}
	ms = 1e18
	for _, r := range res {
		if r.Error != "" {
			return 0, 0, nil, fmt.Errorf("duckdb: %s", r.Error)
		}
		ms = min(ms, r.Ms)
		rows = r.Rows
	}
	b, _ := os.ReadFile(tf.Name())
	rssKB, _ = strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return ms, rssKB, rows, nil
}

// scryRows runs a query with scry -o jsonl and returns its normalised rows.
func scryRows(out string, cols int) []string {
	var rows [][]any
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	for dec.More() {
		var obj map[string]any
		if dec.Decode(&obj) != nil {
			break
		}
		row := make([]any, 0, cols)
		for _, k := range sortedKeys(obj) {
			row = append(row, obj[k])
		}
		rows = append(rows, row)
	}
	return querybench.Normalize(rows)
}

func sortedKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	// SELECT order is k then n in every benchmark query.
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

func main() {
	scry := flag.String("scry", "scry", "scry binary")
	storeDir := flag.String("store", "", "store of the events")
	capture := flag.String("scap", "", "the same events as one capture (for sysdig)")
	duckDir := flag.String("duckdb", "", "folder of DuckDB's node client (setup-duckdb.sh)")
	runs := flag.Int("runs", 5, "runs per measurement (the best is kept)")
	filterText := flag.String("filter", "fd.name = /usr/lib/locale/es/LC_IDENTIFICATION", "selective filter of (a)")
	flag.Parse()
	if *storeDir == "" || *capture == "" || *duckDir == "" {
		fmt.Fprintln(os.Stderr, "usage: querybench -scry BIN -store DIR -scap FILE -duckdb DIR [-runs N]")
		os.Exit(2)
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "querybench:", err)
		os.Exit(1)
	}
	row := func(section, contender, what string, m measure, extra string) {
		fmt.Printf("| %s | %s | %s | %.3f | %.3f | %d | %s |\n", section, contender, what, m.wall, m.cpu, m.rssKB/1024, extra)
	}
	fmt.Println("| | contender | query | best wall s | CPU s | peak MB | answer |")
	fmt.Println("|---|---|---|---:|---:|---:|---|")

	// (a) selective filter.
	qa := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", *storeDir, *filterText)
	sa, err := timed(*runs, *scry, "query", "-o", "csv", qa)
	if err != nil {
		fail(err)
	}
	sd, err := timed(min(*runs, 3), "sh", "-c", fmt.Sprintf("sysdig -r %s -p %%evt.num '%s' | wc -l", *capture, *filterText))
	if err != nil {
		fail(err)
	}
	lines := strings.Split(strings.TrimSpace(sa.out), "\n")
	row("(a)", "scry query (store)", "`"+qa+"`", sa, lines[len(lines)-1]+" events")
	row("(a)", "sysdig -r (capture)", "`sysdig -r CAPTURE -p %evt.num '"+*filterText+"' | wc -l`", sd, strings.TrimSpace(sd.out)+" events")
	fmt.Printf("| (a) | ratio | | %.1fx | %.1fx | | |\n", sd.wall/sa.wall, sd.cpu/sa.cpu)

	// (b) aggregations against DuckDB.
	from := querybench.DuckFrom(*storeDir, true)
	_, _, first, err := duck(*duckDir, "SELECT min(evt_num) FROM "+from+" WHERE raw_type < 336 AND raw_type NOT IN (228, 272, 324)", 1)
	if err != nil {
		fail(err)
	}
	firstNum, _ := strconv.ParseInt(fmt.Sprint(first[0][0]), 10, 64)
	vis := querybench.VisibleSQLBefore(firstNum)
	aggs := [][2]string{
		{"SELECT proc.name AS k, count(*) AS n FROM %s GROUP BY proc.name", "SELECT proc_name AS k, count(*) AS n FROM %s%s GROUP BY 1"},
		{"SELECT evt.type AS k, count(*) AS n FROM %s GROUP BY evt.type", "SELECT evt_type AS k, count(*) AS n FROM %s%s GROUP BY 1"},
		{"SELECT user.name AS k, count(DISTINCT proc.name) AS n FROM %s GROUP BY user.name", "SELECT user_name AS k, count(DISTINCT proc_name) AS n FROM %s%s GROUP BY 1"},
	}
	for _, a := range aggs {
		qs := fmt.Sprintf(a[0], *storeDir)
		ms, err := timed(*runs, *scry, "query", "-o", "jsonl", qs)
		if err != nil {
			fail(err)
		}
		dSame, rssSame, rowsSame, err := duck(*duckDir, fmt.Sprintf(a[1], from, " WHERE "+vis), *runs)
		if err != nil {
			fail(err)
		}
		dAll, rssAll, _, err := duck(*duckDir, fmt.Sprintf(a[1], from, ""), *runs)
		if err != nil {
			fail(err)
		}
		same := strings.Join(scryRows(ms.out, 2), "\n") == strings.Join(querybench.Normalize(rowsSame), "\n")
		verdict := "identical to DuckDB's (same rows)"
		if !same {
			verdict = "DIFFERS from DuckDB's"
		}
		row("(b)", "scry query (store)", "`"+qs+"`", ms, fmt.Sprintf("%d rows, %s", len(scryRows(ms.out, 2)), verdict))
		row("(b)", "DuckDB, rows scry shows", "same, `WHERE` visible rows", measure{wall: dSame / 1e3, cpu: -1, rssKB: rssSame}, "in-process time")
		row("(b)", "DuckDB, every row", "same, no condition (counts hidden rows too)", measure{wall: dAll / 1e3, cpu: -1, rssKB: rssAll}, "in-process time")
	}

	// (c) 1% of the time range.
	rng, err := timed(1, *scry, "query", "-o", "csv", fmt.Sprintf("SELECT min(evt.rawtime), max(evt.rawtime) FROM %s", *storeDir))
	if err != nil {
		fail(err)
	}
	f := strings.Split(strings.TrimSpace(strings.Split(strings.TrimSpace(rng.out), "\n")[1]), ",")
	lo, _ := strconv.ParseInt(f[0], 10, 64)
	hi, _ := strconv.ParseInt(f[1], 10, 64)
	span := hi - lo
	from1, to1 := lo+span/2, lo+span/2+span/100
	qc := "SELECT proc.name, count(*) FROM %s%s GROUP BY proc.name"
	full, err := timed(*runs, *scry, "query", "-o", "csv", fmt.Sprintf(qc, *storeDir, ""))
	if err != nil {
		fail(err)
	}
	part, err := timed(*runs, *scry, "query", "-o", "csv", fmt.Sprintf(qc, *storeDir, fmt.Sprintf(" SINCE %d UNTIL %d", from1, to1)))
	if err != nil {
		fail(err)
	}
	row("(c)", "scry, all of the time range", "`"+fmt.Sprintf(qc, "STORE", "")+"`", full, fmt.Sprintf("%d rows", strings.Count(full.out, "\n")-1))
	row("(c)", "scry, 1% of it", "`"+fmt.Sprintf(qc, "STORE", fmt.Sprintf(" SINCE %d UNTIL %d", from1, to1))+"`", part, fmt.Sprintf("%d rows", strings.Count(part.out, "\n")-1))
	fmt.Printf("| (c) | ratio | | %.1fx | %.1fx | | |\n", full.wall/part.wall, full.cpu/part.cpu)
}
