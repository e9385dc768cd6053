// Package testshared finds, for tests, the ../shared folder that sits beside the
// repository (the capture corpus with sysdig's reference outputs, the Falco rule files
// and the specifications). A test that needs it skips, naming what is missing, where it
// is absent, so the suite builds and runs without it. Its functions are safe for
// concurrent use.
package testshared

import (
	"os"
	"path/filepath"
	"testing"
)

// Root is the repository root: the nearest folder above the working directory (a
// package's folder, under go test) that holds go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package directory")
		}
		dir = parent
	}
}

// Dir is the ../shared folder beside the repository; the test skips unless
// ../shared/need exists.
func Dir(t testing.TB, need string) string {
	t.Helper()
	shared := filepath.Join(Root(t), "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, need)); err != nil {
		t.Skipf("%s is absent: this test needs ../shared beside the repository", filepath.Join(shared, need))
	}
	return shared
}

// Path is ../shared/rel beside the repository; the test skips where it is absent.
func Path(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(Dir(t, rel), rel)
}

// CorpusFiles lists the captures of ../shared/corpus/raw; the test skips where there
// are none.
func CorpusFiles(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(Path(t, "corpus/raw"), "*.scap"))
	if len(files) == 0 {
		t.Skip("../shared/corpus/raw holds no capture: the corpus tests need the shared corpus beside the repository")
	}
	return files
}
