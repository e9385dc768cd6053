package filter_test

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// twins holds each filter compiled twice: with the default resolver, where checks on
// some fields read the state's strings in place, and through the fields' extractors.
type twins struct {
	texts              []string
	inPlace, extracted []*filter.Filter
}

func compileTwins(t *testing.T, texts []string) twins {
	t.Helper()
	tw := twins{texts: texts}
	for _, text := range texts {
		a, err := filter.Compile(text, nil)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		b, err := filter.Compile(text, &filter.Options{Resolver: registryByAnotherName{}})
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		tw.inPlace, tw.extracted = append(tw.inPlace, a), append(tw.extracted, b)
	}
	return tw
}

// sameMatches runs ev through eng and fails unless every pair of twins agrees on it; it
// returns how many filters matched.
func (tw twins) sameMatches(t *testing.T, eng *state.Engine, ev *event.Event, where string) (matched int) {
	t.Helper()
	ctx := eng.Process(ev)
	for i := range tw.inPlace {
		a, b := tw.inPlace[i].Match(ctx, eng), tw.extracted[i].Match(ctx, eng)
		if a != b {
			t.Fatalf("%s, event %d: %q is %v in place, %v through the extractor", where, ev.Num, tw.texts[i], a, b)
		}
		if a {
			matched++
		}
	}
	eng.EndEvent(ctx)
	return matched
}
