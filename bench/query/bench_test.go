package querybench

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	qexec "github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/plan"
	"github.com/scrylabs/scry/query/sql"
)

// runQuery plans and runs a query in-process, discarding its CSV output.
func runQuery(tb testing.TB, q string) string {
	tb.Helper()
	st, err := sql.Parse(q)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := plan.Build(st, plan.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer p.Close()
	var out strings.Builder
	w, _ := qexec.NewWriter("csv", &out, false)
	if err := p.Run(context.Background(), w, 0); err != nil {
		tb.Fatal(err)
	}
	return out.String()
}

// BenchmarkStoreQueries times the benchmark queries in-process over the store named by
// SCRY_BENCH_STORE (bench.sh builds one), without process start-up (SCRY_BENCH_FILTER
// sets the selective filter, default proc.name = cat):
//
//	SCRY_BENCH_STORE=/tmp/scry-querybench/store go test ./bench/query -run '^$' -bench StoreQueries
func BenchmarkStoreQueries(b *testing.B) {
	dir := os.Getenv("SCRY_BENCH_STORE")
	if dir == "" {
		b.Skip("SCRY_BENCH_STORE is not set: no store to query (bench/query/bench.sh builds one)")
	}
	rng := strings.Split(strings.TrimSpace(runQuery(b, fmt.Sprintf("SELECT min(evt.rawtime), max(evt.rawtime) FROM %s", dir))), "\n")
	f := strings.Split(rng[len(rng)-1], ",")
	lo, _ := strconv.ParseInt(f[0], 10, 64)
	hi, _ := strconv.ParseInt(f[1], 10, 64)
	span := hi - lo
	onePercent := fmt.Sprintf(" SINCE %d UNTIL %d", lo+span/2, lo+span/2+span/100)
	filter := os.Getenv("SCRY_BENCH_FILTER")
	if filter == "" {
		filter = "proc.name = cat"
	}
	for _, c := range []struct{ name, q string }{
		{"selective-filter", "SELECT count(*) FROM %s WHERE " + filter},
		{"group-proc.name", "SELECT proc.name, count(*) FROM %s GROUP BY proc.name"},
		{"group-evt.type", "SELECT evt.type, count(*) FROM %s GROUP BY evt.type"},
		{"distinct-per-user", "SELECT user.name, count(DISTINCT proc.name) FROM %s GROUP BY user.name"},
		{"all-time", "SELECT proc.name, count(*) FROM %s GROUP BY proc.name"},
		{"one-percent-time", "SELECT proc.name, count(*) FROM %s" + onePercent + " GROUP BY proc.name"},
		{"slow-calls-all-time", "SELECT proc.name, count(*) AS n, avg(evt.latency) FROM %s WHERE evt.latency > 1000000 GROUP BY proc.name ORDER BY n DESC LIMIT 10"},
		{"slow-calls-one-percent", "SELECT proc.name, count(*) AS n, avg(evt.latency) FROM %s" + onePercent + " WHERE evt.latency > 1000000 GROUP BY proc.name ORDER BY n DESC LIMIT 10"},
		{"nginx-files-all-time", "SELECT fd.name, count(*) AS n FROM %s WHERE evt.type in (open, openat) and proc.name = nginx GROUP BY fd.name ORDER BY n DESC LIMIT 10"},
		{"nginx-files-one-percent", "SELECT fd.name, count(*) AS n FROM %s" + onePercent + " WHERE evt.type in (open, openat) and proc.name = nginx GROUP BY fd.name ORDER BY n DESC LIMIT 10"},
	} {
		q := fmt.Sprintf(c.q, dir)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				runQuery(b, q)
			}
		})
	}
}
