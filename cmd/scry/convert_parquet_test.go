package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

const roundTripFormat = "*%evt.num %evt.rawtime %evt.cpu %proc.name %thread.tid %evt.dir %evt.type %fd.name %evt.args"

// TestParquetRoundTripSynthetic converts a small capture with two sections to Parquet and
// back and checks every event, section and printed line survives.
func TestParquetRoundTripSynthetic(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in.scap")
	writeCapture(t, src, scap.CompressNone, sampleEvents()...)
	one, _ := os.ReadFile(src)
	twice := filepath.Join(dir, "twice.scap")
	os.WriteFile(twice, append(append([]byte(nil), one...), one...), 0o644)
	pq := filepath.Join(dir, "mid.parquet")
	back := filepath.Join(dir, "back.scap.zst")
	if _, err := runScry(t, "convert", twice, pq); err != nil {
		t.Fatal(err)
	}
	if _, err := runScry(t, "convert", pq, back); err != nil {
		t.Fatal(err)
	}
	want, _, wantSecs := readBack(t, twice)
	got, comp, gotSecs := readBack(t, back)
	if comp != scap.CompressZstd || gotSecs != wantSecs || wantSecs != 2 {
		t.Errorf("back: compression %v, %d sections (want zstd, %d)", comp, gotSecs, wantSecs)
	}
	if len(got) != len(want) {
		t.Fatalf("%d events back, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i].Raw, want[i].Raw) || got[i].CPU != want[i].CPU || got[i].Flags != want[i].Flags || got[i].Num != want[i].Num {
			t.Errorf("event %d differs after the round trip", i)
		}
	}
	a, _ := runScry(t, "read", twice, "-p", roundTripFormat, "--all")
	b, _ := runScry(t, "read", back, "-p", roundTripFormat, "--all")
	if a != b || a == "" {
		t.Errorf("scry read prints differently after the round trip:\n%s\n---\n%s", a, b)
	}
	// A foreign or damaged Parquet input is an error naming the file.
	bad := filepath.Join(dir, "bad.parquet")
	os.WriteFile(bad, []byte("PAR1 not really"), 0o644)
	if _, err := runScry(t, "convert", bad, filepath.Join(dir, "x.scap")); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("converting a damaged Parquet file: err = %v", err)
	}
}

// TestParquetRoundTripCorpus converts every corpus capture to Parquet and back: scry read
// and (where installed) sysdig print the result exactly as the original.
func TestParquetRoundTripCorpus(t *testing.T) {
	c := corpusDir(t)
	files, _ := filepath.Glob(filepath.Join(c, "raw", "*.scap"))
	sysdig, _ := exec.LookPath("sysdig")
	if sysdig == "" {
		t.Log("sysdig is not installed: only scry read is compared")
	}
	dir := t.TempDir()
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".scap")
		t.Run(name, func(t *testing.T) {
			pq := filepath.Join(dir, name+".parquet")
			back := filepath.Join(dir, name+".back.scap")
			if _, err := convertFiles(f, pq, convertOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := convertFiles(pq, back, convertOptions{}); err != nil {
				t.Fatal(err)
			}
			a := readCorpusFile(t, f, readOptions{format: roundTripFormat})
			b := readCorpusFile(t, back, readOptions{format: roundTripFormat})
			if !bytes.Equal(a, b) {
				t.Errorf("scry read prints %d bytes for the original, %d after the round trip", len(a), len(b))
			}
			if sysdig == "" {
				return
			}
			sa, errA := exec.Command(sysdig, "-r", f, "-p", roundTripFormat).Output()
			sb, errB := exec.Command(sysdig, "-r", back, "-p", roundTripFormat).Output()
			if errA != nil || errB != nil {
				t.Fatalf("sysdig: %v, %v", errA, errB)
			}
			if !bytes.Equal(sa, sb) {
				t.Errorf("sysdig prints %d bytes for the original, %d after the round trip", len(sa), len(sb))
			}
		})
	}
}
