package rules_test

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/internal/testshared"
	"github.com/scrylabs/scry/query/rules"
	"github.com/scrylabs/scry/state"
)

// sharedDirB is sharedDir for benchmarks.
func sharedDirB(b *testing.B) string {
	b.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	shared := filepath.Join(root, "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "corpus", "raw", "libs-sdk-go--httpd.scap")); err != nil {
		b.Skipf("corpus not found in %s: this benchmark needs ../shared", shared)
	}
	return shared
}

// sharedDir returns ../shared beside the repository root, or skips the test.
func sharedDir(t *testing.T, want string) string { return testshared.Dir(t, want) }

func loadFiles(t *testing.T, paths ...string) *rules.Ruleset {
	t.Helper()
	rs := rules.NewRuleset()
	for _, p := range paths {
		if err := rs.LoadFile(p); err != nil {
			t.Fatal(err)
		}
	}
	return rs
}

// hunt replays a capture through the state engine and collects the engine's alerts.
func hunt(t *testing.T, path string, eng *rules.Engine) []rules.Alert {
	t.Helper()
	var out []rules.Alert
	replayAlerts(t, path, eng, func(a *rules.Alert, _ *event.Event) { out = append(out, *a) })
	return out
}

// replayAlerts replays a capture through the state engine and calls f with each alert
// and the event that raised it.
func replayAlerts(t *testing.T, path string, eng *rules.Engine, f func(a *rules.Alert, ev *event.Event)) {
	t.Helper()
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	st := state.New(state.Options{})
	var ev event.Event
	var section *scap.Section
	for {
		if err := r.Next(&ev); err != nil {
			if errors.Is(err, io.EOF) {
				return
			}
			t.Fatal(err)
		}
		if s := r.Section(); s != section {
			section = s
			st.LoadSection(s)
		}
		ctx := st.Process(&ev)
		eng.Process(ctx, st, func(a *rules.Alert) { f(a, &ev) })
		st.EndEvent(ctx)
	}
}

// The 0.31.1 rules are of sysdig 0.29.3's era: every one of the 69 compiles.
func TestFalco0311RulesCompile(t *testing.T) {
	shared := sharedDir(t, "rules/falco_rules-0.31.1.yaml")
	rs := loadFiles(t, filepath.Join(shared, "rules", "falco_rules-0.31.1.yaml"))
	_, errs, sum := rs.Compile(nil)
	for _, e := range errs {
		t.Error(e)
	}
	if sum.Rules != 69 || sum.Compiled != 69 || sum.Failed != 0 {
		t.Errorf("summary %+v, want all 69 rules compiled", sum)
	}
	t.Logf("falco_rules-0.31.1.yaml: %+v", sum)
}

// The 2026 rule files (stable alone, and with the incubating or sandbox rules, which
// build on its macros and lists) load; every rule compiles or is reported with the
// field scry does not know.
func TestFalco2026RulesCompile(t *testing.T) {
	shared := sharedDir(t, "rules/falco_rules.yaml")
	dir := filepath.Join(shared, "rules")
	for _, set := range [][]string{
		{"falco_rules.yaml"},
		{"falco_rules.yaml", "falco-incubating_rules.yaml"},
		{"falco_rules.yaml", "falco-sandbox_rules.yaml"},
	} {
		var paths []string
		for _, f := range set {
			paths = append(paths, filepath.Join(dir, f))
		}
		_, errs, sum := loadFiles(t, paths...).Compile(nil)
		var unknown []string
		for _, e := range errs {
			if e.Field == "" {
				t.Errorf("%s: %v", strings.Join(set, "+"), e)
				continue
			}
			unknown = append(unknown, e.Rule.Name+": "+e.Field)
		}
		if sum.Compiled+sum.Failed+sum.OtherSource != sum.Rules || sum.Compiled == 0 {
			t.Errorf("%s: summary %+v", strings.Join(set, "+"), sum)
		}
		t.Logf("%s: %d rules, %d compiled (%d running), %d with unknown fields: %s",
			strings.Join(set, "+"), sum.Rules, sum.Compiled, sum.Running, sum.UnknownFields, strings.Join(unknown, "; "))
	}
}

