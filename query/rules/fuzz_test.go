package rules

import "testing"

// FuzzLoadCompile feeds rules files to Load and Compile: a file loads or gets an error,
// never a panic, and every rule that loads either compiles or is reported.
func FuzzLoadCompile(f *testing.F) {
	for _, s := range []string{
		"- list: shells\n  items: [bash, sh]\n- macro: spawned\n  condition: evt.type = execve and evt.dir = <\n" +
			"- rule: shell\n  desc: d\n  condition: spawned and proc.name in (shells)\n  output: shell %proc.name\n  priority: WARNING\n",
		"- rule: r\n  desc: d\n  condition: fd.name startswith /etc\n  output: o %fd.name\n  priority: ERROR\n" +
			"  exceptions:\n    - name: e\n      fields: [proc.name, fd.name]\n      comps: [=, startswith]\n      values:\n        - [cat, /etc/hosts]\n",
		"- rule: r\n  append: true\n  condition: and proc.name = x\n",
		"- macro: m\n  override:\n    condition: replace\n  condition: evt.type = open\n",
		"- required_engine_version: 9\n- required_plugin_versions:\n    - name: c\n      version: 0.1.0\n",
		"- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: info\n  enabled: false\n  source: k8s_audit\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		rs := NewRuleset()
		if err := rs.Load("fuzz.yaml", []byte(doc)); err != nil {
			return
		}
		_, errs, sum := rs.Compile(nil)
		if sum.Failed != len(errs) {
			t.Fatalf("%d rules failed to compile but %d errors were reported", sum.Failed, len(errs))
		}
		if sum.Compiled+sum.Failed+sum.OtherSource != sum.Rules {
			t.Fatalf("summary %+v does not add up", sum)
		}
	})
}
