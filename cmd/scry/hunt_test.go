package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// writeHuntCapture writes a capture where process 100 "cat" (uid 0, root) opens
// /etc/shadow (ts 1.0000001 s) and reads it, and an unknown thread fails to open /nope.
func writeHuntCapture(t *testing.T) string {
	t.Helper()
	evs := [][]byte{
		event.Append(nil, 1_000_000_000, 100, 2, event.CStr("/etc/shadow"), event.U32(1), event.U32(0)),
		event.Append(nil, 1_000_000_100, 100, 3, event.I64(3), event.CStr("/etc/shadow"), event.U32(1), event.U32(0), event.U32(0)),
		event.Append(nil, 1_000_000_200, 100, 6, event.I64(3), event.U32(4096)),
		event.Append(nil, 1_000_000_300, 100, 7, event.I64(6), []byte("root:x")),
		event.Append(nil, 1_000_000_600, 200, 2, event.CStr("/nope"), event.U32(1), event.U32(0)),
		event.Append(nil, 1_000_000_700, 200, 3, event.I64(-2), event.CStr("/nope"), event.U32(1), event.U32(0), event.U32(0)),
	}
	return writeCatCapture(t, "hunt.scap", evs)
}

const huntRules = `
- rule: Shadow opened
  desc: the shadow file is opened
  condition: evt.type = open and evt.dir = < and fd.name = /etc/shadow
  output: "%proc.name opened %fd.name as %user.name"
  priority: WARNING
  tags: [filesystem]
- rule: Failed open
  desc: an open fails
  condition: evt.type = open and evt.dir = < and evt.failed = true
  output: "open of %evt.arg.name failed: %evt.res"
  priority: NOTICE
- rule: Needs a newer field
  desc: uses a field scry does not know
  condition: proc.stdin.type = file
  output: x
  priority: info
`

func runHuntCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(append([]string{"hunt"}, args...))
	err := root.Execute()
	return out.String(), errOut.String(), err
}

func writeHuntFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHuntText(t *testing.T) {
	capture := writeHuntCapture(t)
	rulesFile := writeHuntFile(t, "rules.yaml", huntRules)
	out, errOut, err := runHuntCLI(t, "--utc", "--rules", rulesFile, capture)
	if err != nil {
		t.Fatalf("scry hunt: %v", err)
	}
	want := "00:00:01.000000100: Warning cat opened /etc/shadow as root\n" +
		"00:00:01.000000700: Notice open of /nope failed: ENOENT\n"
	if out != want {
		t.Errorf("alerts:\n%s\nwant:\n%s", out, want)
	}
	if !strings.Contains(errOut, `skipping rule "Needs a newer field"`) || !strings.Contains(errOut, "proc.stdin.type") {
		t.Errorf("stderr does not report the skipped rule:\n%s", errOut)
	}
	if !strings.Contains(errOut, "2 rules running") || !strings.Contains(errOut, "2 alerts") {
		t.Errorf("stderr summary:\n%s", errOut)
	}
}

