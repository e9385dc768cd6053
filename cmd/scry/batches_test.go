package main

import (
	"errors"
	"os"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// TestEachBatchCaptureThatShrinks cuts a mapped capture after it was opened: eachBatch
// hands out the events before the cut and ends with a truncation error, on one core and
// on two.
func TestEachBatchCaptureThatShrinks(t *testing.T) {
	for _, ahead := range []bool{false, true} {
		path := writeBusyCapture(t, 20000)
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := scap.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Mapped() {
			t.Fatalf("%s is not mapped", path)
		}
		if err := os.Truncate(path, st.Size()/2&^4095); err != nil {
			t.Fatal(err)
		}
		n := 0
		err = eachBatch(r, ahead, func(evs []event.Event, _ *scap.Section) error {
			for i := range evs {
				n += int(evs[i].Type()) & 1 // reads every event's bytes
				n++
			}
			return nil
		})
		r.Close()
		if !errors.Is(err, scap.ErrTruncated) {
			t.Fatalf("ahead %v: a capture cut while mapped ends with %v, want a truncation", ahead, err)
		}
		if n == 0 {
			t.Errorf("ahead %v: no event before the cut", ahead)
		}
	}
}
