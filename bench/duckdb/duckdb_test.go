package duckdb

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// groupBy is one query: its SQL key expression and how scry computes the same key.
type groupBy struct {
	name string
	sql  string // over the file, aliased k
	key  func(ev *event.Event, en *parquet.Enriched) string
}

const null = "<NULL>"

func str(en *parquet.Enriched, col int) string {
	if b, ok := en.String(col); ok {
		return string(b)
	}
	return null
}

var queries = []groupBy{
	{"evt_type", "coalesce(evt_type, '<NULL>')", func(_ *event.Event, en *parquet.Enriched) string { return str(en, parquet.ColEvtType) }},
	{"proc_name", "coalesce(proc_name, '<NULL>')", func(_ *event.Event, en *parquet.Enriched) string { return str(en, parquet.ColProcName) }},
	{"fd_name", "coalesce(fd_name, '<NULL>')", func(_ *event.Event, en *parquet.Enriched) string { return str(en, parquet.ColFdName) }},
	{"evt_dir_cpu", "evt_dir || ':' || CAST(evt_cpu AS VARCHAR)", func(ev *event.Event, _ *parquet.Enriched) string {
		d := "<"
		if ev.IsEnter() {
			d = ">"
		}
		return d + ":" + strconv.Itoa(int(ev.CPU))
	}},
	{"tid_user_container", "CAST(thread_tid AS VARCHAR) || '|' || coalesce(user_name, '<NULL>') || '|' || coalesce(container_id, '<NULL>')",
		func(ev *event.Event, en *parquet.Enriched) string {
			return strconv.FormatInt(ev.Tid(), 10) + "|" + str(en, parquet.ColUserName) + "|" + str(en, parquet.ColContainerID)
		}},
}

// repoRoot finds the folder holding go.mod.
func repoRoot(t *testing.T) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root (go.mod) not found")
		}
		dir = parent
	}
}

// duckDir installs DuckDB's node client with setup.sh, skipping the test where node,
// npm or the package registry is unavailable.
func duckDir(t *testing.T) string {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: DuckDB (npm @duckdb/node-api) cannot run")
	}
	cmd := exec.Command("bash", "setup.sh")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("DuckDB's node client could not be installed (setup.sh: %v); install node and npm and reach the npm registry to run this test", err)
	}
	return strings.TrimSpace(string(out))
}

// TestDuckDBReadsScryParquet converts every corpus capture (and a synthetic one) to
// Parquet, runs five group-by queries per file in DuckDB and compares the counts with
// the ones scry computes from the same events.
func TestDuckDBReadsScryParquet(t *testing.T) {
	dir := duckDir(t)
	work := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "..", "shared", "corpus", "raw", "*.scap"))
	if len(files) == 0 {
		t.Log("../shared/corpus is absent: only the synthetic capture is checked")
	}
	files = append(files, syntheticCapture(t, work))
	var sqls []string
	var want []map[string]int64
	var names []string
	for _, f := range files {
		pq := filepath.Join(work, strings.TrimSuffix(filepath.Base(f), ".scap")+".parquet")
		counts := convertAndCount(t, f, pq)
		for i, q := range queries {
			sqls = append(sqls, fmt.Sprintf("SELECT %s AS k, count(*) AS c FROM '%s' GROUP BY 1", q.sql, pq))
			want = append(want, counts[i])
			names = append(names, filepath.Base(pq)+" "+q.name)
		}
	}
	got := runDuck(t, dir, sqls)
	agree := 0
	for i := range sqls {
		if got[i].Error != "" {
			t.Errorf("%s: DuckDB: %s", names[i], got[i].Error)
			continue
		}
		g := map[string]int64{}
		for _, row := range got[i].Rows {
			n, _ := strconv.ParseInt(fmt.Sprint(row["c"]), 10, 64)
			g[fmt.Sprint(row["k"])] = n
		}
		if !equalCounts(g, want[i]) {
			t.Errorf("%s: DuckDB counts %d groups, scry %d; first difference: %s", names[i], len(g), len(want[i]), firstDiff(g, want[i]))
			continue
		}
		agree++
	}
	t.Logf("DuckDB agrees with scry on %d of %d group-by queries over %d files", agree, len(sqls), len(files))
}

type duckResult struct {
	Rows  []map[string]any `json:"rows"`
	Error string           `json:"error"`
}

func runDuck(t *testing.T, dir string, sqls []string) []duckResult {
	in, _ := json.Marshal(sqls)
	cmd := exec.Command("node", filepath.Join(dir, "queries.mjs"))
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node queries.mjs: %v", err)
	}
	var res []duckResult
	if err := json.Unmarshal(out, &res); err != nil || len(res) != len(sqls) {
		t.Fatalf("DuckDB output: %v (%d results for %d statements)", err, len(res), len(sqls))
	}
	return res
}

