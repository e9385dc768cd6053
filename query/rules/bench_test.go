package rules_test

import (
	"errors"
	"io"
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/rules"
	"github.com/scrylabs/scry/state"
)

// BenchmarkFalco0311Rules runs the 0.31.1 rule set over the corpus' largest capture,
// read into memory once: state engine plus rules, per event.
func BenchmarkFalco0311Rules(b *testing.B) {
	shared := sharedDirB(b)
	rs := rules.NewRuleset()
	if err := rs.LoadFile(filepath.Join(shared, "rules", "falco_rules-0.31.1.yaml")); err != nil {
		b.Fatal(err)
	}
	eng, _, _ := rs.Compile(nil)
	r, err := scap.Open(filepath.Join(shared, "corpus", "raw", "libs-sdk-go--httpd.scap"))
	if err != nil {
		b.Fatal(err)
	}
	var evs []event.Event
	var sec *scap.Section
	for {
		var ev event.Event
		if err := r.Next(&ev); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			b.Fatal(err)
		}
		if sec == nil {
			sec = r.Section()
		}
		evs = append(evs, ev.Clone())
	}
	r.Close()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		st := state.New(state.Options{})
		st.LoadSection(sec)
		for i := range evs {
			ctx := st.Process(&evs[i])
			eng.Process(ctx, st, func(*rules.Alert) {})
			st.EndEvent(ctx)
		}
		n += len(evs)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
