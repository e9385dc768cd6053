package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

func TestEventsListMatchesSysdig(t *testing.T) {
	var got bytes.Buffer
	if err := writeEvents(&got); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(got.String()), "\n")
	if lines[0] != "> syscall(SYSCALLID ID, UINT16 nativeID)" || !strings.Contains(got.String(), "< open(FD fd, FSPATH name, FLAGS32 flags, UINT32 mode, UINT32 dev)\n") {
		t.Errorf("unexpected listing start: %q", lines[:2])
	}
	if _, err := exec.LookPath("sysdig"); err != nil {
		t.Skip("sysdig not installed: comparison with sysdig -L skipped")
	}
	want, err := exec.Command("sysdig", "-L").Output()
	if err != nil {
		t.Skipf("sysdig -L: %v", err)
	}
	if got.String() != string(want) {
		t.Errorf("scry events differs from sysdig -L (%d vs %d lines)", len(lines), strings.Count(string(want), "\n"))
	}
}

func TestFieldsList(t *testing.T) {
	list := listedFields("", false)
	if len(list) != 257 {
		t.Errorf("%d listed fields, want the 257 sysdig lists", len(list))
	}
	var text, js bytes.Buffer
	if err := writeFields(&text, list); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"evt.num", "proc.aname", "fd.cip", "container.mount.dest", "k8s.pod.label"} {
		if !strings.Contains(text.String(), "\n"+name+" ") {
			t.Errorf("listing lacks %s", name)
		}
	}
	if strings.Contains(text.String(), "\nevt.count.procinfo ") {
		t.Error("listing shows a table-only field")
	}
	if err := writeFieldsJSON(&js, listedFields("fd", false)); err != nil {
		t.Fatal(err)
	}
	var decoded []fieldJSON
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatalf("fields --json is not JSON: %v", err)
	}
	for _, f := range decoded {
		if f.Class != "fd" {
			t.Errorf("class filter let %s through", f.Name)
		}
		if f.Name == "fd.ip" && !f.FilterOnly {
			t.Error("fd.ip not marked filter-only")
		}
	}
	if len(listedFields("nosuchclass", false)) != 0 {
		t.Error("unknown class listed fields")
	}
}
