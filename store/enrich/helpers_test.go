package enrich

import (
	"testing"

	"github.com/scrylabs/scry/internal/testshared"
)

// corpusFiles lists ../shared/corpus/raw/*.scap next to the repository root, skipping
// the test when the corpus is absent.
func corpusFiles(t testing.TB) []string { return testshared.CorpusFiles(t) }
