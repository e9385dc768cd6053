package capture_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/drivers/probe"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/internal/testcgroup"
	"github.com/scrylabs/scry/state"
)

// TestRecordContainerProcess records while a process started during the recording moves
// into a cgroup named like a docker container's and then runs cat on a tagged file: the
// container id comes from the cgroups of its execve exit alone (the /proc scan ran before
// the cgroup existed), in scry's state engine and in sysdig reading the recording.
func TestRecordContainerProcess(t *testing.T) {
	c := testcgroup.NewContainer(t)
	live := openLive(t, capture.LiveOptions{Probe: probe.Options{RingBytes: 64 << 20}})
	defer live.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, fmt.Sprintf("scry-container-%d.txt", os.Getpid()))
	if err := os.WriteFile(file, []byte("inside\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "container.scap")

	recordWhile(t, live, out, exec.Command("/bin/sh", "-c", fmt.Sprintf("echo $$ > %s && exec cat %s", c.Procs(), file)))

	want := c.ID[:12]
	r, err := scap.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eng := state.New(state.Options{})
	eng.LoadSection(r.Section())
	var got []string
	var ev event.Event
	for r.Next(&ev) == nil {
		ctx := eng.Process(&ev)
		if ev.Type() == 307 && string(ev.Str(2)) == file && ctx.Thread != nil {
			got = append(got, ctx.Thread.Comm+" "+ctx.Thread.ContainerID)
		}
		eng.EndEvent(ctx)
	}
	if len(got) != 1 || got[0] != "cat "+want {
		t.Fatalf("open of %s: got %q, want [\"cat %s\"]", file, got, want)
	}

	if _, err := exec.LookPath("sysdig"); err != nil {
		t.Log("sysdig not installed: skipping the comparison with sysdig")
		return
	}
	b, err := exec.Command("sysdig", "-r", out, "-p", "%proc.name %container.id",
		"evt.type=openat and evt.dir=< and fd.name="+file).CombinedOutput()
	if err != nil {
		t.Fatalf("sysdig -r %s: %v\n%s", out, err, b)
	}
	if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != 1 || lines[0] != "cat "+want {
		t.Errorf("sysdig shows %q, want \"cat %s\"", lines, want)
	}
}
