package main

import (
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// writeCatCapture writes a capture named name whose process list holds process 100
// "cat" (cwd /home/u, uid 0 = root) and whose user list holds root, followed by evs
// numbered from 1.
func writeCatCapture(t *testing.T, name string, evs [][]byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	w, err := scap.Create(path, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sec := &scap.Section{
		Processes: []scap.Process{{Tid: 100, Pid: 100, Ptid: 1, Comm: "cat", Exe: "cat", Cwd: "/home/u",
			FDLimit: 1024, LoginUID: -1, Vtid: 100, Vpid: 100}},
		Users:    []scap.User{{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/sh"}},
		HasUsers: true,
	}
	if err := w.WriteSection(sec); err != nil {
		t.Fatal(err)
	}
	for i, raw := range evs {
		ev := event.Event{Raw: raw, Num: uint64(i + 1)}
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
