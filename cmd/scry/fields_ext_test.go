package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// fieldNames returns the field names of a field listing, in order.
func fieldNames(listing string) []string {
	var names []string
	row := regexp.MustCompile(`^([a-z][a-z0-9_]*\.[a-zA-Z0-9_.\[\]]+)(?: |$)`)
	for _, l := range strings.Split(listing, "\n") {
		if m := row.FindStringSubmatch(l); m != nil {
			names = append(names, m[1])
		}
	}
	return names
}

// By default scry fields lists exactly sysdig 0.29's fields, in its order; the
// extensions only with --extensions, in sections of their own.
func TestFieldsListsExtensionsOnlyOnRequest(t *testing.T) {
	var plain, with bytes.Buffer
	if err := writeFields(&plain, listedFields("", false)); err != nil {
		t.Fatal(err)
	}
	ext := extensionFields("")
	if len(ext) == 0 {
		t.Fatal("no extension fields")
	}
	if err := writeFields(&with, append(listedFields("", false), ext...)); err != nil {
		t.Fatal(err)
	}
	names := fieldNames(plain.String())
	for _, f := range ext {
		for _, n := range names {
			if n == f.Name {
				t.Errorf("default listing shows the extension %s", n)
			}
		}
		if !strings.Contains(with.String(), "\n"+f.Name+" ") {
			t.Errorf("--extensions listing lacks %s", f.Name)
		}
	}
	if !strings.Contains(with.String(), "Field Class:                  process (scry extensions: fields of newer libs)") {
		t.Error("--extensions listing has no extension section for process")
	}
	if got := extensionFields("fd"); len(got) != 1 || got[0].Name != "fd.nameraw" {
		t.Errorf("fd extensions %v", got)
	}
	if _, err := exec.LookPath("sysdig"); err != nil {
		t.Skip("sysdig not installed: comparison with sysdig -l skipped")
	}
	out, err := exec.Command("sysdig", "-l").Output()
	if err != nil {
		t.Skipf("sysdig -l: %v", err)
	}
	want := fieldNames(string(out))
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("scry fields lists %d fields, sysdig -l %d, or in another order", len(names), len(want))
	}
}

// scry fields --json says which fields are extensions and the JSON type of every
// field's values in typed records.
func TestFieldsJSONIsTyped(t *testing.T) {
	var js bytes.Buffer
	if err := writeFieldsJSON(&js, append(listedFields("", true), extensionFields("")...)); err != nil {
		t.Fatal(err)
	}
	var decoded []map[string]any
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"evt.num": "integer", "fd.dev": "integer", "proc.fdusage": "number",
		"evt.failed": "boolean", "fd.cip": "string", "evt.rawarg": "any", "thread.cap_effective": "string",
		"proc.exe_ino.ctime": "integer", "proc.is_exe_upper_layer": "boolean"}
	exts := 0
	for _, f := range decoded {
		name := f["name"].(string)
		if w, ok := want[name]; ok && f["json_type"] != w {
			t.Errorf("%s json_type %v, want %s", name, f["json_type"], w)
		}
		if f["extension"] == true {
			exts++
			if f["listed"] != false {
				t.Errorf("extension %s marked listed", name)
			}
		}
		if _, ok := f["listed"].(bool); !ok {
			t.Errorf("%s: listed is not a JSON boolean", name)
		}
	}
	if exts != len(extensionFields("")) {
		t.Errorf("%d fields marked as extensions, want %d", exts, len(extensionFields("")))
	}
}
