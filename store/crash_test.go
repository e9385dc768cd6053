package store

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

const crashEnv = "SCRY_STORE_CRASH_ROOT"

// TestCrashImporterChild is the importer the crash test kills: it writes segments of
// 1000 events forever, saying on stdout when each is committed and when it is half way
// through the next.
func TestCrashImporterChild(t *testing.T) {
	root := os.Getenv(crashEnv)
	if root == "" {
		t.Skip("run by TestCrashMidSegment as a subprocess")
	}
	out := bufio.NewWriter(os.Stdout)
	w, err := NewWriter(root, WriterOptions{MaxEvents: 1000, OnSegment: func(s SegmentInfo) {
		fmt.Fprintf(out, "committed %s %d\n", s.Path, s.Events)
		out.Flush()
	}})
	if err != nil {
		t.Fatal(err)
	}
	w.BeginSection(testSection("crash"))
	evs := testEvents(1000, t0, 1000)
	for i := 0; ; i++ {
		ev := evs[i%1000]
		ev.Num = uint64(i + 1)
		if err := w.Write(&ev); err != nil {
			t.Fatal(err)
		}
		if i%1000 == 500 {
			fmt.Fprintf(out, "mid %d\n", i)
			out.Flush()
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// TestCrashMidSegment kills an importer with SIGKILL in the middle of a segment and
// checks that the store opens, lists exactly the committed segments and loses none of
// their events.
func TestCrashMidSegment(t *testing.T) {
	root := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashImporterChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+root)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var committed []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "committed" {
			if f[2] != "1000" {
				t.Errorf("segment %s committed with %s events", f[1], f[2])
			}
			committed = append(committed, f[1])
		}
		if len(f) == 2 && f[0] == "mid" && len(committed) >= 3 {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	cmd.Wait()
	if len(committed) < 3 {
		t.Fatalf("the importer stopped after %d segments", len(committed))
	}
	// The half-written segment is on disk, but only under its temporary name.
	tmps, _ := filepath.Glob(filepath.Join(root, tmpDir, "*"))
	if len(tmps) == 0 {
		t.Errorf("no partial segment in %s: the kill did not land mid-segment", tmpDir)
	}
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems()) != 0 {
		t.Errorf("problems after the crash: %v", s.Problems())
	}
	var listed []string
	for _, seg := range s.Segments() {
		listed = append(listed, seg.Path)
	}
	slices.Sort(listed)
	slices.Sort(committed)
	if !slices.Equal(listed, committed) {
		t.Fatalf("store lists %v, the importer committed %v", listed, committed)
	}
	want := testEvents(1000, t0, 1000)
	for _, seg := range s.Segments() {
		_, got := readSegmentEvents(t, seg.Path)
		if len(got) != 1000 {
			t.Fatalf("%s: %d events, want 1000", seg.Rel, len(got))
		}
		for j := range got {
			if !bytes.Equal(got[j].Raw, want[j].Raw) || got[j].Num%1000 != uint64(j+1)%1000 {
				t.Fatalf("%s: event %d differs from what was written", seg.Rel, j)
			}
		}
	}
	// The store takes new segments after the crash.
	importEvents(t, root, testSection("crash"), testEvents(10, t0+hourNs, 1), WriterOptions{})
	if s, _ = Open(root); len(s.Segments()) != len(committed)+1 {
		t.Errorf("%d segments after a new import, want %d", len(s.Segments()), len(committed)+1)
	}
}
