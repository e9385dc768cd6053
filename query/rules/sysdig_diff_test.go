package rules_test

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/query/rules"
)

// sysdigConditionText renders a rule's expanded condition for sysdig 0.29.3, whose
// parser differs from Falco's on a few values of the 0.31.1 rules: it rejects \"
// escapes and unbalanced parentheses inside quoted values, takes "intersects" for "in"
// followed by garbage, and rejects an empty list of IP addresses. The rewrites keep
// the meaning on every event but those with the rewritten values.
var sysdigConditionText = strings.NewReplacer(
	`"sh -c node -e \"require('nan')\""`, `"sh -c node -e require(nan)"`,
	`"sh -c node -e \"require('nan')\")"`, `"sh -c node -e require(nan)x"`,
	`"sh -c /bin/sh -c 'date +%%s'"`, `"sh -c /bin/sh -c date"`,
	"proc.args intersects (", "proc.args in (", // a scalar field: intersects is in
	"fd.sip in ()", `fd.sip in ("0.0.0.0")`, // a placeholder: differs only for a server address 0.0.0.0
)

// Every enabled rule of falco_rules-0.31.1.yaml selects, on corpus captures, exactly
// the events sysdig 0.29.3 selects with the rule's expanded condition as its filter.
func TestFalco0311RulesMatchSysdig(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sysdig once per rule and capture; skipped with -short")
	}
	if _, err := exec.LookPath("sysdig"); err != nil {
		t.Skip("sysdig not installed: the rules are not compared with it")
	}
	shared := sharedDir(t, "rules/falco_rules-0.31.1.yaml")
	rs := loadFiles(t, filepath.Join(shared, "rules", "falco_rules-0.31.1.yaml"))
	eng, errs, _ := rs.Compile(&rules.Options{AllMatches: true})
	if len(errs) > 0 {
		t.Fatalf("compile: %v", errs)
	}
	conds := map[string]string{}
	for _, r := range rs.Rules {
		if !r.Enabled {
			continue
		}
		n, err := rs.ExpandedCondition(r)
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		conds[r.Name] = sysdigConditionText.Replace(n.String())
	}
	for _, name := range []string{"falco-psp--privileged", "falco-psp--write_tmp_test", "falco--cat_write", "libs-e2e--curl_google"} {
		capture := filepath.Join(shared, "corpus", "raw", name+".scap")
		got := map[string][]uint64{}
		for _, a := range huntNums(t, capture, eng) {
			got[a.rule] = append(got[a.rule], a.num)
		}
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for rule, cond := range conds {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				out, err := exec.Command("sysdig", "-r", capture, "-p", "%evt.num", cond).CombinedOutput()
				if err != nil {
					t.Errorf("%s: %s: sysdig: %v: %s", name, rule, err, out)
					return
				}
				var want []uint64
				for _, f := range strings.Fields(string(out)) {
					n, err := strconv.ParseUint(f, 10, 64)
					if err != nil {
						t.Errorf("%s: %s: sysdig printed %q", name, rule, f)
						return
					}
					want = append(want, n)
				}
				if g := got[rule]; !slices.Equal(g, want) {
					t.Errorf("%s: rule %q matches events %v, sysdig %v", name, rule, g, want)
				}
			}()
		}
		wg.Wait()
	}
}

type ruleHit struct {
	rule string
	num  uint64
}

// huntNums replays a capture through the state engine and returns each alert's rule
// and event number, in event order.
func huntNums(t *testing.T, path string, eng *rules.Engine) []ruleHit {
	t.Helper()
	var out []ruleHit
	replayAlerts(t, path, eng, func(a *rules.Alert, ev *event.Event) { out = append(out, ruleHit{a.Rule, ev.Num}) })
	return out
}
