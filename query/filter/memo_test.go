package filter_test

import (
	"testing"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// countingResolver counts the extractions of the fields it resolves.
type countingResolver struct{ n *int }

type countingExtractor struct {
	fields.Extractor
	n *int
}

func (e countingExtractor) Extract(ctx *state.EventContext, view state.View, v *fields.Value) bool {
	*e.n++
	return e.Extractor.Extract(ctx, view, v)
}

func (r countingResolver) Lookup(expr string) (*fields.Field, int, error) {
	f, n, err := testResolver{}.Lookup(expr)
	if err == nil {
		f.Extractor = countingExtractor{Extractor: f.Extractor, n: r.n}
	}
	return f, n, err
}

// Filters sharing a Memo give the results they give alone, with Next called per event
// and also when a caller forgets it.
func TestMemoSharesMacros(t *testing.T) {
	w := newWorld(t)
	parse := func(s string) filter.Node {
		n, err := filter.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	macros := map[string]filter.Node{
		"file_io":   parse("fd.typechar = f and (evt.type in (open, close, write) or fd.name startswith /tmp)"),
		"cat_or_sh": parse("proc.name in (cat, bash)"),
		"type_only": parse("evt.type = open"),
	}
	texts := []string{
		"file_io and cat_or_sh",
		"not file_io and cat_or_sh",
		"file_io or type_only",
		"cat_or_sh and not type_only and evt.dir = <",
	}
	memo := filter.NewMemo()
	var sharedN, aloneN int
	var shared, alone []*filter.Filter
	for _, s := range texts {
		f, err := filter.Compile(s, &filter.Options{Resolver: countingResolver{&sharedN}, Macros: macros, Memo: memo})
		if err != nil {
			t.Fatal(err)
		}
		shared = append(shared, f)
		g, err := filter.Compile(s, &filter.Options{Resolver: countingResolver{&aloneN}, Macros: macros})
		if err != nil {
			t.Fatal(err)
		}
		alone = append(alone, g)
	}
	for _, next := range []bool{true, false} {
		for i, ctx := range w.events {
			if next {
				memo.Next()
			}
			for k := range texts {
				if got, want := shared[k].Match(ctx, w), alone[k].Match(ctx, w); got != want {
					t.Errorf("%s on event %d (Next called: %v): %v with the memo, %v alone", texts[k], i, next, got, want)
				}
			}
		}
	}
	if sharedN >= aloneN {
		t.Errorf("filters sharing a memo extracted fields %d times, alone %d: nothing was shared", sharedN, aloneN)
	}
	t.Logf("field extractions: %d with the memo, %d without", sharedN, aloneN)
}
