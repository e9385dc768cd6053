package rules

import (
	"strings"
	"testing"
)

func load(t *testing.T, docs ...string) *Ruleset {
	t.Helper()
	rs := NewRuleset()
	for i, d := range docs {
		if err := rs.Load("test"+string(rune('0'+i))+".yaml", []byte(d)); err != nil {
			t.Fatalf("load: %v", err)
		}
	}
	return rs
}

func TestLoadItems(t *testing.T) {
	rs := load(t, `
- required_engine_version: 9
- required_plugin_versions:
    - name: container
      version: 0.4.0
- rule: Shell in tmp
  desc: a shell opens a file below a temporary directory
  condition: open_read and shell_procs and fd.name pmatch (tmp_dirs)
  output: shell %proc.name opened %fd.name
  priority: WARNING
  tags: [shell, filesystem]
- macro: open_read
  condition: evt.type in (open, openat) and evt.dir = <
- macro: shell_procs
  condition: proc.name in (shell_binaries)
- list: shell_binaries
  items: [bash, sh]
- list: tmp_dirs
  items: ["/tmp", '/var/tmp']
- list: shell_binaries
  append: true
  items: [zsh]
- macro: open_read
  append: true
  condition: and fd.typechar = f
- rule: Disabled rule
  desc: x
  condition: proc.name = nothing
  output: x
  priority: debug
  enabled: false
- rule: Other source
  desc: x
  condition: ka.verb = create
  output: x
  priority: notice
  source: k8s_audit
`)
	if len(rs.EngineVersions) != 1 || rs.EngineVersions[0] != "9" {
		t.Errorf("engine versions %v", rs.EngineVersions)
	}
	if got := rs.List("shell_binaries").Items; strings.Join(got, ",") != "bash,sh,zsh" {
		t.Errorf("appended list items %v", got)
	}
	if got := rs.Macro("open_read").Condition; got != "evt.type in (open, openat) and evt.dir = < and fd.typechar = f" {
		t.Errorf("appended macro condition %q", got)
	}
	r := rs.Rule("Shell in tmp")
	if r == nil || r.Priority != "WARNING" || r.Source != "syscall" || !r.Enabled || strings.Join(r.Tags, ",") != "shell,filesystem" {
		t.Fatalf("rule %+v", r)
	}
	_, errs, sum := rs.Compile(nil)
	if len(errs) != 0 {
		t.Fatalf("compile errors: %v", errs)
	}
	want := Summary{Rules: 3, Compiled: 2, Running: 1, Disabled: 1, OtherSource: 1}
	if sum != want {
		t.Errorf("summary %+v, want %+v", sum, want)
	}
}

func TestAppendAndOverride(t *testing.T) {
	rs := load(t, `
- rule: R
  desc: first
  condition: proc.name = a
  output: out1
  priority: notice
  tags: [one]
`, `
- rule: R
  append: true
  condition: or proc.name = b
- rule: R
  override:
    output: replace
    tags: append
    priority: replace
  output: out2
  priority: error
  tags: [two]
- rule: R
  enabled: false
`)
	r := rs.Rule("R")
	if r.Condition != "proc.name = a or proc.name = b" || r.Output != "out2" || r.Priority != "error" ||
		strings.Join(r.Tags, ",") != "one,two" || r.Enabled {
		t.Errorf("merged rule %+v", r)
	}
	if len(rs.Rules) != 1 {
		t.Errorf("%d rules, want 1", len(rs.Rules))
	}
	rs = load(t, "- rule: R\n  desc: d\n  condition: proc.name = a\n  output: o\n  priority: info\n",
		"- rule: R\n  desc: d2\n  condition: proc.name = z\n  output: o2\n  priority: debug\n")
	if r := rs.Rule("R"); r.Condition != "proc.name = z" || r.Desc != "d2" || len(rs.Rules) != 1 {
		t.Errorf("redefinition %+v", r)
	}
}

func TestLoadErrors(t *testing.T) {
	cases := map[string]string{
		"- list: l\n  append: true\n  items: [a]\n":                          "append to a list that is not defined",
		"- macro: m\n  append: true\n  condition: x\n":                       "append to a macro that is not defined",
		"- rule: r\n  append: true\n  condition: x\n":                        "not defined",
		"- rule: r\n  desc: d\n  condition: proc.name=a\n  priority: info\n": "has no output",
		"- macro: m\n": "has no condition",
		"- list: l\n  macro: m\n  condition: x\n": "exactly one of",
		"key: value\n": "want a list of items",
		"- rule: r\n  override:\n    output: merge\n  output: x\n": "must be append or replace",
		"- [unclosed\n": "read rules file",
	}
	for doc, want := range cases {
		err := NewRuleset().Load("bad.yaml", []byte(doc))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("load %q: %v, want an error containing %q", doc, err, want)
		}
	}
	if err := NewRuleset().Load("empty.yaml", nil); err != nil {
		t.Errorf("empty file: %v", err)
	}
}

