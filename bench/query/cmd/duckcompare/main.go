// Command duckcompare runs the query engine's ten group-by queries with scry and with
// DuckDB over the same Parquet data and reports, for each, both times and whether the
// answers are identical. Usage: duckcompare -duckdb DIR FILE.parquet|STORE_DIR
// (DIR from bench/query/setup-duckdb.sh). It exits 1 when an answer differs.
package main

import (
	"flag"
	"fmt"
	"os"

	querybench "github.com/scrylabs/scry/bench/query"
)

func main() {
	dir := flag.String("duckdb", "", "folder where setup-duckdb.sh installed DuckDB's node client")
	flag.Parse()
	if *dir == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: duckcompare -duckdb DIR FILE.parquet|STORE_DIR")
		os.Exit(2)
	}
	out, err := querybench.Compare(flag.Arg(0), *dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "duckcompare:", err)
		os.Exit(1)
	}
	same := 0
	fmt.Printf("%-32s %10s %10s  %s\n", "query", "scry ms", "duckdb ms", "answers")
	for _, o := range out {
		verdict := "identical"
		switch {
		case o.Err != nil:
			verdict = o.Err.Error()
		case !o.Same:
			verdict = fmt.Sprintf("DIFFER (%d rows vs %d)", len(o.Scry), len(o.Duck))
		default:
			same++
		}
		fmt.Printf("%-32s %10.1f %10.1f  %s (%d rows)\n", o.Pair.Name, o.ScryTime.Seconds()*1e3, o.DuckTime.Seconds()*1e3, verdict, len(o.Scry))
	}
	fmt.Printf("identical answers: %d/%d\n", same, len(out))
	if same != len(out) {
		os.Exit(1)
	}
}
