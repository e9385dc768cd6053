package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/scrylabs/scry/query/plan/plantest"
)

// The synthetic data is built once per test binary, in a folder TestMain removes.
var (
	synthOnce  sync.Once
	synthData0 *plantest.Data
	synthRoot  string
)

func synth(t *testing.T) *plantest.Data {
	t.Helper()
	synthOnce.Do(func() {
		dir := filepath.Join(synthRoot, "default")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		d, err := plantest.Generate(dir, 1, 8000, 3*3600e9)
		if err != nil {
			t.Fatal(err)
		}
		synthData0 = d
	})
	if synthData0 == nil {
		t.Fatal("synthetic data could not be built")
	}
	return synthData0
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "scry-plan-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	synthRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