func TestExceptions(t *testing.T) {
	rs := load(t, `
- list: trusted
  items: [sshd, "my proc"]
- rule: R
  desc: d
  condition: evt.type = open
  output: o
  priority: info
  exceptions:
    - name: by_proc_and_file
      fields: [proc.name, fd.name]
      comps: [=, startswith]
      values:
        - [cat, /etc]
        - [vi, '/tmp/x y']
    - name: by_proc
      fields: proc.name
      values: [trusted, bash]
    - name: by_list_value
      fields: [proc.name, fd.directory]
      comps: [in, =]
      values:
        - [[a, b], /root]
`, `
- rule: R
  append: true
  exceptions:
    - name: by_proc
      values: [zsh]
`)
	r := rs.Rule("R")
	got := exceptionCondition(r.Exceptions, func(s string) bool { return rs.List(s) != nil })
	want := `(proc.name = "cat" and fd.name startswith "/etc") or (proc.name = "vi" and fd.name startswith "/tmp/x y")` +
		` or (proc.name in (trusted)) or (proc.name in ("bash")) or (proc.name in ("zsh"))` +
		` or (proc.name in ("a", "b") and fd.directory = "/root")`
	if got != want {
		t.Errorf("exception condition:\n%s\nwant\n%s", got, want)
	}
	if _, errs, _ := rs.Compile(nil); len(errs) != 0 {
		t.Errorf("compile: %v", errs)
	}
	err := NewRuleset().Load("x.yaml", []byte(`
- rule: R
  desc: d
  condition: evt.type = open
  output: o
  priority: info
  exceptions:
    - name: e
      fields: [proc.name, fd.name]
      values: [[cat]]
`))
	if err == nil || !strings.Contains(err.Error(), "want a list of 2 values") {
		t.Errorf("short exception tuple: %v", err)
	}
}

func TestCompileReportsUnknownFields(t *testing.T) {
	rs := load(t, `
- macro: broken
  condition: proc.name = = x
- rule: Good
  desc: d
  condition: proc.name = bash
  output: "%proc.name"
  priority: info
- rule: Unknown condition field
  desc: d
  condition: proc.stdin.type > 0
  output: x
  priority: info
- rule: Unknown output field
  desc: d
  condition: proc.name = bash
  output: "file %proc.nosuch here"
  priority: info
- rule: Broken macro
  desc: d
  condition: broken and proc.name = x
  output: x
  priority: info
- rule: Undefined macro
  desc: d
  condition: not_defined_anywhere
  output: x
  priority: info
- rule: Bad priority
  desc: d
  condition: proc.name = x
  output: x
  priority: loud
`)
	eng, errs, sum := rs.Compile(nil)
	if got := eng.Rules(); len(got) != 1 || got[0] != "Good" {
		t.Errorf("running rules %v, want [Good]", got)
	}
	if sum.Failed != 5 || sum.UnknownFields != 2 || sum.Running != 1 {
		t.Errorf("summary %+v", sum)
	}
	byRule := map[string]*RuleError{}
	for _, e := range errs {
		byRule[e.Rule.Name] = e
	}
	if e := byRule["Unknown condition field"]; e == nil || e.Field != "proc.stdin.type" ||
		!strings.Contains(e.Error(), `rule "Unknown condition field" (test0.yaml:`) {
		t.Errorf("unknown condition field: %v", e)
	}
	if e := byRule["Unknown output field"]; e == nil || e.Field != "proc.nosuch" {
		t.Errorf("unknown output field: %v", e)
	}
	if e := byRule["Broken macro"]; e == nil || !strings.Contains(e.Error(), "macro broken") || !strings.Contains(e.Error(), "expected a value") {
		t.Errorf("broken macro: %v", e)
	}
	if e := byRule["Undefined macro"]; e == nil || !strings.Contains(e.Error(), `unknown macro "not_defined_anywhere"`) {
		t.Errorf("undefined macro: %v", e)
	}
	if e := byRule["Bad priority"]; e == nil || !strings.Contains(e.Error(), "unknown priority") {
		t.Errorf("bad priority: %v", e)
	}
}

func TestParsePriority(t *testing.T) {
	for in, want := range map[string]Priority{"EMERGENCY": PriorityEmergency, "alert": PriorityAlert,
		"Critical": PriorityCritical, "error": PriorityError, "WARNING": PriorityWarning,
		"notice": PriorityNotice, "INFO": PriorityInformational, "informational": PriorityInformational, "debug": PriorityDebug} {
		if got, err := ParsePriority(in); err != nil || got != want {
			t.Errorf("ParsePriority(%q) = %v, %v", in, got, err)
		}
	}
	if PriorityInformational.String() != "Informational" || PriorityWarning.String() != "Warning" {
		t.Error("priority names")
	}
}

func TestExpandedCondition(t *testing.T) {
	rs := load(t, `
- rule: R
  desc: d
  condition: open_read and proc.name in (shells)
  output: o
  priority: info
  exceptions:
    - name: root_cat
      fields: [proc.name, user.name]
      values: [[cat, root]]
- macro: open_read
  condition: evt.type = open and evt.dir = <
- list: shells
  items: [bash, zsh]
`)
	n, err := rs.ExpandedCondition(rs.Rule("R"))
	if err != nil {
		t.Fatal(err)
	}
	want := `((evt.type = "open" and evt.dir = "<") and proc.name in ("bash", "zsh")) and not (proc.name = "cat" and user.name = "root")`
	if got := n.String(); got != want {
		t.Errorf("expanded:\n%s\nwant\n%s", got, want)
	}
}