func TestHuntJSON(t *testing.T) {
	capture := writeHuntCapture(t)
	rulesFile := writeHuntFile(t, "rules.yaml", huntRules)
	out, _, err := runHuntCLI(t, "-q", "-o", "json", "--rules", rulesFile, capture)
	if err != nil {
		t.Fatalf("scry hunt -o json: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d JSON lines, want 2:\n%s", len(lines), out)
	}
	var a struct {
		Rule, Priority, Source, Time, Output string
		Tags                                 []string
		Fields                               map[string]any `json:"output_fields"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatalf("line %q: %v", lines[0], err)
	}
	if a.Rule != "Shadow opened" || a.Priority != "Warning" || a.Source != "syscall" ||
		a.Time != "1970-01-01T00:00:01.000000100Z" || len(a.Tags) != 1 || a.Tags[0] != "filesystem" ||
		a.Fields["proc.name"] != "cat" || a.Fields["fd.name"] != "/etc/shadow" || a.Fields["user.name"] != "root" ||
		!strings.HasSuffix(a.Output, ": Warning cat opened /etc/shadow as root") {
		t.Errorf("JSON alert %+v", a)
	}
}

func TestHuntUsageErrors(t *testing.T) {
	capture := writeHuntCapture(t)
	rulesFile := writeHuntFile(t, "rules.yaml", huntRules)
	for _, args := range [][]string{
		{capture},
		{"--rules", rulesFile},
		{"--rules", rulesFile, "-o", "xml", capture},
		{"--rules", filepath.Join(t.TempDir(), "missing.yaml"), capture},
		{"--rules", writeHuntFile(t, "bad.yaml", "- rule: x\n  append: true\n  condition: y\n"), capture},
		{"--rules", rulesFile, t.TempDir()},
	} {
		_, _, err := runHuntCLI(t, args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("scry hunt %v: %v, want a usage error (exit 2)", args, err)
		}
	}
}

// Over the whole corpus, the 0.31.1 rules raise one alert: "Launch Privileged
// Container" on the privileged-container capture (values from sysdig 0.29.3, see
// query/rules' corpus test).
func TestHuntCorpus(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	shared := filepath.Join(root, "..", "shared")
	captures, _ := filepath.Glob(filepath.Join(shared, "corpus", "raw", "*.scap"))
	rulesFile := filepath.Join(shared, "rules", "falco_rules-0.31.1.yaml")
	if _, err := os.Stat(rulesFile); err != nil || len(captures) == 0 {
		t.Skipf("corpus or rules not found under %s: this test needs ../shared", shared)
	}
	out, errOut, err := runHuntCLI(t, append([]string{"--utc", "--rules", rulesFile}, captures...)...)
	if err != nil {
		t.Fatalf("scry hunt: %v\n%s", err, errOut)
	}
	want := "21:35:33.350505660: Informational Privileged container started (user=root user_loginuid=0 " +
		"command=container:9dbcbd0c435f container_id=9dbcbd0c435f container_name=epic_cray image=nginx:latest)\n"
	if out != want {
		t.Errorf("alerts:\n%s\nwant:\n%s", out, want)
	}
	if !strings.Contains(errOut, "65 rules running (69 loaded, 4 disabled, 0 skipped)") {
		t.Errorf("summary: %s", errOut)
	}
}

func TestHuntCheck(t *testing.T) {
	rulesFile := writeHuntFile(t, "rules.yaml", huntRules)
	out, _, err := runHuntCLI(t, "--check", "--rules", rulesFile)
	if err != nil {
		t.Fatalf("scry hunt --check: %v", err)
	}
	want := `rule "Needs a newer field" (` + rulesFile + `:13) uses field proc.stdin.type, which scry does not know
3 rules: 2 compiled (2 enabled, 0 disabled), 1 not compiled (1 for unknown fields), 0 of other sources
`
	if out != want {
		t.Errorf("check output:\n%s\nwant:\n%s", out, want)
	}
}

// TestHuntFramedAheadSameAlerts hunts a mapped capture with its events framed on a second
// core and on one core only: the same alerts, in the same order.
func TestHuntFramedAheadSameAlerts(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("framing ahead needs two cores (GOMAXPROCS < 2)")
	}
	capture := writeBusyCapture(t, 20000)
	rulesFile := writeHuntFile(t, "rules.yaml", `
- rule: Data file seven opened
  desc: test
  condition: evt.type = open and evt.dir = < and fd.name endswith /7.txt
  output: "%proc.name opened %fd.name (fd %fd.num, %evt.num)"
  priority: notice
`)
	ahead, _, err := runHuntCLI(t, "--utc", "--rules", rulesFile, capture)
	if err != nil {
		t.Fatalf("scry hunt: %v", err)
	}
	old := runtime.GOMAXPROCS(1)
	plain, _, err := runHuntCLI(t, "--utc", "--rules", rulesFile, capture)
	runtime.GOMAXPROCS(old)
	if err != nil {
		t.Fatalf("scry hunt on one core: %v", err)
	}
	if n := strings.Count(plain, "\n"); n < 100 {
		t.Fatalf("only %d alerts on one core", n)
	}
	if ahead != plain {
		t.Errorf("framed ahead, hunt raises %d alerts that differ from the %d on one core",
			strings.Count(ahead, "\n"), strings.Count(plain, "\n"))
	}
}

// TestHuntRestoresTheCollector checks that the collector start-up turns off is back at
// its setting after a hunt, whether the capture opened or not.
func TestHuntRestoresTheCollector(t *testing.T) {
	const setting = 141
	old := debug.SetGCPercent(setting)
	defer debug.SetGCPercent(old)
	rulesFile := writeHuntFile(t, "rules.yaml", huntRules)
	for _, capture := range []string{writeHuntCapture(t), filepath.Join(t.TempDir(), "missing.scap")} {
		runHuntCLI(t, "--rules", rulesFile, capture)
		if got := debug.SetGCPercent(setting); got != setting {
			t.Errorf("after hunting %s the collector's percent is %d, want %d", filepath.Base(capture), got, setting)
		}
	}
}
