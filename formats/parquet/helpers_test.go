package parquet

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedDir returns the project's shared folder (next to the repository root), skipping
// the test when it is absent.
func sharedDir(t testing.TB, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root (go.mod) not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is absent: the corpus tests need ../shared next to the repository", p)
	}
	return p
}

// corpusFiles lists the corpus captures.
func corpusFiles(t testing.TB) []string {
	files, _ := filepath.Glob(filepath.Join(sharedDir(t, "corpus/raw"), "*.scap"))
	if len(files) == 0 {
		t.Skip("no captures in ../shared/corpus/raw")
	}
	return files
}
