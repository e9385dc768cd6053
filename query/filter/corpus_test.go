package filter_test

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/internal/testshared"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// sharedDir returns ../shared beside the repository root, or skips the test.
func sharedDir(t testing.TB) string { return testshared.Dir(t, "corpus/ref/filters.tsv") }

type corpusFile struct {
	name, raw, ref string
	offset         uint64 // how much lower the reference evt.num is than the block ordinal
}

func corpusFiles(t testing.TB, shared string) []corpusFile {
	raws, err := filepath.Glob(filepath.Join(shared, "corpus", "raw", "*.scap"))
	if err != nil || len(raws) == 0 {
		t.Skipf("no captures in %s/corpus/raw", shared)
	}
	var out []corpusFile
	lower := regexp.MustCompile(`is (\d+) lower`)
	for _, raw := range raws {
		name := strings.TrimSuffix(filepath.Base(raw), ".scap")
		ref := filepath.Join(shared, "corpus", "ref", name)
		if _, err := os.Stat(filepath.Join(ref, "filter-1.txt")); err != nil {
			continue
		}
		cf := corpusFile{name: name, raw: raw, ref: ref}
		if note, err := os.ReadFile(filepath.Join(ref, "NOTE.txt")); err == nil {
			if m := lower.FindSubmatch(note); m != nil {
				cf.offset, _ = strconv.ParseUint(string(m[1]), 10, 64)
			}
		}
		out = append(out, cf)
	}
	return out
}

func referenceFilters(t testing.TB, shared string) []string {
	b, err := os.ReadFile(filepath.Join(shared, "corpus", "ref", "filters.tsv"))
	if err != nil {
		t.Skip(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		_, f, _ := strings.Cut(line, "\t")
		out = append(out, f)
	}
	return out
}

// shown reports whether sysdig prints the event (internal events and newer metaevents
// are never printed).
func shown(ev *event.Event) bool {
	info := ev.Info()
	if info == nil || info.Category == schema.CatInternal {
		return false
	}
	return info.Source&(schema.SourceMetaevent|schema.SourceIter) == 0 || info.Legacy
}

// replay reads a capture through the state engine with f installed as its filter, as
// scry read does, and calls visit for every event sysdig would print.
func replay(t testing.TB, path string, f *filter.Filter, visit func(ctx *state.EventContext, eng *state.Engine)) {
	t.Helper()
	r, err := scap.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer r.Close()
	eng := state.New(state.Options{})
	if f != nil {
		eng.SetFilter(func(ctx *state.EventContext) bool { return f.Match(ctx, eng) })
	}
	var ev event.Event
	var section *scap.Section
	for {
		if err := r.Next(&ev); err != nil {
			if errors.Is(err, io.EOF) {
				return
			}
			t.Fatalf("read %s: %v", path, err)
		}
		if s := r.Section(); s != section {
			section = s
			eng.LoadSection(s)
		}
		ctx := eng.Process(&ev)
		if ctx.Filtered || ctx.Hidden {
			continue
		}
		if shown(&ev) {
			visit(ctx, eng)
		}
		eng.EndEvent(ctx)
	}
}

func readNums(t testing.TB, path string, offset uint64) []uint64 {
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []uint64
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if n, err := strconv.ParseUint(strings.TrimSpace(sc.Text()), 10, 64); err == nil {
			out = append(out, n+offset)
		}
	}
	return out
}

// The 16 reference filters select exactly the events sysdig 0.29.3 selects on every
// corpus capture (ref/NAME/filter-N.txt).
func TestCorpusFilters(t *testing.T) {
	shared := sharedDir(t)
	filters := referenceFilters(t, shared)
	files := corpusFiles(t, shared)
	same, total := 0, 0
	for _, cf := range files {
		for k, text := range filters {
			f, err := filter.Compile(text, nil)
			if err != nil {
				t.Fatalf("filter %d %q: %v", k+1, text, err)
			}
			var got []uint64
			replay(t, cf.raw, f, func(ctx *state.EventContext, _ *state.Engine) { got = append(got, ctx.Ev.Num) })
			want := readNums(t, filepath.Join(cf.ref, "filter-"+strconv.Itoa(k+1)+".txt"), cf.offset)
			total++
			if equalNums(got, want) {
				same++
				continue
			}
			t.Errorf("%s filter %d (%s): %s", cf.name, k+1, text, describeDiff(got, want))
		}
	}
	t.Logf("filter results identical to sysdig: %d/%d", same, total)
}

func equalNums(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func describeDiff(got, want []uint64) string {
	in := func(xs []uint64) map[uint64]bool {
		m := make(map[uint64]bool, len(xs))
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var extra, missing []string
	for _, x := range got {
		if !w[x] && len(extra) < 5 {
			extra = append(extra, strconv.FormatUint(x, 10))
		}
	}
	for _, x := range want {
		if !g[x] && len(missing) < 5 {
			missing = append(missing, strconv.FormatUint(x, 10))
		}
	}
	return "got " + strconv.Itoa(len(got)) + " events, want " + strconv.Itoa(len(want)) +
		"; extra " + strings.Join(extra, ",") + "; missing " + strings.Join(missing, ",")
}

// For every corpus capture and reference filter F, F and "not F" split the events in
// two: every printed event matches exactly one of them.
func TestCorpusPartition(t *testing.T) {
	shared := sharedDir(t)
	filters := referenceFilters(t, shared)
	for _, cf := range corpusFiles(t, shared) {
		pos := make([]*filter.Filter, len(filters))
		neg := make([]*filter.Filter, len(filters))
		for k, text := range filters {
			var err error
			if pos[k], err = filter.Compile(text, nil); err != nil {
				t.Fatal(err)
			}
			if neg[k], err = filter.Compile("not ("+text+")", nil); err != nil {
				t.Fatal(err)
			}
		}
		events, bad := 0, 0
		replay(t, cf.raw, nil, func(ctx *state.EventContext, eng *state.Engine) {
			events++
			for k := range filters {
				if pos[k].Match(ctx, eng) == neg[k].Match(ctx, eng) {
					if bad < 5 {
						t.Errorf("%s event %d: %q and its negation agree", cf.name, ctx.Ev.Num, filters[k])
					}
					bad++
				}
			}
		})
		if events == 0 && cf.name != "falco--empty-2016" && cf.name != "falco--empty-2019" {
			t.Errorf("%s: no events replayed", cf.name)
		}
	}
}
