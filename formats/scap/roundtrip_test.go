package scap

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/scrylabs/scry/formats/event"
)

// capture is everything a reader yields: each section's metadata and every event.
type capture struct {
	sections []Section
	events   []event.Event
}

// readCapture reads a whole capture, recording each section as the reader enters it.
func readCapture(t testing.TB, data []byte) capture {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), "mem")
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer r.Close()
	r.ReturnUnknown(true)
	c := capture{sections: []Section{*r.Section()}}
	r.OnSection(func(s *Section) error { c.sections = append(c.sections, *s); return nil })
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		c.events = append(c.events, ev.Clone())
	}
	return c
}

// metadataOnly drops what a rewrite legitimately changes: the section header's version
// and the offsets of sections in the stream.
func metadataOnly(s Section) Section {
	s.Header, s.Offset = SectionHeader{}, 0
	return s
}

// rewrite copies a capture through Writer with compression c.
func rewrite(t testing.TB, data []byte, c Compression) []byte {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), "mem")
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer r.Close()
	var out bytes.Buffer
	w, err := NewWriter(&out, WriterOptions{Compression: c})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Copy(w, r); err != nil {
		t.Fatalf("copy: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("close writer: %v", err)
	}
	return out.Bytes()
}

// compareCaptures fails unless b holds a's events (bytes, cpu, flags, numbering) and
// a's metadata section by section.
func compareCaptures(t testing.TB, a, b capture) {
	t.Helper()
	if len(a.events) != len(b.events) {
		t.Fatalf("events: %d after the round trip, %d before", len(b.events), len(a.events))
	}
	for i := range a.events {
		x, y := &a.events[i], &b.events[i]
		if x.Num != y.Num || x.CPU != y.CPU || x.Flags != y.Flags || !bytes.Equal(x.Raw, y.Raw) {
			t.Fatalf("event %d differs after the round trip: num %d/%d cpu %d/%d flags %d/%d bytes equal %v",
				i, x.Num, y.Num, x.CPU, y.CPU, x.Flags, y.Flags, bytes.Equal(x.Raw, y.Raw))
		}
	}
	if len(a.sections) != len(b.sections) {
		t.Fatalf("sections: %d after the round trip, %d before", len(b.sections), len(a.sections))
	}
	for i := range a.sections {
		x, y := metadataOnly(a.sections[i]), metadataOnly(b.sections[i])
		if !reflect.DeepEqual(x, y) {
			t.Fatalf("section %d metadata differs after the round trip: %s", i, sectionDiff(x, y))
		}
	}
}

// sectionDiff names the first part of two sections' metadata that differs.
func sectionDiff(x, y Section) string {
	switch {
	case !reflect.DeepEqual(x.Machine, y.Machine):
		return fmt.Sprintf("machine %+v / %+v", x.Machine, y.Machine)
	case len(x.Processes) != len(y.Processes):
		return fmt.Sprintf("%d / %d processes", len(x.Processes), len(y.Processes))
	case len(x.FDLists) != len(y.FDLists):
		return fmt.Sprintf("%d / %d fd lists", len(x.FDLists), len(y.FDLists))
	}
	for i := range x.Processes {
		if !reflect.DeepEqual(x.Processes[i], y.Processes[i]) {
			return fmt.Sprintf("process %d: %+v / %+v", i, x.Processes[i], y.Processes[i])
		}
	}
	for i := range x.FDLists {
		if !reflect.DeepEqual(x.FDLists[i], y.FDLists[i]) {
			return fmt.Sprintf("fd list %d: %+v / %+v", i, x.FDLists[i], y.FDLists[i])
		}
	}
	return fmt.Sprintf("interfaces %+v / %+v, users %+v / %+v, groups %+v / %+v",
		x.Interfaces, y.Interfaces, x.Users, y.Users, x.Groups, y.Groups)
}

// TestRoundTripCorpus rewrites every corpus capture plain, gzip and zstd and reads back
// the same events and metadata; sysdig must print the plain and gzip rewrites exactly as
// it prints the original.
func TestRoundTripCorpus(t *testing.T) {
	dir, names := corpusFiles(t)
	sysdig, sysdigErr := exec.LookPath("sysdig")
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, "raw", name+".scap")
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := readCapture(t, orig)
			var wantOut [][]byte
			if sysdigErr == nil {
				wantOut = sysdigOutputs(t, sysdig, path)
			}
			for _, c := range []Compression{CompressNone, CompressGzip, CompressZstd} {
				out := rewrite(t, orig, c)
				if got := sniff(out); got != c {
					t.Fatalf("%s rewrite starts like %s", c, got)
				}
				compareCaptures(t, want, readCapture(t, out))
				if c == CompressZstd {
					continue // zstd is scry's own extension: sysdig reads plain and gzip only
				}
				if sysdigErr != nil {
					t.Logf("skipping the sysdig comparison: %v", sysdigErr)
					continue
				}
				tmp := filepath.Join(t.TempDir(), name+"."+c.String()+".scap")
				if err := os.WriteFile(tmp, out, 0o644); err != nil {
					t.Fatal(err)
				}
				gotOut := sysdigOutputs(t, sysdig, tmp)
				for i := range wantOut {
					if !bytes.Equal(wantOut[i], gotOut[i]) {
						t.Errorf("sysdig prints the %s rewrite differently (format %d): %s", c, i, firstDiff(wantOut[i], gotOut[i]))
					}
				}
			}
			t.Logf("%s: %d events, %d sections identical after plain, gzip and zstd rewrites", name, len(want.events), len(want.sections))
		})
	}
}

// sysdigFormats are the output formats compared: sysdig's default, and one that shows
// the metadata blocks (process, fd, user and group tables).
var sysdigFormats = [][]string{
	nil,
	{"-p", "*%evt.num %evt.cpu %proc.name %proc.exepath %proc.args %proc.cwd %proc.pid %proc.ppid %proc.sid %proc.vpgid %proc.vpid %thread.cgroups %user.name %user.homedir %group.name %fd.name %fd.type %fd.sip %fd.sport %fd.l4proto %evt.args"},
}

func sysdigOutputs(t *testing.T, sysdig, path string) [][]byte {
	t.Helper()
	var outs [][]byte
	for _, f := range sysdigFormats {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, sysdig, append([]string{"-r", path}, f...)...)
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("sysdig -r %s: %v\n%s", path, err, firstLines(out, 5))
		}
		outs = append(outs, out)
	}
	return outs
}

func firstLines(b []byte, n int) []byte {
	lines := bytes.SplitN(b, []byte("\n"), n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return bytes.Join(lines, []byte("\n"))
}

func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(la) && i < len(lb); i++ {
		if !bytes.Equal(la[i], lb[i]) {
			return fmt.Sprintf("line %d: want %q, got %q", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines wanted, %d got", len(la), len(lb))
}
