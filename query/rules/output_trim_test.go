package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/scrylabs/scry/query/rules"
)

// A folded output ("output: >") ends with a newline in YAML; Falco trims it, so an
// alert is one line, and the JSON "output" has no trailing newline either.
const foldedOutputRules = `
- rule: Read shadow folded
  desc: a folded output over two lines
  condition: evt.type = open and fd.name = /etc/shadow
  output: >
    Sensitive file opened (program=%proc.name
    file=%fd.name user=%user.name)
  priority: WARNING
`

func TestFoldedOutputIsTrimmed(t *testing.T) {
	v, ctxs := testEvents(t)
	eng := compileTest(t, foldedOutputRules, nil)
	var got []rules.Alert
	eng.Process(ctxs[0], v, func(a *rules.Alert) { got = append(got, *a) })
	if len(got) != 1 {
		t.Fatalf("%d alerts, want 1", len(got))
	}
	want := "22:13:20.123456789: Warning Sensitive file opened (program=cat file=/etc/shadow user=bob)"
	if text := got[0].Text(time.UTC); text != want {
		t.Errorf("alert %q, want %q", text, want)
	}
	if js := string(got[0].AppendJSON(nil, time.UTC, "")); !strings.Contains(js, `user=bob)","output_fields"`) {
		t.Errorf("JSON output keeps the folded scalar's newline: %s", js)
	}
}
