package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// TestGroupedRowsInCaptureOrder: a converted short capture holds its rows grouped by
// thread; the stored path still gives them in capture order, as replaying the capture
// does, without ORDER BY.
func TestGroupedRowsInCaptureOrder(t *testing.T) {
	d := synth(t)
	path := filepath.Join(t.TempDir(), "short.parquet")
	src, err := scap.Open(d.ScapPath)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tr, err := enrich.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ToParquet(src, path, store.ConvertOptions{Tracker: tr}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := pq.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	grouped := false
	for _, rg := range pf.Metadata().RowGroups {
		grouped = grouped || parquet.GroupedByThread(&rg)
	}
	if !grouped {
		t.Fatalf("%s: no row group grouped by thread; the test needs one", path)
	}
	q := "SELECT evt.num, thread.tid, proc.name, evt.type, fd.name FROM '%s' WHERE evt.dir = '<'"
	replay := runQuery(t, fmt.Sprintf(q, d.ScapPath), Options{Path: PathReplay})
	stored := runQuery(t, fmt.Sprintf(q, path), Options{Path: PathStored})
	if stored != replay {
		t.Fatalf("stored rows differ from the replay:\n%s", firstDiff(replay, stored))
	}
	lines := strings.Split(strings.TrimSpace(stored), "\n")[1:]
	if len(lines) < 100 {
		t.Fatalf("%d rows: the query tests little", len(lines))
	}
	last := -1
	for _, l := range lines {
		n, err := strconv.Atoi(strings.SplitN(l, ",", 2)[0])
		if err != nil || n <= last {
			t.Fatalf("row %q after evt.num %d: not in capture order", l, last)
		}
		last = n
	}
}
