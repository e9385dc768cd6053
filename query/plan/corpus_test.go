package plan

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/internal/testshared"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// corpusDir is the shared corpus, found from the repository root; tests that need it
// skip where it is absent.
func corpusDir(t *testing.T) string {
	return filepath.Join(testshared.Dir(t, "corpus/ref/filter_counts.tsv"), "corpus")
}

// readTSV reads a TSV file with a header row into rows of cells.
func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i > 0 {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	return rows
}

// importStore imports a capture into a new store of segments of at most n events.
func importStore(t *testing.T, in, dir string, n int64) {
	t.Helper()
	tr, err := enrich.New()
	if err != nil {
		t.Fatal(err)
	}
	w, err := store.NewWriter(dir, store.WriterOptions{MaxEvents: n, Tracker: tr})
	if err != nil {
		t.Fatal(err)
	}
	src, err := scap.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var ev event.Event
	var last *scap.Section
	for {
		err := src.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if s := src.Section(); s != last {
			last = s
			if err := w.BeginSection(s); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Write(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCorpusFilterCounts checks SELECT count(*) WHERE F against sysdig's match counts for
// the 16 reference filters on every corpus capture, over the capture, its Parquet
// conversion (stored columns where possible, and replay) and a store imported from it.
func TestCorpusFilterCounts(t *testing.T) {
	dir := corpusDir(t)
	if testing.Short() {
		t.Skip("corpus comparison skipped in -short mode")
	}
	filters := readTSV(t, filepath.Join(dir, "ref", "filters.tsv"))
	for _, row := range readTSV(t, filepath.Join(dir, "ref", "filter_counts.tsv")) {
		name := row[0]
		raw := filepath.Join(dir, "raw", name+".scap")
		tmp := t.TempDir()
		pq := filepath.Join(tmp, name+".parquet")
		if err := convertEnriched(raw, pq); err != nil {
			t.Fatalf("%s: convert: %v", name, err)
		}
		st := filepath.Join(tmp, "store")
		importStore(t, raw, st, 5000)
		for i, f := range filters {
			want, _ := strconv.Atoi(row[i+1])
			for _, c := range []struct {
				src  string
				path Path
			}{{raw, PathAuto}, {pq, PathAuto}, {pq, PathReplay}, {st, PathAuto}} {
				out, err := tryQuery(fmt.Sprintf("SELECT count(*) FROM '%s' WHERE %s", c.src, f[1]), Options{Path: c.path})
				if err != nil {
					t.Errorf("%s filter %s on %s: %v", name, f[0], filepath.Base(c.src), err)
					continue
				}
				if got := strings.TrimSpace(strings.TrimPrefix(out, "count(*)\n")); got != strconv.Itoa(want) {
					t.Errorf("%s filter %s (%s) on %s (%s): %s, want %d", name, f[0], f[1], filepath.Base(c.src), c.path, got, want)
				}
			}
		}
	}
}

// TestCorpusStoredColumnsMatchReplay groups every corpus capture's Parquet conversion by
// each field the stored path can read, through the columns and through replay.
func TestCorpusStoredColumnsMatchReplay(t *testing.T) {
	dir := corpusDir(t)
	if testing.Short() {
		t.Skip("corpus comparison skipped in -short mode")
	}
	var fieldNames []string
	for _, c := range parquet.Columns {
		if _, ok := storedField(c.Field, true); ok && c.Field != "" {
			fieldNames = append(fieldNames, c.Field)
		}
	}
	if len(fieldNames) < 25 {
		t.Fatalf("only %d stored fields: %v", len(fieldNames), fieldNames)
	}
	for _, row := range readTSV(t, filepath.Join(dir, "ref", "filter_counts.tsv")) {
		pq := filepath.Join(t.TempDir(), row[0]+".parquet")
		if err := convertEnriched(filepath.Join(dir, "raw", row[0]+".scap"), pq); err != nil {
			t.Fatal(err)
		}
		for _, f := range fieldNames {
			q := fmt.Sprintf("SELECT %s, count(*), min(evt.num) FROM '%s' GROUP BY 1 ORDER BY 1", f, pq)
			stored, err := tryQuery(q, Options{Path: PathStored})
			if err != nil {
				t.Errorf("%s: %v", q, err)
				continue
			}
			if replay := runQuery(t, q, Options{Path: PathReplay}); stored != replay {
				t.Errorf("%s %s: stored columns and replay differ:\n%s", row[0], f, firstDiff(stored, replay))
			}
		}
	}
}

// convertEnriched writes the enriched Parquet conversion of a capture.
func convertEnriched(in, out string) error {
	src, err := scap.Open(in)
	if err != nil {
		return err
	}
	defer src.Close()
	tr, err := enrich.New()
	if err != nil {
		return err
	}
	_, err = store.ToParquet(src, out, store.ConvertOptions{Tracker: tr})
	return err
}

// TestCorpusLastSegmentMatchesFullReplay imports the corpus' largest capture into a store
// of several segments and checks that the last segment alone, replayed from its snapshot
// and read from its columns, gives the values a replay of the whole capture gives.
func TestCorpusLastSegmentMatchesFullReplay(t *testing.T) {
	dir := corpusDir(t)
	if testing.Short() {
		t.Skip("corpus comparison skipped in -short mode")
	}
	raw := filepath.Join(dir, "raw", "libs-sdk-go--httpd.scap")
	st := filepath.Join(t.TempDir(), "store")
	importStore(t, raw, st, 8000)
	ex := explain(t, fmt.Sprintf("SELECT count(*) FROM '%s'", st), Options{})
	if len(ex.Sources) < 3 {
		t.Fatalf("%d segments, want several", len(ex.Sources))
	}
	last := ex.Sources[len(ex.Sources)-1].Path
	replayed := "evt.num, proc.name, proc.pname, proc.exepath, proc.args, proc.aname[2], user.name, container.id, container.name, fd.name, fd.cip, fd.sport, evt.info"
	stored := "evt.num, proc.name, proc.pname, proc.exepath, proc.args, user.name, container.id, container.name, fd.name, fd.cip, fd.sport"
	seg := runQuery(t, fmt.Sprintf("SELECT %s FROM '%s' ORDER BY evt.num", replayed, last), Options{Path: PathReplay})
	lines := strings.Split(strings.TrimSpace(seg), "\n")
	if len(lines) < 1000 {
		t.Fatalf("last segment gives %d rows", len(lines))
	}
	first := strings.SplitN(lines[1], ",", 2)[0]
	full := runQuery(t, fmt.Sprintf("SELECT %s FROM '%s' ORDER BY evt.num", replayed, raw), Options{})
	full = fromNum(full, first)
	if seg != full {
		t.Errorf("last segment replayed from its snapshot differs from the full replay:\n%s", firstDiff(seg, full))
	}
	segStored := runQuery(t, fmt.Sprintf("SELECT %s FROM '%s' ORDER BY evt.num", stored, last), Options{Path: PathStored})
	fullStored := runQuery(t, fmt.Sprintf("SELECT %s FROM '%s' ORDER BY evt.num", stored, raw), Options{})
	fullStored = fromNum(fullStored, first)
	if segStored != fullStored {
		t.Errorf("last segment's columns differ from the full replay:\n%s", firstDiff(segStored, fullStored))
	}
}
