package state

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/scap"
)

// TestSnapshotCaptureReadBySysdig writes, for every corpus capture, the snapshot taken
// at its middle followed by its second half as a new capture, and has sysdig read it:
// the process and fd names it prints must be those it prints for the same events when
// reading the whole capture (as with a capture sysdig -w starts mid-stream). Capture
// metadata cannot carry the event in flight, so the first event of each thread may
// differ (an exit whose enter came before the cut).
func TestSnapshotCaptureReadBySysdig(t *testing.T) {
	needSysdig(t)
	for _, path := range corpusFiles(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".scap")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sec, evs := loadCapture(t, path)
			e := New(Options{})
			e.LoadSection(sec)
			half := len(evs) / 2
			for i := range evs[:half] {
				e.EndEvent(e.Process(&evs[i]))
			}
			snap := e.Snapshot()
			snap.Machine = sec.Machine
			out := filepath.Join(t.TempDir(), name+".scap")
			w, err := scap.Create(out, scap.WriterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.WriteSection(snap); err != nil {
				t.Fatalf("write snapshot: %v", err)
			}
			for i := half; i < len(evs); i++ {
				if err := w.WriteEvent(&evs[i]); err != nil {
					t.Fatalf("write event: %v", err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			format := "*%evt.rawtime %thread.tid %evt.type %evt.dir %proc.name %fd.name"
			full := sysdigLines(t, path, format)
			tail := sysdigLines(t, out, format)
			index := map[string]string{}
			for _, l := range full {
				k := strings.Join(strings.SplitN(l, " ", 5)[:4], " ")
				index[k] = l
			}
			same, diff, firsts := 0, 0, 0
			seen := map[string]bool{}
			for _, l := range tail {
				f := strings.SplitN(l, " ", 5)
				k := strings.Join(f[:4], " ")
				want, ok := index[k]
				firstOfThread := !seen[f[1]]
				seen[f[1]] = true
				switch {
				case !ok:
				case want == l:
					same++
				case firstOfThread:
					firsts++
				default:
					diff++
					t.Errorf("named differently:\nwant %s\n got %s", want, l)
				}
			}
			t.Logf("%d/%d events named as in the full capture (%d first events of a thread differ)",
				same, same+diff+firsts, firsts)
		})
	}
}

func sysdigLines(t *testing.T, path, format string) []string {
	out, err := exec.Command("sysdig", "-r", path, "-p", format).Output()
	if err != nil {
		t.Fatalf("sysdig -r %s: %v", path, err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if len(strings.SplitN(l, " ", 5)) == 5 {
			lines = append(lines, l)
		}
	}
	return lines
}
