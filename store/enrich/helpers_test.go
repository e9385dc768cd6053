package enrich

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusFiles lists ../shared/corpus/raw/*.scap next to the repository root, skipping
// the test when the corpus is absent.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	dir, _ := os.Getwd()
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
	files, _ := filepath.Glob(filepath.Join(dir, "..", "shared", "corpus", "raw", "*.scap"))
	if len(files) == 0 {
		t.Skip("../shared/corpus/raw is absent: the corpus tests need the shared corpus next to the repository")
	}
	return files
}
