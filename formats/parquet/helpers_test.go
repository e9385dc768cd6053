package parquet

import (
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/internal/testshared"
)

// sharedDir returns the project's shared folder (next to the repository root), skipping
// the test when it is absent.
func sharedDir(t testing.TB, sub string) string { return testshared.Path(t, sub) }

// corpusFiles lists the corpus captures.
func corpusFiles(t testing.TB) []string {
	files, _ := filepath.Glob(filepath.Join(sharedDir(t, "corpus/raw"), "*.scap"))
	if len(files) == 0 {
		t.Skip("no captures in ../shared/corpus/raw")
	}
	return files
}
