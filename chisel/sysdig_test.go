package chisel

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The comparisons with sysdig run the chisels Debian's sysdig package installs over the
// shared corpus of real captures. They skip where sysdig, its chisels or the corpus are
// absent.

// corpusChisels are the chisels compared, with their arguments.
var corpusChisels = []struct {
	name string
	args []string
	// tieValue extracts the value a chisel sorts its rows by; sysdig's LuaJIT seeds
	// its string hashing randomly, so rows with equal values come out in a different
	// order from one sysdig run to the next. nil for chisels whose output is fixed.
	tieValue func(line string) string
}{
	{name: "topfiles_bytes", tieValue: firstColumn},
	{name: "topprocs_file", tieValue: firstColumn},
	{name: "topscalls", tieValue: firstColumn},
	{name: "topscalls_time", tieValue: firstColumn},
	{name: "topprocs_cpu", tieValue: firstColumn},
	{name: "fdbytes_by", args: []string{"fd.name"}, tieValue: firstColumn},
	{name: "fdcount_by", args: []string{"proc.name"}, tieValue: lastTabColumn},
	{name: "spy_users"},
	{name: "echo_fds"},
	{name: "lsof"},
	{name: "ps"},
	{name: "netstat"},
	{name: "iobytes_file"},
	{name: "list_login_shells"},
	{name: "proc_exec_time"},
}

func firstColumn(line string) string {
	if f := strings.Fields(line); len(f) > 0 {
		return f[0]
	}
	return ""
}

func lastTabColumn(line string) string {
	return line[strings.LastIndexByte(line, '\t')+1:]
}

// sharedDir returns the shared folder beside the repository root, or "" if absent.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "corpus", "raw")); err != nil {
		return ""
	}
	return shared
}

// needSysdig skips the test unless sysdig and its chisels are installed.
func needSysdig(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("sysdig")
	if err != nil {
		t.Skip("sysdig is not installed (apt-get install -y sysdig): no reference to compare with")
	}
	if _, err := os.Stat(filepath.Join(SystemDir, "common.lua")); err != nil {
		t.Skipf("sysdig's chisels are not in %s: nothing to run", SystemDir)
	}
	return bin
}

// runScry runs chisel name over the capture at path with the real toolkit.
func runScry(t *testing.T, name string, args []string, path string) ([]byte, error) {
	t.Helper()
	var out bytes.Buffer
	src, err := OpenCapture(path, nil)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	r, err := New(Options{Dirs: []string{SystemDir}, Out: &out, Toolkit: DefaultToolkit()})
	if err != nil {
		return nil, err
	}
	if err := r.Load(name, args); err != nil {
		r.Close()
		return out.Bytes(), err
	}
	err = r.Run(src)
	r.Close()
	return out.Bytes(), err
}

// tieEquivalent reports whether got equals want up to the order of rows with equal
// sort values; in the last group of equal values (where a top-N cut falls) the rows
// themselves may differ.
func tieEquivalent(want, got []byte, value func(string) string) bool {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	if len(w) != len(g) {
		return false
	}
	for i := range w {
		if value(w[i]) != value(g[i]) {
			return false
		}
	}
	last := ""
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] != "" {
			last = value(w[i])
			break
		}
	}
	count := make(map[string]int)
	for i := range w {
		if value(w[i]) != last {
			count[w[i]]++
		}
		if value(g[i]) != last {
			count[g[i]]--
		}
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestChiselsMatchSysdigOverCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sysdig over the corpus; skipped with -short")
	}
	sysdig := needSysdig(t)
	shared := sharedDir(t)
	if shared == "" {
		t.Skip("the shared corpus (../shared/corpus beside the repository) is absent")
	}
	captures, err := filepath.Glob(filepath.Join(shared, "corpus", "raw", "*.scap"))
	if err != nil || len(captures) == 0 {
		t.Skipf("no captures in %s", filepath.Join(shared, "corpus", "raw"))
	}
	cwd := t.TempDir() // no ./chisels there for sysdig to pick up
	total, exact, ties := 0, 0, 0
	for _, capture := range captures {
		for _, c := range corpusChisels {
			total++
			cmd := exec.Command(sysdig, append([]string{"-r", capture, "-c", c.name}, c.args...)...)
			cmd.Dir = cwd
			want, err := cmd.Output()
			if err != nil {
				t.Errorf("sysdig -r %s -c %s: %v", filepath.Base(capture), c.name, err)
				continue
			}
			got, err := runScry(t, c.name, c.args, capture)
			if err != nil {
				t.Errorf("%s over %s: %v", c.name, filepath.Base(capture), err)
				continue
			}
			switch {
			case bytes.Equal(want, got):
				exact++
			case c.tieValue != nil && tieEquivalent(want, got, c.tieValue):
				ties++
				t.Logf("%s over %s: equal rows, tied rows in another order (sysdig's order of ties varies run to run)",
					c.name, filepath.Base(capture))
			default:
				t.Errorf("%s over %s differs from sysdig:\n%s", c.name, filepath.Base(capture), firstDifference(want, got))
			}
		}
	}
	t.Logf("%d chisel runs: %d identical to sysdig, %d identical up to the order of tied rows", total, exact, ties)
}

// firstDifference shows the first differing line of two outputs.
func firstDifference(want, got []byte) string {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n sysdig: " + a + "\n   scry: " + b
		}
	}
	return "(same lines)"
}

func TestListAndDescriptionsMatchSysdig(t *testing.T) {
	sysdig := needSysdig(t)
	cwd := t.TempDir()
	dirs := []string{SystemDir}
	want, err := sysdigOutput(sysdig, cwd, "-cl")
	if err != nil {
		t.Fatalf("sysdig -cl: %v", err)
	}
	var got bytes.Buffer
	if err := WriteList(&got, List(dirs)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, got.Bytes()) {
		t.Errorf("chisel list differs from sysdig -cl:\n%s", firstDifference(want, got.Bytes()))
	}
	for _, info := range List(dirs) {
		want, err := sysdigOutput(sysdig, cwd, "-i", info.Name)
		if err != nil {
			t.Errorf("sysdig -i %s: %v", info.Name, err)
			continue
		}
		var got bytes.Buffer
		if err := WriteDescription(&got, info); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want, got.Bytes()) {
			t.Errorf("description of %s differs from sysdig -i:\n%s", info.Name, firstDifference(want, got.Bytes()))
		}
	}
}

func sysdigOutput(bin, dir string, args ...string) ([]byte, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	return cmd.Output()
}
