package querybench

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/scrylabs/scry/query/plan/plantest"
	"github.com/scrylabs/scry/store"
)

// duckDir installs DuckDB's node client with setup-duckdb.sh, skipping the test where
// node, npm or the registry are missing.
func duckDir(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: DuckDB (npm @duckdb/node-api) cannot run; install node and npm to compare with DuckDB")
	}
	_, file, _, _ := runtime.Caller(0)
	out, err := exec.Command("bash", filepath.Join(filepath.Dir(file), "setup-duckdb.sh")).Output()
	if err != nil {
		t.Skipf("DuckDB's node client could not be installed (setup-duckdb.sh: %v); npm and the npm registry are needed", err)
	}
	return strings.TrimSpace(string(out))
}

// TestGroupBysMatchDuckDB runs the ten group-by queries with scry and DuckDB over the
// same Parquet file and the same store: the answers must be identical.
func TestGroupBysMatchDuckDB(t *testing.T) {
	dir := duckDir(t)
	d, err := plantest.Generate(t.TempDir(), 3, 6000, 2*3600e9)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{d.ParquetPath, d.StoreDir} {
		out, err := Compare(src, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			if o.Err != nil {
				t.Errorf("%s over %s: %v", o.Pair.Name, src, o.Err)
				continue
			}
			if len(o.Scry) == 0 {
				t.Errorf("%s over %s: no rows; the comparison proves nothing", o.Pair.Name, src)
			}
			if !o.Same {
				t.Errorf("%s over %s:\nscry:   %q\nduckdb: %q", o.Pair.Name, src, o.Scry, o.Duck)
			}
		}
	}
}

// TestGroupBysMatchDuckDBOnCorpus does the same over the Parquet conversion of the
// corpus' largest capture, where the shared corpus is present.
func TestGroupBysMatchDuckDBOnCorpus(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	raw := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus", "raw", "libs-sdk-go--httpd.scap")
	if _, err := os.Stat(raw); err != nil {
		t.Skipf("corpus capture %s is absent: %v", raw, err)
	}
	dir := duckDir(t)
	out := filepath.Join(t.TempDir(), "httpd.parquet")
	if err := convert(raw, out); err != nil {
		t.Fatal(err)
	}
	res, err := Compare(out, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range res {
		if o.Err != nil || !o.Same {
			t.Errorf("%s: err %v\nscry:   %.400q\nduckdb: %.400q", o.Pair.Name, o.Err, o.Scry, o.Duck)
		}
	}
	_ = store.DefaultDir
}
