// Package testcgroup makes, for live-capture tests, a cgroup to start processes in, and
// reads the cgroups a process is in. The capture probe reports a task's cgroup path for
// the cpuset, cpu, cpuacct, io and memory controllers; these helpers give what it should
// report. A test that cannot make a cgroup (not root, no writable hierarchy) skips,
// saying why. Its functions are safe for concurrent use; each cgroup made is its own.
package testcgroup

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Reported lists the controllers the probe reports, by their kernel names, in the order
// it writes them.
var Reported = []string{"cpuset", "cpu", "cpuacct", "io", "memory"}

// kernelName maps the names /proc shows for cgroup v1 hierarchies to the controllers'
// kernel names (blkio is io's legacy name).
func kernelName(v1 string) string {
	if v1 == "blkio" {
		return "io"
	}
	return v1
}

// Of reads /proc/PID/cgroup: the path of each reported controller's cgroup v1 hierarchy,
// by kernel name, and the cgroup v2 path ("" when the process has none).
func Of(pid int) (v1 map[string]string, v2 string, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/cgroup", pid))
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	v1 = map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			v2 = parts[2]
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			v1[kernelName(c)] = parts[2]
		}
	}
	return v1, v2, sc.Err()
}

// Cgroup is a cgroup made for a test, named like a docker container's: /docker/ID.
type Cgroup struct {
	Controller string // kernel name of the controller whose hierarchy holds it
	Path       string // its path from the hierarchy's root
	ID         string // the 64-character container id in the path
	dir        string // its directory
}

// Procs is the file a process writes its pid into to move into the cgroup.
func (c *Cgroup) Procs() string { return filepath.Join(c.dir, "cgroup.procs") }

// NewContainer makes /docker/ID in the first writable cgroup v1 hierarchy of a reported
// controller (memory first), and removes it when the test ends; the test's processes
// must have left it by then. It skips the test where no such hierarchy is writable.
func NewContainer(t testing.TB) *Cgroup {
	t.Helper()
	mounts, err := v1Mounts()
	if err != nil {
		t.Skipf("cgroup hierarchies unreadable: %v", err)
	}
	var id [32]byte
	if _, err := rand.Read(id[:]); err != nil {
		t.Fatal(err)
	}
	c := &Cgroup{ID: hex.EncodeToString(id[:])}
	var tried []string
	for _, ctl := range []string{"memory", "cpu", "cpuacct", "cpuset", "io"} {
		root, ok := mounts[ctl]
		if !ok {
			continue
		}
		parent := filepath.Join(root, "docker")
		madeParent := false
		switch err := os.Mkdir(parent, 0o755); {
		case err == nil:
			madeParent = true
		case !os.IsExist(err): // another test may have made it meanwhile
			tried = append(tried, fmt.Sprintf("%s: %v", parent, err))
			continue
		}
		dir := filepath.Join(parent, c.ID)
		if err := os.Mkdir(dir, 0o755); err != nil {
			tried = append(tried, fmt.Sprintf("%s: %v", dir, err))
			if madeParent {
				os.Remove(parent)
			}
			continue
		}
		if ctl == "cpuset" { // a cpuset cgroup takes tasks only once it has cpus and mems
			for _, f := range []string{"cpuset.cpus", "cpuset.mems"} {
				b, _ := os.ReadFile(filepath.Join(root, f))
				os.WriteFile(filepath.Join(dir, f), b, 0o644)
			}
		}
		c.Controller, c.Path, c.dir = ctl, "/docker/"+c.ID, dir
		t.Cleanup(func() {
			if err := os.Remove(dir); err != nil {
				t.Errorf("remove test cgroup: %v", err)
			}
			if madeParent {
				os.Remove(parent)
			}
		})
		return c
	}
	if len(tried) == 0 {
		t.Skip("no cgroup v1 hierarchy of cpuset, cpu, cpuacct, io or memory is mounted here")
	}
	t.Skipf("no cgroup could be made: %s", strings.Join(tried, "; "))
	return nil
}

// v1Mounts maps each reported controller to the mount point of its cgroup v1 hierarchy,
// where that hierarchy is mounted at its root.
func v1Mounts() (map[string]string, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
		fields := strings.Fields(sc.Text())
		sep := -1
		for i, f := range fields {
			if f == "-" {
				sep = i
				break
			}
		}
		if sep < 0 || sep+3 >= len(fields) || fields[sep+1] != "cgroup" || fields[3] != "/" {
			continue
		}
		for _, opt := range strings.Split(fields[sep+3], ",") {
			name := kernelName(opt)
			for _, r := range Reported {
				if r == name {
					if _, seen := out[name]; !seen {
						out[name] = fields[4]
					}
				}
			}
		}
	}
	return out, sc.Err()
}
