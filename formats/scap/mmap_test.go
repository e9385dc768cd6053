package scap

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// mapEverything makes Open map every plain capture, with a window of window bytes, for
// the rest of the test.
func mapEverything(t *testing.T, window int) {
	t.Helper()
	oldMin, oldWindow := mapMinSize, mapWindow
	mapMinSize, mapWindow = 0, window
	t.Cleanup(func() { mapMinSize, mapWindow = oldMin, oldWindow })
}

// writeCapture writes data to a file of the test's own and returns its path.
func writeCapture(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "capture.scap")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// openRecorded opens path with Open and reads it to its end, through a ReadAhead when
// ahead is set.
func openRecorded(t *testing.T, path string, ahead bool) ([]event.Event, []*Section, error, *Reader) {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		return nil, nil, err, nil
	}
	t.Cleanup(func() { r.Close() })
	if !ahead {
		evs, secs, err := readRecorded(r)
		return evs, secs, err, r
	}
	a := NewReadAhead(r)
	defer a.Close()
	evs, secs, err := readRecorded(a)
	return evs, secs, err, r
}

// TestMappedReaderSameEvents checks that a mapped capture reads exactly as the same bytes
// read through a buffer, whole, truncated and corrupted, with windows small enough to
// slide many times (blocks cut by a window's end included), with and without ReadAhead.
func TestMappedReaderSameEvents(t *testing.T) {
	many := syntheticEvents(20000)
	bad := bytes.Clone(many)
	bad[len(bad)/2] ^= 0xff
	bad[len(bad)/2+1] ^= 0xff
	inputs := map[string][]byte{
		"synthetic":    many,
		"two sections": twoSections(),
		"truncated":    many[:len(many)-3],
		"cut in half":  many[:len(many)/2],
		"corrupted":    bad,
	}
	for _, window := range []int{64, 4093, 1 << 16, 1 << 30} {
		mapEverything(t, window)
		for name, data := range inputs {
			path := writeCapture(t, data)
			r1, err := NewReader(bytes.NewReader(data), path)
			if err != nil {
				t.Fatal(err)
			}
			want, wantSec, wantErr := readRecorded(r1)
			for _, ahead := range []bool{false, true} {
				got, gotSec, gotErr, r2 := openRecorded(t, path, ahead)
				if r2 != nil && r2.in.mapped == nil {
					t.Fatalf("%s: Open did not map the capture", name)
				}
				if len(got) != len(want) {
					t.Fatalf("%s, window %d, ahead %v: %d events, want %d", name, window, ahead, len(got), len(want))
				}
				for i := range want {
					if !sameEvent(&got[i], &want[i]) || gotSec[i].Index != wantSec[i].Index {
						t.Fatalf("%s, window %d, ahead %v: event %d differs", name, window, ahead, i)
					}
				}
				if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
					t.Fatalf("%s, window %d, ahead %v: ends with %v, want %v", name, window, ahead, gotErr, wantErr)
				}
			}
		}
	}
}

// TestSmallCapturesAreNotMapped checks the size threshold and that compressed captures
// are never mapped.
func TestSmallCapturesAreNotMapped(t *testing.T) {
	data := syntheticEvents(100)
	_, _, err, r := openRecorded(t, writeCapture(t, data), false)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(data)) < mapMinSize && r.in.mapped != nil {
		t.Errorf("a %d-byte capture was mapped (threshold %d)", len(data), mapMinSize)
	}
	mapEverything(t, 1<<30)
	_, _, err, r = openRecorded(t, writeCapture(t, gzipBytes(t, data)), false)
	if err != nil {
		t.Fatal(err)
	}
	if r.in.mapped != nil {
		t.Error("a gzip capture was mapped")
	}
	_, _, err, r = openRecorded(t, writeCapture(t, data), false)
	if err != nil {
		t.Fatal(err)
	}
	if r.in.mapped == nil {
		t.Error("a plain capture above the threshold was not mapped")
	}
}

// readShrinking reads a mapped capture whose file is cut to a third (at a page
// boundary) after Open, on a
// goroutine that takes faults as panics, and returns how many events it read and the
// error that ended it.
func readShrinking(t *testing.T, ahead bool) (int, error) {
	t.Helper()
	mapEverything(t, 1<<30)
	data := syntheticEvents(60000)
	path := writeCapture(t, data)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := os.Truncate(path, int64(len(data)/3)&^4095); err != nil { // at a page boundary: the next page faults
		t.Fatal(err)
	}
	type result struct {
		n   int
		err error
	}
	done := make(chan result)
	go func() {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		var res result
		defer func() { done <- res }()
		defer r.RecoverFault(&res.err)
		if ahead {
			a, err := NewFrameAhead(r)
			if err != nil {
				res.err = err
				return
			}
			defer a.Close()
			for {
				evs, err := a.Next()
				if err != nil {
					res.err = err
					return
				}
				for i := range evs {
					touch(&evs[i])
					res.n++
				}
			}
		}
		var ev event.Event
		for {
			if res.err = r.Next(&ev); res.err != nil {
				return
			}
			touch(&ev)
			res.n++
		}
	}()
	res := <-done
	return res.n, res.err
}

// TestMappedCaptureThatShrinks checks that a capture cut while it is mapped ends with a
// truncation error after the events before the cut, not with a crash.
func TestMappedCaptureThatShrinks(t *testing.T) {
	for _, ahead := range []bool{false, true} {
		n, err := readShrinking(t, ahead)
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("ahead %v: a shrunk capture ends with %v after %d events, want a *FormatError", ahead, err, n)
		}
		if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "shrank") {
			t.Errorf("ahead %v: %v, want the truncation of a file that shrank", ahead, err)
		}
		if n == 0 || n >= 60000 {
			t.Errorf("ahead %v: %d events before the error, want some but not all", ahead, n)
		}
	}
}
