package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// runScry runs the command line in-process and returns stdout and the error.
func runScry(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

// writeCapture writes a small capture: a section with one process, then the events.
func writeCapture(t *testing.T, path string, comp scap.Compression, evs ...event.Event) {
	t.Helper()
	w, err := scap.Create(path, scap.WriterOptions{Compression: comp})
	if err != nil {
		t.Fatal(err)
	}
	sec := &scap.Section{
		Machine:   &scap.MachineInfo{NumCPUs: 2, Hostname: "box"},
		Processes: []scap.Process{{Tid: 7, Pid: 7, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "cat"}},
	}
	if err := w.WriteSection(sec); err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := w.WriteEvent(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func sampleEvents() []event.Event {
	return []event.Event{
		{Raw: event.Append(nil, 300, 7, 2, event.CStr("/etc/hosts"), event.U32(1), event.U32(0))},
		{Raw: event.Append(nil, 100, 7, 3, event.I64(3), event.CStr("/etc/hosts"), event.U32(1), event.U32(0), event.U32(0))},
		{Raw: event.Append(nil, 500, 7, 0, event.U16(16), event.U16(39)), Flags: event.FlagStateOnly}, // PPM_SC_GETPID, native 39
		{Raw: event.Append(nil, 200, -1, 324, event.CStr(`{"container":{}}`))},
	}
}

func TestInfoJSONKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "small.scap")
	writeCapture(t, path, scap.CompressGzip, sampleEvents()...)
	out, err := runScry(t, "info", "-j", path)
	if err != nil {
		t.Fatalf("scry info -j: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	for _, k := range []string{"event_blocks", "blocks", "first_ts", "last_ts", "events_by_type"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %q missing from %s", k, out)
		}
	}
	if got["event_blocks"] != 4.0 || got["first_ts"] != 100.0 || got["last_ts"] != 500.0 || got["compression"] != "gzip" {
		t.Errorf("event_blocks %v first_ts %v last_ts %v compression %v", got["event_blocks"], got["first_ts"], got["last_ts"], got["compression"])
	}
	if got["blocks"] != "SHB,MI,PL_V9,EV_V2x2,EVF_V2,EV_V2_LARGE" {
		t.Errorf("blocks %v", got["blocks"])
	}
	byType, _ := got["events_by_type"].(map[string]any)
	if byType["open"] != 2.0 || byType["getpid"] != 1.0 || byType["container"] != 1.0 {
		t.Errorf("events_by_type %v", byType)
	}
}

func TestInfoCorpusMatchesManifest(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	man, err := os.ReadFile(filepath.Join(root, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("skipping: the shared corpus is absent (%v)", err)
	}
	lines := strings.Split(strings.TrimSpace(string(man)), "\n")
	cols := strings.Split(lines[0], "\t")
	col := func(row []string, name string) string {
		for i, c := range cols {
			if c == name && i < len(row) {
				return row[i]
			}
		}
		return ""
	}
	for _, l := range lines[1:] {
		row := strings.Split(l, "\t")
		name := col(row, "name")
		t.Run(name, func(t *testing.T) {
			out, err := runScry(t, "info", "-j", filepath.Join(root, "raw", name))
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				EventBlocks uint64 `json:"event_blocks"`
				Blocks      string `json:"blocks"`
				Compression string `json:"compression"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got.EventBlocks) != col(row, "raw_event_blocks") || got.Blocks != col(row, "blocks") {
				t.Errorf("event_blocks %d blocks %s, manifest %s %s", got.EventBlocks, got.Blocks, col(row, "raw_event_blocks"), col(row, "blocks"))
			}
			if want := map[string]string{"gzip": "gzip", "raw": "none"}[col(row, "container")]; got.Compression != want {
				t.Errorf("compression %s, manifest container %s", got.Compression, col(row, "container"))
			}
		})
	}
}
