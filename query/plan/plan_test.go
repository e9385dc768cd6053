package plan

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/sql"
)

// runQuery plans and runs a query, returning the CSV output.
func runQuery(t *testing.T, q string, o Options) string {
	t.Helper()
	out, err := tryQuery(q, o)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func tryQuery(q string, o Options) (string, error) {
	st, err := sql.Parse(q)
	if err != nil {
		return "", err
	}
	p, err := Build(st, o)
	if err != nil {
		return "", err
	}
	defer p.Close()
	var buf bytes.Buffer
	w, _ := exec.NewWriter("csv", &buf, false)
	if err := p.Run(context.Background(), w, 3); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func explain(t *testing.T, q string, o Options) *Explain {
	t.Helper()
	st, err := sql.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(st, o)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	p.Close()
	return p.Explain
}

// TestAgainstGenerator checks query answers against what the generator recorded, not
// against scry's own output.
func TestAgainstGenerator(t *testing.T) {
	d := synth(t)
	byProc := map[string]int{}
	failed := 0
	for _, o := range d.Opens {
		if strings.HasPrefix(o.Path, "/etc") {
			byProc[o.Comm]++
		}
		if o.FD < 0 {
			failed++
		}
	}
	type kv struct {
		k string
		n int
	}
	var want []kv
	for k, n := range byProc {
		want = append(want, kv{k, n})
	}
	sort.Slice(want, func(i, j int) bool { return want[i].n > want[j].n || want[i].n == want[j].n && want[i].k < want[j].k })
	var wantCSV strings.Builder
	wantCSV.WriteString("proc.name,n\n")
	for _, w := range want {
		fmt.Fprintf(&wantCSV, "%s,%d\n", w.k, w.n)
	}
	q := "SELECT proc.name, count(*) AS n FROM '%s' WHERE evt.type in (open, openat) and evt.dir=< and fd.name startswith /etc GROUP BY proc.name ORDER BY n DESC, proc.name"
	for _, src := range []string{d.ScapPath, d.ParquetPath, d.StoreDir} {
		for _, path := range []Path{PathAuto, PathReplay} {
			got := runQuery(t, fmt.Sprintf(q, src), Options{Path: path})
			if got != wantCSV.String() {
				t.Errorf("%s (%s):\ngot\n%s\nwant\n%s", src, path, got, wantCSV.String())
			}
		}
	}
	got := runQuery(t, fmt.Sprintf("SELECT count(*) FROM '%s' WHERE evt.type=openat and evt.dir=< and evt.failed=true", d.StoreDir), Options{})
	if got != fmt.Sprintf("count(*)\n%d\n", failed) {
		t.Errorf("failed opens: got %q, want %d", got, failed)
	}
}

// synthQueries exercise every aggregate, grouping on stored and replay-only fields,
// filters that prune and filters that do not.
var synthQueries = []string{
	"SELECT proc.name, count(*) AS n, count(DISTINCT fd.name) AS files, min(evt.rawtime), max(evt.num), first(fd.name), last(fd.name) WHERE evt.type=openat and evt.dir=< GROUP BY proc.name ORDER BY proc.name",
	"SELECT evt.type, evt.dir, count(*), sum(evt.buflen), avg(evt.buflen) GROUP BY evt.type, evt.dir ORDER BY 1, 2",
	"SELECT user.name, proc.pname, count(*) GROUP BY 1, 2 HAVING count(*) > 10 ORDER BY 3 DESC, 1, 2",
	"SELECT bucket(evt.rawtime, 10m) AS t, count(*) AS n WHERE fd.name contains log GROUP BY t ORDER BY t",
	"SELECT evt.num, proc.name, fd.name WHERE fd.name = /etc/hosts and evt.type=openat and evt.dir=< ORDER BY evt.num LIMIT 20",
	"SELECT evt.num, thread.tid, proc.name, proc.exepath, proc.args, fd.num WHERE evt.num > 7900",
	"SELECT proc.aname[2], proc.cmdline, count(*) WHERE proc.name in (cat, ls, curl) GROUP BY 1, 2 ORDER BY 1, 2",
	"SELECT count(*) WHERE not fd.name startswith /tmp and fd.typechar=f",
}

// TestPathsAgree runs the same queries over the capture, its Parquet file and the store,
// through replay and through stored columns where possible: the answers must be equal.
func TestPathsAgree(t *testing.T) {
	d := synth(t)
	for _, q := range synthQueries {
		var first, firstName string
		for _, src := range []string{d.ScapPath, d.ParquetPath, d.StoreDir} {
			for _, path := range []Path{PathAuto, PathReplay} {
				text := strings.Replace(q, " WHERE ", fmt.Sprintf(" FROM '%s' WHERE ", src), 1)
				if !strings.Contains(text, " FROM ") {
					text = strings.Replace(q, " GROUP BY", fmt.Sprintf(" FROM '%s' GROUP BY", src), 1)
				}
				got := runQuery(t, text, Options{Path: path})
				name := fmt.Sprintf("%s/%s", src[len(d.Dir):], path)
				if first == "" {
					first, firstName = got, name
					if strings.Count(got, "\n") < 2 {
						t.Errorf("%s: %s returns no rows; the query does not test much", q, name)
					}
					continue
				}
				if got != first {
					t.Errorf("%s\n%s:\n%s\n%s:\n%s", q, firstName, first, name, got)
				}
			}
		}
	}
}

// TestStoredPathIsUsed checks that queries over stored fields on Parquet data do not
// replay, and that replay-only fields do.
func TestStoredPathIsUsed(t *testing.T) {
	d := synth(t)
	ex := explain(t, fmt.Sprintf("SELECT proc.name, count(*) FROM '%s' WHERE fd.name startswith /etc GROUP BY 1", d.StoreDir), Options{})
	for _, s := range ex.Sources {
		if s.Pruned == "" && s.Read != "stored columns" {
			t.Errorf("%s read by %s, want stored columns", s.Path, s.Read)
		}
	}
	ex = explain(t, fmt.Sprintf("SELECT proc.aname[2] FROM '%s'", d.ParquetPath), Options{})
	if ex.Sources[0].Read != "replay (proc.aname[2] is not stored)" {
		t.Errorf("proc.aname[2] read by %q", ex.Sources[0].Read)
	}
	if _, err := tryQuery(fmt.Sprintf("SELECT proc.aname[2] FROM '%s'", d.ParquetPath), Options{Path: PathStored}); err == nil {
		t.Error("--path stored with a field that is not stored: no error")
	}
}

// TestPruning checks that selective filters and time ranges skip row groups and pages,
// without changing the answer.
func TestPruning(t *testing.T) {
	d := synth(t)
	mid := d.FirstTs + (d.LastTs-d.FirstTs)/2
	cases := []struct {
		q    string
		what string
	}{
		{fmt.Sprintf("SELECT count(*) FROM '%s' SINCE %d UNTIL %d", d.ParquetPath, mid, mid+600e9), "time"},
		{fmt.Sprintf("SELECT count(*) FROM '%s' WHERE evt.num < 300", d.ParquetPath), "statistics"},
		{fmt.Sprintf("SELECT count(*) FROM '%s' WHERE evt.type=execve", d.ParquetPath), "event types"},
	}
	for _, c := range cases {
		ex := explain(t, c.q, Options{})
		s := ex.Sources[0]
		if s.RowGroupsPruned == 0 || s.PrunedBy[c.what] == 0 {
			t.Errorf("%s: %d of %d row groups pruned (%v), want some by %s", c.q, s.RowGroupsPruned, s.RowGroups, s.PrunedBy, c.what)
		}
		if auto, replay := runQuery(t, c.q, Options{}), runQuery(t, c.q, Options{Path: PathReplay}); auto != replay {
			t.Errorf("%s: pruned answer %q, replay %q", c.q, auto, replay)
		}
	}
	// The store's catalog selects the segments of a time range before any is opened.
	all := len(explain(t, fmt.Sprintf("SELECT count(*) FROM '%s'", d.StoreDir), Options{}).Sources)
	q := fmt.Sprintf("SELECT count(*) FROM '%s' SINCE %d UNTIL %d", d.StoreDir, mid, mid+60e9)
	ex := explain(t, q, Options{})
	read := 0
	for _, s := range ex.Sources {
		if s.Pruned == "" {
			read++
		}
	}
	if read == 0 || len(ex.Sources) >= all {
		t.Errorf("a one-minute range considers %d of the store's %d segments and reads %d", len(ex.Sources), all, read)
	}
	if auto, replay := runQuery(t, q, Options{}), runQuery(t, fmt.Sprintf("SELECT count(*) FROM '%s' SINCE %d UNTIL %d", d.ScapPath, mid, mid+60e9), Options{}); auto != replay {
		t.Errorf("%s: %q, the capture gives %q", q, auto, replay)
	}
	ex = explain(t, fmt.Sprintf("SELECT count(*) FROM '%s' WHERE evt.num >= 2000 and evt.num < 2100", d.ParquetPath), Options{})
	if s := ex.Sources[0]; s.PagesPruned == 0 || s.PagesPruned == s.Pages {
		t.Errorf("evt.num range: %d of %d pages pruned, want some", s.PagesPruned, s.Pages)
	}
}

// TestLastSegmentMatchesFullReplay: a query restricted to the last segment of a store
// gives the same enriched values as the full replay of the capture.
func TestLastSegmentMatchesFullReplay(t *testing.T) {
	d := synth(t)
	ex := explain(t, fmt.Sprintf("SELECT count(*) FROM '%s'", d.StoreDir), Options{})
	if len(ex.Sources) < 3 {
		t.Fatalf("store has %d segments, want several", len(ex.Sources))
	}
	last := ex.Sources[len(ex.Sources)-1]
	fieldsList := "evt.num, proc.name, proc.pname, proc.exepath, proc.args, user.name, fd.name, fd.num, proc.aname[2], proc.cmdline"
	seg := runQuery(t, fmt.Sprintf("SELECT %s FROM '%s' ORDER BY evt.num", fieldsList, last.Path), Options{Path: PathReplay})
	segStored := runQuery(t, fmt.Sprintf("SELECT %s FROM '%s' ORDER BY evt.num", strings.Replace(strings.Replace(fieldsList, ", proc.aname[2]", "", 1), ", proc.cmdline", "", 1), last.Path), Options{})
	lines := strings.Split(strings.TrimSpace(seg), "\n")
	if len(lines) < 100 {
		t.Fatalf("last segment gives %d rows", len(lines))
	}
	firstNum := strings.SplitN(lines[1], ",", 2)[0]
	full := runQuery(t, fmt.Sprintf("SELECT %s FROM '%s' ORDER BY evt.num", fieldsList, d.ScapPath), Options{})
	full = fromNum(full, firstNum)
	if seg != full {
		t.Errorf("last segment replayed from its snapshot differs from the full replay:\n%s", firstDiff(seg, full))
	}
	fullStored := runQuery(t, fmt.Sprintf("SELECT %s FROM '%s' ORDER BY evt.num", strings.Replace(strings.Replace(fieldsList, ", proc.aname[2]", "", 1), ", proc.cmdline", "", 1), d.ScapPath), Options{})
	fullStored = fromNum(fullStored, firstNum)
	if segStored != fullStored {
		t.Errorf("last segment's stored columns differ from the full replay:\n%s", firstDiff(segStored, fullStored))
	}
}

// fromNum keeps the header and the rows of a CSV result whose first column (evt.num) is
// at least first. The full replay is cut this way rather than by a WHERE clause: a filter
// takes part in the state engine's processing, as in sysdig, so it could change values.
func fromNum(csv, first string) string {
	lines := strings.SplitAfter(csv, "\n")
	min, _ := strconv.ParseUint(first, 10, 64)
	out := lines[0]
	for _, l := range lines[1:] {
		num, _, _ := strings.Cut(l, ",")
		if n, err := strconv.ParseUint(num, 10, 64); err == nil && n >= min {
			out += l
		}
	}
	return out
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(al), len(bl))
}

func TestSources(t *testing.T) {
	d := synth(t)
	want := runQuery(t, fmt.Sprintf("SELECT count(*) FROM '%s'", d.ScapPath), Options{})
	for _, from := range []string{d.StoreDir + "/**/*.parquet", d.StoreDir} {
		if got := runQuery(t, fmt.Sprintf("SELECT count(*) FROM '%s'", from), Options{}); got != want {
			t.Errorf("FROM %s: %q, want %q", from, got, want)
		}
	}
	if got := runQuery(t, "SELECT count(*)", Options{DefaultStore: d.StoreDir}); got != want {
		t.Errorf("default store: %q, want %q", got, want)
	}
	_, err := tryQuery("SELECT count(*) FROM '/nonexistent/x.scap'", Options{})
	var qe *sql.Error
	if !errorsAs(err, &qe) || qe.Column() != 22 {
		t.Errorf("missing file: %v, want a query error at column 22", err)
	}
}

func TestErrorsPointIntoTheQuery(t *testing.T) {
	d := synth(t)
	cases := []struct {
		q   string
		col int
	}{
		{fmt.Sprintf("SELECT proc.nam FROM '%s'", d.ScapPath), 8},
		{"SELECT count(*) FROM 'x' WHERE proc.name = bash and fd.nme = 3", 53},
		{"SELECT count(*) FROM 'x' WHERE proc.name = = x", 44},
		{"SELECT fd.ip FROM 'x'", 8},
	}
	for _, c := range cases {
		_, err := tryQuery(c.q, Options{})
		var qe *sql.Error
		if !errorsAs(err, &qe) || qe.Column() != c.col {
			col := 0
			if qe != nil {
				col = qe.Column()
			}
			t.Errorf("%s: %v (column %d), want an error at column %d", c.q, err, col, c.col)
		}
	}
}

func TestExplainText(t *testing.T) {
	d := synth(t)
	text := explain(t, fmt.Sprintf("SELECT proc.name, proc.aname[1] FROM '%s' WHERE evt.type=openat", d.StoreDir), Options{}).String()
	for _, want := range []string{"source: store", "event types: openat", "proc.name: replay", "proc.aname[1]: replay", "files: "} {
		if !strings.Contains(text, want) {
			t.Errorf("EXPLAIN lacks %q:\n%s", want, text)
		}
	}
	text = explain(t, fmt.Sprintf("SELECT proc.name FROM '%s' WHERE evt.type=openat", d.StoreDir), Options{}).String()
	if !strings.Contains(text, "proc.name: column proc_name") || !strings.Contains(text, "row groups: ") {
		t.Errorf("EXPLAIN of a stored query:\n%s", text)
	}
	_ = slices.Contains[[]string]
}
