// Command querybench times scry's query engine against sysdig and DuckDB over the same
// events, in one run, and prints the results as Markdown:
//
//	(a) a selective filter, scry over a store vs sysdig -r over the same events as one
//	    capture, with the same filter;
//	(b) three aggregations, scry vs DuckDB over the store's Parquet files (DuckDB with the
//	    condition that gives scry's answer, and without it);
//	(c) queries over 1% of the store's time range vs the same queries over all of it
//	    (stored columns, and a field only replay answers), with the fixed cost of a
//	    query and, with -baseline, that of an earlier build.
//
// Every contender runs as its own process; the contenders of a comparison run in turn,
// -runs rounds, so that the machine's changing load falls on all of them alike. Each row
// gives the best and the median wall-clock time, the median CPU time (user + system) and
// the peak resident set size (wait4's rusage, as /usr/bin/time -v reports it). DuckDB's
// times are its in-process times from the node client, its memory the node process's.
// The EXPLAIN output of (a) and (c) follows the tables. Usage:
//
//	querybench -scry BIN -store DIR -scap FILE -duckdb DIR [-runs 10] [-filter F] [-baseline OLDBIN]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	querybench "github.com/scrylabs/scry/bench/query"
)

func main() {
	scry := flag.String("scry", "scry", "scry binary")
	storeDir := flag.String("store", "", "store of the events")
	capture := flag.String("scap", "", "the same events as one capture (for sysdig)")
	duckDir := flag.String("duckdb", "", "folder of DuckDB's node client (setup-duckdb.sh); empty skips (b)")
	runs := flag.Int("runs", 10, "rounds of alternating runs per comparison")
	filterText := flag.String("filter", "proc.name = cat", "selective filter of (a): a value few segments hold")
	baseline := flag.String("baseline", "", "an earlier scry binary: (c)'s fixed costs and first 1% query are also timed with it")
	flag.Parse()
	if *storeDir == "" || *capture == "" {
		fmt.Fprintln(os.Stderr, "usage: querybench -scry BIN -store DIR -scap FILE [-duckdb DIR] [-runs N] [-filter F]")
		os.Exit(2)
	}
	b := &bench{scry: *scry, store: *storeDir, capture: *capture, runs: max(*runs, 1), baseline: *baseline}
	fmt.Printf("load average at the start: %s (%d cores)\n", loadAverage(), runtime.NumCPU())
	fmt.Printf("capture: %s; store: %s\n\n", fileFacts(*capture), storeFacts(*storeDir))
	fmt.Println("| | contender | query | best wall ms | median wall ms | median CPU ms | peak RSS MB | answer |")
	fmt.Println("|---|---|---|---:|---:|---:|---:|---|")
	steps := []func() error{func() error { return b.selective(*filterText) }}
	if *duckDir != "" {
		steps = append(steps, func() error { return b.aggregations(*duckDir) })
	}
	steps = append(steps, b.timeRange)
	for _, step := range steps {
		if err := step(); err != nil {
			fmt.Fprintln(os.Stderr, "querybench:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("\nload average at the end: %s\n", loadAverage())
	for _, e := range b.explains {
		fmt.Printf("\n%s\n\n```\n%s```\n", e[0], e[1])
	}
}

type bench struct {
	scry, store, capture string
	baseline             string // earlier scry binary, "" for none
	runs                 int
	explains             [][2]string // title, EXPLAIN text
}

func (b *bench) query(q string) contender {
	return contender{name: b.scry, args: []string{"query", "-o", "csv", q}}
}

// row prints one table row.
func row(section, who, what string, s stats, answer string) {
	cpu := "-"
	if s.medianCPU >= 0 {
		cpu = ms(s.medianCPU)
	}
	fmt.Printf("| %s | %s | %s | %s | %s | %s | %d | %s |\n", section, who, what, ms(s.bestWall), ms(s.medianWall),
		cpu, s.peakRSSKB/1024, answer)
}

func ratioRow(section string, slow, fast stats) {
	fmt.Printf("| %s | ratio | | %s | %s | %s | | |\n", section, ratio(slow.bestWall, fast.bestWall),
		ratio(slow.medianWall, fast.medianWall), ratio(slow.medianCPU, fast.medianCPU))
}

// lastLine is the last line of a command's output.
func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// selective times (a): the filter over the store against sysdig over the capture.
func (b *bench) selective(filter string) error {
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", b.store, filter)
	sys := contender{name: "sysdig", args: []string{"-r", b.capture, "-p", "%evt.num", filter}}
	res, err := alternate(b.runs, b.query(q), sys)
	if err != nil {
		return err
	}
	sc, sd := res[0], res[1]
	n := strings.Count(string(sd.out), "\n")
	answer := lastLine(sc.out) + " events"
	if lastLine(sc.out) != strconv.Itoa(n) {
		answer += fmt.Sprintf(" (DIFFERS from sysdig's %d)", n)
	}
	row("(a)", "scry query (store)", "`SELECT count(*) FROM STORE WHERE "+filter+"`", sc, answer)
	row("(a)", "sysdig -r (capture)", "`sysdig -r CAPTURE -p %evt.num '"+filter+"'` (lines counted)", sd, fmt.Sprintf("%d events", n))
	ratioRow("(a)", sd, sc)
	return b.explain("EXPLAIN of (a)", q)
}

// explain keeps the EXPLAIN output of a query, with the pruned files counted instead
// of listed.
func (b *bench) explain(title, q string) error {
	r, err := runOnce(b.query("EXPLAIN " + q))
	if err != nil {
		return err
	}
	var kept []string
	pruned := map[string]int{}
	for _, line := range strings.Split(strings.TrimRight(string(r.out), "\n"), "\n") {
		if i := strings.Index(line, "): pruned: "); i >= 0 && strings.HasPrefix(line, "  ") {
			pruned[line[i+len("): pruned: "):]]++
			continue
		}
		kept = append(kept, line)
	}
	var why []string
	for k, n := range pruned {
		why = append(why, fmt.Sprintf("  (%d files pruned: %s)", n, k))
	}
	slices.Sort(why)
	b.explains = append(b.explains, [2]string{title, strings.Join(append(kept, why...), "\n") + "\n"})
	return nil
}

// aggregations times (b): three group-bys, scry against DuckDB.
func (b *bench) aggregations(duckDir string) error {
	from := querybench.DuckFrom(b.store, true)
	first, err := duck(duckDir, "SELECT min(evt_num) FROM "+from+" WHERE raw_type < 336 AND raw_type NOT IN (228, 272, 324)", 1)
	if err != nil {
		return err
	}
	firstNum, _ := strconv.ParseInt(fmt.Sprint(first.rows[0][0]), 10, 64)
	vis := querybench.VisibleSQLBefore(firstNum)
	aggs := [][2]string{
		{"SELECT proc.name AS k, count(*) AS n FROM %s GROUP BY proc.name", "SELECT proc_name AS k, count(*) AS n FROM %s%s GROUP BY 1"},
		{"SELECT evt.type AS k, count(*) AS n FROM %s GROUP BY evt.type", "SELECT evt_type AS k, count(*) AS n FROM %s%s GROUP BY 1"},
		{"SELECT user.name AS k, count(DISTINCT proc.name) AS n FROM %s GROUP BY user.name", "SELECT user_name AS k, count(DISTINCT proc_name) AS n FROM %s%s GROUP BY 1"},
	}
	var cs []contender
	for _, a := range aggs {
		cs = append(cs, contender{name: b.scry, args: []string{"query", "-o", "jsonl", fmt.Sprintf(a[0], b.store)}})
	}
	res, err := alternate(b.runs, cs...)
	if err != nil {
		return err
	}
	for i, a := range aggs {
		same, err := duck(duckDir, fmt.Sprintf(a[1], from, " WHERE "+vis), b.runs)
		if err != nil {
			return err
		}
		all, err := duck(duckDir, fmt.Sprintf(a[1], from, ""), b.runs)
		if err != nil {
			return err
		}
		rows := scryRows(res[i].out)
		verdict := "identical to DuckDB's"
		if strings.Join(rows, "\n") != strings.Join(querybench.Normalize(same.rows), "\n") {
			verdict = "DIFFERS from DuckDB's"
		}
		row("(b)", "scry query (store)", "`"+fmt.Sprintf(a[0], "STORE")+"`", res[i], fmt.Sprintf("%d rows, %s", len(rows), verdict))
		row("(b)", "DuckDB, rows scry shows", "same over `read_parquet(STORE/**/*.parquet)`, `WHERE` visible rows", same.stats(), "in-process times")
		row("(b)", "DuckDB, every row", "same, no condition (counts hidden rows too)", all.stats(), "in-process times")
	}
	return nil
}

// rangeQueries are the queries of (c), each timed over all of the time range and over
// 1% of it: %[1]s is the store, %[2]s the window (empty for all of it).
var rangeQueries = []struct{ what, q string }{
	{"events by program", "SELECT proc.name, count(*) FROM %[1]s%[2]s GROUP BY proc.name"},
	// A field the query engine does not answer from its column (the stored latency is
	// taken at another moment than sysdig's, see query/plan's notStored): every segment
	// read is replayed from its start-state snapshot.
	{"programs making system calls slower than 1 ms (replay)", "SELECT proc.name, count(*) AS n, avg(evt.latency) AS latency FROM %[1]s%[2]s WHERE evt.latency > 1000000 GROUP BY proc.name ORDER BY n DESC LIMIT 10"},
	{"files a web server opens most", "SELECT fd.name, count(*) AS n FROM %[1]s%[2]s WHERE evt.type in (open, openat) and proc.name = nginx GROUP BY fd.name ORDER BY n DESC LIMIT 10"},
}

// timeRange times (c): each query over 1% of the store's time range against the same
// query over all of it, then the fixed cost of a query.
func (b *bench) timeRange() error {
	r, err := runOnce(b.query(fmt.Sprintf("SELECT min(evt.rawtime), max(evt.rawtime) FROM %s", b.store)))
	if err != nil {
		return err
	}
	f := strings.Split(lastLine(r.out), ",")
	lo, _ := strconv.ParseInt(f[0], 10, 64)
	hi, _ := strconv.ParseInt(f[1], 10, 64)
	span := hi - lo
	from, to := lo+span/2, lo+span/2+span/100
	window := fmt.Sprintf(" SINCE %d UNTIL %d", from, to)
	for i, rq := range rangeQueries {
		res, err := alternate(b.runs, b.query(fmt.Sprintf(rq.q, b.store, "")), b.query(fmt.Sprintf(rq.q, b.store, window)))
		if err != nil {
			return err
		}
		full, part := res[0], res[1]
		what := "`" + fmt.Sprintf(rq.q, "STORE", "") + "`"
		if i > 0 {
			what = rq.what + ": " + what
		}
		row("(c)", "scry, all of the time range", what, full, fmt.Sprintf("%d rows", strings.Count(string(full.out), "\n")-1))
		row("(c)", "scry, 1% of it", "same `"+strings.TrimSpace(window)+"`", part, fmt.Sprintf("%d rows", strings.Count(string(part.out), "\n")-1))
		ratioRow("(c)", full, part)
		if err := b.explain(fmt.Sprintf("EXPLAIN of the 1%% query of (c), %s", rq.what), fmt.Sprintf(rq.q, b.store, window)); err != nil {
			return err
		}
	}
	// What a 1% query costs before reading any data: the process alone (scry --help)
	// and the first query over a window where the store has no event.
	q0 := rangeQueries[0].q
	empty := fmt.Sprintf(" SINCE %d UNTIL %d", lo-2e9, lo-1e9)
	res, err := alternate(b.runs, b.query(fmt.Sprintf(q0, b.store, empty)), contender{name: b.scry, args: []string{"--help"}})
	if err != nil {
		return err
	}
	row("(c)", "fixed cost: a window without events", "first query, `SINCE "+strconv.FormatInt(lo-2e9, 10)+" UNTIL "+strconv.FormatInt(lo-1e9, 10)+"`", res[0], fmt.Sprintf("%d rows", strings.Count(string(res[0].out), "\n")-1))
	row("(c)", "fixed cost: process start", "`scry --help`", res[1], "")
	if b.baseline == "" {
		return nil
	}
	// The same fixed costs and first 1% query with the earlier binary, alternating with
	// this one.
	old := &bench{scry: b.baseline, store: b.store}
	res, err = alternate(b.runs, contender{name: b.scry, args: []string{"--help"}}, contender{name: b.baseline, args: []string{"--help"}},
		b.query(fmt.Sprintf(q0, b.store, empty)), old.query(fmt.Sprintf(q0, b.store, empty)),
		b.query(fmt.Sprintf(q0, b.store, window)), old.query(fmt.Sprintf(q0, b.store, window)))
	if err != nil {
		return err
	}
	for i, what := range []string{"`scry --help`", "first query, window without events", "first query, 1% of the time range"} {
		row("(c')", "this build", what, res[2*i], "")
		row("(c')", "earlier build (-baseline)", what, res[2*i+1], "")
		ratioRow("(c')", res[2*i+1], res[2*i])
	}
	return nil
}

// duckRuns is DuckDB's answer to a statement run several times in one process.
type duckRuns struct {
	ms    []float64
	rssKB int64
	rows  [][]any
}

func (d duckRuns) stats() stats {
	s := stats{peakRSSKB: d.rssKB, medianCPU: -1}
	v := slices.Clone(d.ms)
	slices.Sort(v)
	s.bestWall = time.Duration(v[0] * 1e6)
	s.medianWall = time.Duration(v[len(v)/2] * 1e6)
	return s
}

// duck runs one SQL statement reps times in one DuckDB process.
func duck(dir, sql string, reps int) (duckRuns, error) {
	sqls := make([]string, reps)
	for i := range sqls {
		sqls[i] = sql
	}
	in, _ := json.Marshal(sqls)
	cmd := exec.Command("node", filepath.Join(dir, "scry-query-duck.mjs"))
	cmd.Stdin = bytes.NewReader(in)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return duckRuns{}, fmt.Errorf("duckdb: %w: %s", err, errb.String())
	}
	var res []querybench.DuckResult
	dec := json.NewDecoder(&out)
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		return duckRuns{}, err
	}
	var d duckRuns
	for _, r := range res {
		if r.Error != "" {
			return duckRuns{}, fmt.Errorf("duckdb: %s", r.Error)
		}
		d.ms = append(d.ms, r.Ms)
		d.rows = r.Rows
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		d.rssKB = ru.Maxrss
	}
	return d, nil
}

// fileFacts is a file's size.
func fileFacts(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%s, %.0f MB", path, float64(st.Size())/1e6)
}

// storeFacts counts a store's segments and their bytes.
func storeFacts(root string) string {
	n, size := 0, int64(0)
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".parquet") {
			if info, err := d.Info(); err == nil {
				n, size = n+1, size+info.Size()
			}
		}
		return nil
	})
	return fmt.Sprintf("%s, %d segments, %.0f MB", root, n, float64(size)/1e6)
}

// scryRows normalises scry's jsonl rows (keys k then n) for comparison.
func scryRows(out []byte) []string {
	var rows [][]any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	for dec.More() {
		var obj map[string]any
		if dec.Decode(&obj) != nil {
			break
		}
		rows = append(rows, []any{obj["k"], obj["n"]})
	}
	return querybench.Normalize(rows)
}
