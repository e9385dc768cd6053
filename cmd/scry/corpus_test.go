package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/internal/testshared"
)

// corpusDir returns the shared real-capture corpus next to the repository, skipping the
// test when it is absent.
func corpusDir(t *testing.T) string {
	return filepath.Join(testshared.Dir(t, "corpus/raw"), "corpus")
}

// records splits sysdig output into records: a record starts with an event number; other
// lines continue the previous record.
func records(b []byte) []string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if len(out) > 0 && !startsWithNumber(l) {
			out[len(out)-1] += "\\n" + l
			continue
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func startsWithNumber(l string) bool {
	i := strings.IndexByte(l, ' ')
	if i <= 0 {
		return false
	}
	_, err := strconv.ParseUint(l[:i], 10, 64)
	return err == nil
}

var lowerBy = regexp.MustCompile(`is (\d+) lower`)

// numOffset is how much lower the reference evt.num is than the block ordinal (events
// of types the reference does not know are not counted by it).
func numOffset(refDir string) int {
	b, err := os.ReadFile(filepath.Join(refDir, "NOTE.txt"))
	if err != nil {
		return 0
	}
	m := lowerBy.FindSubmatch(b)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func shift(rec string, off int) string {
	i := strings.IndexByte(rec, ' ')
	if off == 0 || i <= 0 {
		return rec
	}
	n, err := strconv.Atoi(rec[:i])
	if err != nil {
		return rec
	}
	return strconv.Itoa(n+off) + rec[i:]
}

func readCorpusFile(t *testing.T, file string, o readOptions) []byte {
	t.Helper()
	var out bytes.Buffer
	o.file = file
	if o.timeMode == "" {
		o.timeMode = "h"
	}
	if err := runRead(&out, &o, ""); err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	return out.Bytes()
}

func TestCorpusEventsMatchSysdig(t *testing.T) {
	dir := corpusDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "raw", "*.scap"))
	const format = "*%evt.num %evt.rawtime %evt.cpu %proc.name %thread.tid %evt.dir %evt.type %fd.name %evt.args"
	total, same, identical, n := 0, 0, 0, 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".scap")
		refDir := filepath.Join(dir, "ref", name)
		ref, err := os.ReadFile(filepath.Join(refDir, "events.txt"))
		if err != nil {
			continue
		}
		n++
		off := numOffset(refDir)
		want := records(ref)
		for i := range want {
			want[i] = shift(want[i], off)
		}
		got := records(readCorpusFile(t, f, readOptions{format: format}))
		have := map[string]int{}
		for _, l := range got {
			have[l]++
		}
		s := 0
		for _, l := range want {
			if have[l] > 0 {
				have[l]--
				s++
			}
		}
		total += len(want)
		same += s
		if s == len(want) && len(got) == len(want) {
			identical++
			t.Logf("%s: %d/%d lines", name, s, len(want))
			continue
		}
		first := ""
		for i := 0; i < len(want) || i < len(got); i++ {
			var w, g string
			if i < len(want) {
				w = want[i]
			}
			if i < len(got) {
				g = got[i]
			}
			if w != g {
				first = "\n  want: " + w + "\n  got:  " + g
				break
			}
		}
		t.Logf("%s: %d/%d lines (got %d); first difference:%s", name, s, len(want), len(got), first)
	}
	if n == 0 {
		t.Skip("no reference outputs in the corpus")
	}
	t.Logf("overall %d/%d lines, %d/%d files identical", same, total, identical, n)
	if float64(same) < 0.999*float64(total) || identical < min(15, n) {
		t.Errorf("agreement %d/%d lines, %d/%d files identical: want >= 99.9%% and >= 15 files", same, total, identical, n)
	}
}

func TestCorpusJSONMatchesSysdig(t *testing.T) {
	dir := corpusDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "raw", "*.scap"))
	total, same := 0, 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".scap")
		refDir := filepath.Join(dir, "ref", name)
		ref, err := os.ReadFile(filepath.Join(refDir, "json.txt"))
		if err != nil || len(ref) == 0 {
			continue
		}
		off := numOffset(refDir)
		want := strings.Split(strings.TrimRight(string(ref), "\n"), "\n")
		got := strings.Split(strings.TrimRight(string(readCorpusFile(t, f, readOptions{json: true})), "\n"), "\n")
		bad := 0
		for i, w := range want {
			var wm, gm map[string]any
			if err := json.Unmarshal([]byte(w), &wm); err != nil {
				t.Fatalf("%s: reference line %d: %v", name, i+1, err)
			}
			if n, ok := wm["evt.num"].(float64); ok {
				wm["evt.num"] = n + float64(off)
			}
			if i < len(got) {
				if err := json.Unmarshal([]byte(got[i]), &gm); err != nil {
					t.Errorf("%s: line %d is not JSON: %v", name, i+1, err)
				}
			}
			for k, wv := range wm {
				total++
				if gv, ok := gm[k]; ok && reflect.DeepEqual(gv, wv) {
					same++
				} else if bad++; bad <= 3 {
					t.Logf("%s line %d field %s: want %v, got %v", name, i+1, k, wv, gm[k])
				}
			}
			if len(gm) > len(wm) {
				total += len(gm) - len(wm)
			}
		}
		t.Logf("%s: %d JSON objects, %d differing fields", name, len(want), bad)
	}
	if total == 0 {
		t.Skip("no JSON references in the corpus")
	}
	t.Logf("JSON fields equal: %d/%d", same, total)
	if float64(same) < 0.999*float64(total) {
		t.Errorf("JSON agreement %d/%d fields, want >= 99.9%%", same, total)
	}
}
