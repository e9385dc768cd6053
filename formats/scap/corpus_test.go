package scap

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// refRecord is one event sysdig printed: the columns the reader alone determines.
type refRecord struct {
	num, ts  uint64
	cpu      uint16
	tid      int64
	dir, typ string
	line     string
}

// refRecords parses ref/NAME/events.txt, joining records that span lines.
func refRecords(t *testing.T, path string) []refRecord {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read reference: %v", err)
	}
	startsRecord := regexp.MustCompile(`^[0-9]+ [0-9]+ [0-9]+ `)
	var recs []refRecord
	for _, line := range strings.Split(string(b), "\n") {
		if !startsRecord.MatchString(line) {
			continue // continuation of a multi-line record, or the final empty line
		}
		f := strings.Fields(line)
		if len(f) < 7 {
			t.Fatalf("reference record with %d columns: %q", len(f), line)
		}
		num, err1 := strconv.ParseUint(f[0], 10, 64)
		ts, err2 := strconv.ParseUint(f[1], 10, 64)
		cpu, err3 := strconv.ParseUint(f[2], 10, 16)
		tid, err4 := strconv.ParseInt(f[4], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
			t.Fatalf("unparsable reference record %q", line)
		}
		recs = append(recs, refRecord{num: num, ts: ts, cpu: uint16(cpu), tid: tid, dir: f[5], typ: f[6], line: line})
	}
	return recs
}

// numOffset is how much lower the reference evt.num is than the block ordinal (NOTE.txt).
func numOffset(t *testing.T, refDir string) uint64 {
	b, err := os.ReadFile(filepath.Join(refDir, "NOTE.txt"))
	if err != nil {
		return 0
	}
	m := regexp.MustCompile(`is ([0-9]+) lower`).FindSubmatch(b)
	if m == nil {
		return 0
	}
	n, _ := strconv.ParseUint(string(m[1]), 10, 64)
	return n
}

// evtTypeName is sysdig's evt.type: generic events carry their syscall's name.
func evtTypeName(ev *event.Event) string {
	if (ev.Type() == 0 || ev.Type() == 1) && ev.NumParams() > 0 {
		if code, ok := ev.Uint64(0); ok {
			if n := schema.SyscallCodeName(uint16(code)); n != "" {
				return n
			}
		}
	}
	if info := ev.Info(); info != nil {
		return info.Name
	}
	return "<unknown>"
}

func evtDir(ev *event.Event) string {
	if ev.IsEnter() {
		return ">"
	}
	return "<"
}

// TestCorpusEventBlocks checks the number of event blocks of every corpus capture
// against the manifest.
func TestCorpusEventBlocks(t *testing.T) {
	dir, names := corpusFiles(t)
	man := manifest(t, dir)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			want, ok := man[name]["raw_event_blocks"]
			if !ok {
				t.Fatalf("%s is not in MANIFEST.tsv", name)
			}
			r, err := Open(filepath.Join(dir, "raw", name+".scap"))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if _, err := readAllEvents(r); err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(r.EventsRead()); got != want {
				t.Errorf("event blocks: got %s, manifest says %s", got, want)
			}
			if want := man[name]["shb_version"]; want != "" {
				h := r.Section().Header
				if got := fmt.Sprintf("%d.%d", h.Major, h.Minor); got != want {
					t.Errorf("section header version %s, manifest says %s", got, want)
				}
			}
			if want := man[name]["mi_hostname"]; r.Section().Machine == nil || r.Section().Machine.Hostname != want {
				t.Errorf("machine info hostname: got %+v, manifest says %q", r.Section().Machine, want)
			}
		})
	}
}

// TestCorpusMatchesSysdig checks, for every event sysdig printed, that the reader yields
// the event with the same evt.num, rawtime, cpu, tid, direction and type.
func TestCorpusMatchesSysdig(t *testing.T) {
	dir, names := corpusFiles(t)
	total, matched := 0, 0
	for _, name := range names {
		refDir := filepath.Join(dir, "ref", name)
		if _, err := os.Stat(filepath.Join(refDir, "events.txt")); err != nil {
			continue
		}
		t.Run(name, func(t *testing.T) {
			recs := refRecords(t, filepath.Join(refDir, "events.txt"))
			off := numOffset(t, refDir)
			r, err := Open(filepath.Join(dir, "raw", name+".scap"))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			evs, err := readAllEvents(r)
			if err != nil {
				t.Fatal(err)
			}
			byNum := make(map[uint64]*event.Event, len(evs))
			for i := range evs {
				byNum[evs[i].Num] = &evs[i]
			}
			ok := 0
			for _, rec := range recs {
				ev := byNum[rec.num+off]
				switch {
				case ev == nil:
					t.Errorf("no event %d for reference record %q", rec.num+off, rec.line)
				case ev.Ts() != rec.ts || ev.CPU != rec.cpu || ev.Tid() != rec.tid || evtDir(ev) != rec.dir || evtTypeName(ev) != rec.typ:
					t.Errorf("event %d: got %d %d %d %s %s, reference %q", ev.Num, ev.Ts(), ev.CPU, ev.Tid(), evtDir(ev), evtTypeName(ev), rec.line)
				default:
					ok++
				}
			}
			total += len(recs)
			matched += ok
			t.Logf("%s: %d/%d printed events match (evt.num offset %d, %d events read)", name, ok, len(recs), off, len(evs))
		})
	}
	t.Logf("all files: %d/%d printed events match", matched, total)
	if total == 0 {
		t.Fatal("no reference events found")
	}
}
