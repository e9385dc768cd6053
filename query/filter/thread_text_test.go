package filter_test

import (
	"errors"
	"io"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// registryByAnotherName resolves fields as the default resolver does, but is not it, so
// checks compiled with it extract their values through the fields' own extractors.
type registryByAnotherName struct{}

func (registryByAnotherName) Lookup(expr string) (*fields.Field, int, error) {
	return fields.Lookup(expr)
}

var threadTextFilters = []string{
	"proc.name = httpd", "proc.name != httpd", "proc.name in (httpd, rm, bash)",
	"proc.name startswith ht", "proc.name contains run", "proc.name icontains HTTP",
	"proc.name exists", "proc.name glob *c*", "proc.name > m", "proc.name = <NA>",
	"proc.exe endswith httpd", "proc.exe = bash", "proc.exepath startswith /usr",
	"proc.exepath contains bin", "not proc.name in (sshd, bash)",
}

// Checks that read proc.name, proc.exe and proc.exepath in place decide as the fields'
// extractors do: for known threads, placeholder threads of unknown tids, and events
// without a thread.
func TestThreadTextMatchesTheExtractors(t *testing.T) {
	tw := compileTwins(t, threadTextFilters)
	eng := state.New(state.Options{})
	httpd := scap.Process{Tid: 10, Pid: 10, Ptid: 1, Comm: "httpd", Exe: "/usr/sbin/httpd", ExePath: "/usr/sbin/httpd", Vtid: -1, Vpid: -1}
	bash := scap.Process{Tid: 11, Pid: 11, Ptid: 1, Comm: "bash", Exe: "bash", ExePath: "/bin/bash", Vtid: -1, Vpid: -1}
	eng.LoadSection(&scap.Section{Processes: []scap.Process{httpd, bash}})
	matched := 0
	for i, tid := range []int64{10, 11, 99, -1, 10, 12} {
		for j, typ := range []uint16{2, 3} { // open enter and exit
			params := [][]byte{event.CStr("/etc/hosts"), event.U32(0), event.U32(0)}
			if typ == 3 {
				params = [][]byte{event.I64(3), event.CStr("/etc/hosts"), event.U32(0), event.U32(0)}
			}
			ev := event.Event{Raw: event.Append(nil, uint64(1000+2*i+j), tid, typ, params...), Num: uint64(2*i + j + 1)}
			matched += tw.sameMatches(t, eng, &ev, "synthetic")
		}
	}
	if matched == 0 {
		t.Fatal("no filter matched any event: the test compares nothing")
	}
}

// The same on every event of the corpus captures.
func TestThreadTextMatchesTheExtractorsOnCorpus(t *testing.T) {
	tw := compileTwins(t, threadTextFilters)
	for _, cf := range corpusFiles(t, sharedDir(t)) {
		r, err := scap.Open(cf.raw)
		if err != nil {
			t.Fatal(err)
		}
		eng := state.New(state.Options{})
		var section *scap.Section
		var ev event.Event
		for {
			if err := r.Next(&ev); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Fatalf("%s: %v", cf.name, err)
				}
				break
			}
			if s := r.Section(); s != section {
				section = s
				eng.LoadSection(s)
			}
			tw.sameMatches(t, eng, &ev, cf.name)
		}
		r.Close()
	}
}