// convertAndCount writes capture f as Parquet at out and returns scry's counts for each
// query, from the events and the enriched values the tracker computed.
func convertAndCount(t *testing.T, f, out string) []map[string]int64 {
	r, err := scap.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.ReturnUnknown(true)
	tr, err := enrich.New()
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]map[string]int64, len(queries))
	for i := range counts {
		counts[i] = map[string]int64{}
	}
	src := &countingSource{Reader: r, tr: tr, counts: counts}
	if _, err := store.ToParquet(src, out, store.ConvertOptions{Tracker: src}); err != nil {
		t.Fatal(err)
	}
	return counts
}

// countingSource is the capture and the tracker in one: it counts each event's keys as
// the tracker enriches it for the writer.
type countingSource struct {
	*scap.Reader
	tr     *enrich.Tracker
	counts []map[string]int64
}

func (s *countingSource) LoadSection(sec *scap.Section) error { return s.tr.LoadSection(sec) }
func (s *countingSource) Snapshot() (*scap.Section, []byte, error) {
	return s.tr.Snapshot()
}

func (s *countingSource) Track(ev *event.Event, en *parquet.Enriched) {
	s.tr.Track(ev, en)
	for i, q := range queries {
		s.counts[i][q.key(ev, en)]++
	}
}

func equalCounts(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func firstDiff(got, want map[string]int64) string {
	for k, v := range want {
		if got[k] != v {
			return fmt.Sprintf("key %q: DuckDB %d, scry %d", k, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			return fmt.Sprintf("key %q: DuckDB %d, scry none", k, v)
		}
	}
	return "none"
}

// syntheticCapture writes a capture that needs no corpus: two processes opening files.
func syntheticCapture(t *testing.T, dir string) string {
	path := filepath.Join(dir, "synthetic.scap")
	w, err := scap.Create(path, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sec := &scap.Section{
		Machine:   &scap.MachineInfo{NumCPUs: 2, Hostname: "synthetic"},
		Processes: []scap.Process{{Tid: 7, Pid: 7, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "cat", Exe: "cat"}, {Tid: 9, Pid: 9, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "ls", Exe: "ls"}},
		HasUsers:  true,
		Users:     []scap.User{{UID: 0, Name: "root"}},
	}
	if err := w.WriteSection(sec); err != nil {
		t.Fatal(err)
	}
	ts := uint64(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	for i := 0; i < 3000; i++ {
		tid := int64(7 + 2*(i/2%2))
		name := fmt.Sprintf("/tmp/f%d", i%37)
		var raw []byte
		if i%2 == 0 {
			raw = event.Append(nil, ts+uint64(i)*1000, tid, 2, event.CStr(name), event.U32(1), event.U32(0))
		} else {
			raw = event.Append(nil, ts+uint64(i)*1000, tid, 3, event.I64(int64(3+i%5)), event.CStr(name), event.U32(1), event.U32(0), event.U32(0))
		}
		ev := event.Event{Raw: raw, CPU: uint16(i % 2)}
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDuckDBReadsStore imports captures into a store of small segments and checks that
// DuckDB, reading the store as one hive-partitioned dataset, counts the same events per
// host and per hour partition as scry's catalog.
func TestDuckDBReadsStore(t *testing.T) {
	dir := duckDir(t)
	work := t.TempDir()
	root := filepath.Join(work, "store")
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "..", "shared", "corpus", "raw", "libs-*.scap"))
	files = append(files, syntheticCapture(t, work))
	tr, err := enrich.New()
	if err != nil {
		t.Fatal(err)
	}
	w, err := store.NewWriter(root, store.WriterOptions{MaxEvents: 700, Tracker: tr})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		r, err := scap.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		var sec *scap.Section
		var ev event.Event
		for r.Next(&ev) == nil {
			if s := r.Section(); s != sec {
				sec = s
				w.BeginSection(s)
			}
			if err := w.Write(&ev); err != nil {
				t.Fatal(err)
			}
		}
		r.Close()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, seg := range s.Segments() {
		want[seg.Host+" "+filepath.Base(filepath.Dir(seg.Path))] += seg.Stats.Events
	}
	res := runDuck(t, dir, []string{fmt.Sprintf(
		"SELECT host || ' hour=' || lpad(CAST(hour AS VARCHAR), 2, '0') AS k, count(*) AS c FROM read_parquet('%s/**/*.parquet', hive_partitioning = true) GROUP BY 1", root)})
	if res[0].Error != "" {
		t.Fatalf("DuckDB: %s", res[0].Error)
	}
	got := map[string]int64{}
	for _, row := range res[0].Rows {
		n, _ := strconv.ParseInt(fmt.Sprint(row["c"]), 10, 64)
		got[fmt.Sprint(row["k"])] = n
	}
	if !equalCounts(got, want) {
		t.Errorf("DuckDB counts %v per host and hour, the catalog %v", got, want)
	}
	t.Logf("%d segments, %d host/hour partitions", len(s.Segments()), len(want))
}
