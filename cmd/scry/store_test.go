package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

func TestImportLsPrune(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in.scap")
	// 1200 events over three hours from 2024-01-02 03:00 UTC.
	var evs []event.Event
	for i := 0; i < 1200; i++ {
		ts := uint64(1704164400_000000000) + uint64(i)*9_000_000_000
		evs = append(evs, event.Event{Raw: event.Append(nil, ts, 7, 2, event.CStr("/etc/hosts"), event.U32(1), event.U32(0))})
	}
	writeCapture(t, src, scap.CompressGzip, evs...)
	st := filepath.Join(dir, "store")
	if _, err := runScry(t, "import", src, "--store", st, "--segment-events", "500"); err != nil {
		t.Fatal(err)
	}
	out, err := runScry(t, "store", "ls", st, "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	var ls struct {
		Segments []lsSegment `json:"segments"`
	}
	if err := json.Unmarshal([]byte(out), &ls); err != nil {
		t.Fatalf("store ls -o json: %v\n%s", err, out)
	}
	// Hours 03, 04 and 05 hold 400 events each: 500-event limits cut none of them.
	var total int64
	for _, s := range ls.Segments {
		total += s.Events
		if s.Host != "box" || !strings.HasPrefix(s.Path, "host=box/date=2024-01-02/hour=0") {
			t.Errorf("segment %+v", s)
		}
	}
	if len(ls.Segments) != 3 || total != 1200 {
		t.Fatalf("%d segments with %d events, want 3 with 1200", len(ls.Segments), total)
	}
	table, _ := runScry(t, "store", "ls", st, "-o", "table")
	if !strings.Contains(table, "3 segments") || !strings.Contains(table, "1200") {
		t.Errorf("table:\n%s", table)
	}
	// A stray file is reported, not fatal.
	os.WriteFile(filepath.Join(st, "host=box", "junk.parquet"), []byte("x"), 0o644)
	if out, err = runScry(t, "store", "ls", st, "-o", "json"); err != nil || !strings.Contains(out, "hour=05") {
		t.Errorf("ls with a stray file: %v", err)
	}
	out, err = runScry(t, "store", "prune", st, "--max-size", "1")
	if err != nil || strings.Count(out, "removed") != 3 {
		t.Errorf("prune --max-size 1: %v\n%s", err, out)
	}
	if _, err := runScry(t, "store", "prune", st); err == nil {
		t.Errorf("prune without limits accepted")
	}
}

func TestParseSizeAndAge(t *testing.T) {
	for in, want := range map[string]int64{"512": 512, "4K": 4096, "10M": 10 << 20, "2G": 2 << 30, "1GiB": 1 << 30} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := parseSize("lots"); err == nil {
		t.Errorf("parseSize accepted lots")
	}
	if d, err := parseAge("30d"); err != nil || d.Hours() != 720 {
		t.Errorf("parseAge(30d) = %v, %v", d, err)
	}
	if d, err := parseAge("36h"); err != nil || d.Hours() != 36 {
		t.Errorf("parseAge(36h) = %v, %v", d, err)
	}
	if _, err := parseAge("-1h"); err == nil {
		t.Errorf("parseAge accepted a negative age")
	}
}
