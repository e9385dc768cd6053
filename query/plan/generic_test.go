package plan

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// countGeneric counts the generic syscall events of a capture whose syscall code names
// syscall, decoding the capture itself rather than asking the query engine.
func countGeneric(t *testing.T, path, syscall string) int {
	t.Helper()
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		p := ev.Param(0)
		if ev.Type() > 1 || len(p) < 2 {
			continue
		}
		if code := int(p[0]) | int(p[1])<<8; code < len(schema.SyscallCodes) && schema.SyscallCodes[code].Name == syscall {
			n++
		}
	}
}

// TestGenericEventTypeInFilters checks evt.type checks on generic syscall events, whose
// evt.type is their syscall's name: sysdig 0.29.3 matched `evt.type=prctl` on the generic
// prctl events of a live recording (and `evt.type in (chown, fchownat)` on generic chown
// events), which the stored path once missed, comparing the filter's event with no
// syscall code.
func TestGenericEventTypeInFilters(t *testing.T) {
	d := synth(t)
	want := countGeneric(t, d.ScapPath, "getpid")
	if want == 0 {
		t.Fatal("the synthetic capture has no generic getpid events; the test means nothing")
	}
	for _, f := range []string{"evt.type=getpid", "evt.type in (getpid, setuid)", "evt.type=getpid and evt.dir=>"} {
		w := want
		if strings.Contains(f, "evt.dir") {
			w = want / 2
		}
		for _, src := range []string{d.ScapPath, d.ParquetPath, d.StoreDir} {
			for _, path := range []Path{PathAuto, PathReplay} {
				q := fmt.Sprintf("SELECT count(*) FROM '%s' WHERE %s", src, f)
				out := strings.Fields(runQuery(t, q, Options{Path: path}))
				if len(out) != 2 {
					t.Fatalf("%s: output %q", q, out)
				}
				if got, _ := strconv.Atoi(out[1]); got != w {
					t.Errorf("%s (%s): %d events, want %d", q, path, got, w)
				}
			}
		}
	}
}