// The 0.31.1 rule "Launch Privileged Container" fires once on the privileged-container
// capture. The expected text is the rule's output format with the values sysdig 0.29.3
// prints for the capture's container event:
//
//	TZ=UTC sysdig -r falco-psp--privileged.scap -p '*%evt.time|%user.name|%user.loginuid|%proc.cmdline|%container.id|%container.name|%container.image.repository|%container.image.tag'
//	21:35:33.350505660|root|0|container:9dbcbd0c435f|9dbcbd0c435f|epic_cray|nginx|latest
func TestCorpusPrivilegedContainer(t *testing.T) {
	shared := sharedDir(t, "corpus/raw/falco-psp--privileged.scap")
	sharedDir(t, "rules/falco_rules-0.31.1.yaml")
	rs := loadFiles(t, filepath.Join(shared, "rules", "falco_rules-0.31.1.yaml"))
	eng, _, _ := rs.Compile(nil)
	alerts := hunt(t, filepath.Join(shared, "corpus", "raw", "falco-psp--privileged.scap"), eng)
	if len(alerts) != 1 {
		t.Fatalf("%d alerts, want 1: %v", len(alerts), alerts)
	}
	a := alerts[0]
	want := "21:35:33.350505660: Informational Privileged container started (user=root user_loginuid=0 " +
		"command=container:9dbcbd0c435f container_id=9dbcbd0c435f container_name=epic_cray image=nginx:latest)"
	if got := a.Text(time.UTC); got != want {
		t.Errorf("alert\n%s\nwant\n%s", got, want)
	}
	var obj struct {
		Rule, Priority, Time string
		Tags                 []string
		Fields               map[string]any `json:"output_fields"`
	}
	if err := json.Unmarshal(a.AppendJSON(nil, time.UTC, ""), &obj); err != nil {
		t.Fatal(err)
	}
	if obj.Rule != "Launch Privileged Container" || obj.Priority != "Informational" ||
		obj.Time != "2019-07-08T21:35:33.350505660Z" ||
		!slices.Equal(obj.Tags, []string{"container", "cis", "mitre_privilege_escalation", "mitre_lateral_movement"}) {
		t.Errorf("alert JSON %+v", obj)
	}
	for k, v := range map[string]any{"user.name": "root", "container.id": "9dbcbd0c435f", "container.name": "epic_cray",
		"container.image.repository": "nginx", "container.image.tag": "latest", "proc.cmdline": "container:9dbcbd0c435f"} {
		if obj.Fields[k] != v {
			t.Errorf("output_fields[%s] = %v, want %v", k, obj.Fields[k], v)
		}
	}
}

// Rules written for two captures, with expected alerts from the captures' content as
// sysdig 0.29.3 shows it:
//
//	write_tmp_test, event 116: 22:13:50.575387852 (UTC) bash (uid root, container
//	697956520d89 named hopeful_taussig) opens /tmp/test with O_TRUNC|O_CREAT|O_WRONLY;
//	cat_write, event 151: 16:17:57.881799840 (UTC) "cat /dev/null" (no user list) opens
//	/lib/x86_64-linux-gnu/libc.so.6; event 205: its read of /dev/null returns 0.
const captureRules = `
- rule: Write below a temporary directory
  desc: a file below /tmp or /var/tmp is opened for writing
  condition: open_write and fd.name pmatch (tmp_dirs)
  output: File below a temporary directory opened for writing (user=%user.name command=%proc.cmdline file=%fd.name flags=%evt.arg.flags %container.info)
  priority: WARNING
  tags: [filesystem]
- rule: Library read by cat
  desc: cat opens a shared library
  condition: evt.type = open and evt.dir = < and proc.name = cat and fd.name glob '/lib/*.so*'
  output: cat opened library %fd.name (parent=%proc.pname user=%user.name)
  priority: DEBUG
- rule: Empty read of /dev/null
  desc: a read of /dev/null returns nothing
  condition: evt.type = read and evt.dir = < and fd.name = /dev/null and evt.rawres = 0
  output: "%proc.cmdline read nothing from %fd.name"
  priority: informational
- rule: Needs a newer field
  desc: uses a field scry does not know
  condition: proc.stdin.type = file
  output: x
  priority: info
- macro: open_write
  condition: evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = 'f' and fd.num >= 0
- list: tmp_dirs
  items: [/tmp, /var/tmp]
`

func TestCorpusCaptureRules(t *testing.T) {
	shared := sharedDir(t, "corpus/raw/falco--cat_write.scap")
	rs := rules.NewRuleset()
	if err := rs.Load("capture_rules.yaml", []byte(captureRules)); err != nil {
		t.Fatal(err)
	}
	eng, errs, _ := rs.Compile(nil)
	if len(errs) != 1 || errs[0].Rule.Name != "Needs a newer field" || errs[0].Field != "proc.stdin.type" {
		t.Fatalf("rule errors %v, want only the unknown field of 'Needs a newer field'", errs)
	}
	cases := map[string][]string{
		"falco-psp--write_tmp_test": {
			"22:13:50.575387852: Warning File below a temporary directory opened for writing (user=root command=bash " +
				"file=/tmp/test flags=O_TRUNC|O_CREAT|O_WRONLY container_id=697956520d89 container_name=hopeful_taussig)",
		},
		"falco--cat_write": {
			"16:17:57.881799840: Debug cat opened library /lib/x86_64-linux-gnu/libc.so.6 (parent=bash user=<NA>)",
			"16:17:57.882062060: Informational cat /dev/null read nothing from /dev/null",
		},
	}
	for name, want := range cases {
		var got []string
		for _, a := range hunt(t, filepath.Join(shared, "corpus", "raw", name+".scap"), eng) {
			got = append(got, a.Text(time.UTC))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s alerts:\n%s\nwant:\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
