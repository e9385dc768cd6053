package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// readBack reads a capture's events and the compression its bytes show.
func readBack(t *testing.T, path string) ([]event.Event, scap.Compression, int) {
	t.Helper()
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var evs []event.Event
	var ev event.Event
	sections := map[*scap.Section]bool{}
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		sections[r.Section()] = true
		evs = append(evs, ev.Clone())
	}
	return evs, r.Compression(), len(sections)
}

func TestConvertByExtension(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in.scap")
	writeCapture(t, src, scap.CompressNone, sampleEvents()...)
	// Two concatenated sections: the capture twice.
	one, _ := os.ReadFile(src)
	twice := filepath.Join(dir, "twice.scap")
	os.WriteFile(twice, append(append([]byte(nil), one...), one...), 0o644)
	want, _, _ := readBack(t, twice)
	cases := []struct {
		out  string
		args []string
		comp scap.Compression
	}{
		{"out.scap", nil, scap.CompressNone},
		{"out.scap.gz", nil, scap.CompressGzip},
		{"out.scap.zst", nil, scap.CompressZstd},
		{"forced.scap", []string{"--compress", "zstd"}, scap.CompressZstd},
		{"plain.scap.gz", []string{"--compress", "none"}, scap.CompressNone},
	}
	for _, c := range cases {
		t.Run(c.out, func(t *testing.T) {
			out := filepath.Join(dir, c.out)
			if _, err := runScry(t, append([]string{"convert", twice, out}, c.args...)...); err != nil {
				t.Fatalf("convert: %v", err)
			}
			got, comp, sections := readBack(t, out)
			if comp != c.comp || sections != 2 || len(got) != len(want) {
				t.Fatalf("compression %v sections %d events %d, want %v 2 %d", comp, sections, len(got), c.comp, len(want))
			}
			for i := range want {
				if got[i].Num != want[i].Num || got[i].CPU != want[i].CPU || got[i].Flags != want[i].Flags || !bytes.Equal(got[i].Raw, want[i].Raw) {
					t.Fatalf("event %d changed by convert", i)
				}
			}
		})
	}
}

func TestConvertRejectsUnknownOutputKind(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in.scap")
	writeCapture(t, src, scap.CompressNone, sampleEvents()...)
	_, err := runScry(t, "convert", src, filepath.Join(dir, "out.txt"))
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "out.txt") {
		t.Errorf("error %v, want a usage error naming the output", err)
	}
	_, err = runScry(t, "convert", src, filepath.Join(dir, "o.scap"), "--compress", "lz4")
	if !errors.As(err, &ue) {
		t.Errorf("error %v, want a usage error for an unknown compression", err)
	}
}

func TestConvertKeepsEventsBeforeDamage(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in.scap")
	writeCapture(t, src, scap.CompressNone, sampleEvents()...)
	data, _ := os.ReadFile(src)
	cut := filepath.Join(dir, "cut.scap")
	os.WriteFile(cut, data[:len(data)-10], 0o644) // inside the last event block
	out := filepath.Join(dir, "out.scap")
	_, err := runScry(t, "convert", cut, out)
	var fe *scap.FormatError
	if !errors.As(err, &fe) || !errors.Is(err, scap.ErrTruncated) || !strings.Contains(err.Error(), "cut.scap") {
		t.Fatalf("error %v, want the truncation named", err)
	}
	got, _, _ := readBack(t, out)
	if len(got) != len(sampleEvents())-1 {
		t.Errorf("%d events kept, want %d", len(got), len(sampleEvents())-1)
	}
}
